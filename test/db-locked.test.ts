/**
 * The database file locked by another process (a backup tool, an operator's sqlite3 shell).
 * With the ingest journal (the default), ingest keeps acknowledging: the batches wait in the journal, survive
 * a kill, and are in the database once the lock goes. With the journal off, ingest answers 503 with
 * Retry-After (never a crash, never a 200 for an event it could not store), and once the lock is released
 * the retried batches are stored once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { SECRET_KEY, WRITE_KEY, freePort, seeded, startCollectorProcess, type CollectorProcess } from "./helpers/collector-process.ts";
import { ingestClient } from "./helpers/ingest-client.ts";
import { holdExclusiveLock } from "./helpers/sqlite-lock.ts";

const dataDir = mkdtempSync(join(tmpdir(), "uptake-locked-"));
let collector: CollectorProcess | undefined;
afterAll(async () => {
  await collector?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

const batch = (id: string) =>
  JSON.stringify({ writeKey: WRITE_KEY, batch: [{ type: "track", event: "Feature Used", messageId: id, userId: "locked-user", properties: { feature: "locked" } }] });

const exported = async (url: string, userId: string) => {
  const res = await fetch(`${url}/v1/users/${userId}/export`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
  return ((await res.json()).events as { messageId: string }[]).map((e) => e.messageId).sort();
};

it("with the journal, acknowledges while the lock is held, keeps the batches through a kill, and stores them after", async () => {
  const dir = mkdtempSync(join(tmpdir(), "uptake-locked-journal-"));
  const port = await freePort();
  let journaled = await startCollectorProcess({ dataDir: dir, port });
  try {
    const lock = await holdExclusiveLock(join(dir, "uptake.sqlite"));
    const during = await Promise.all(["j-1", "j-2", "j-3"].map((id) => fetch(`${journaled.url}/v1/batch`, { method: "POST", body: batch(id) })));
    expect(during.map((r) => r.status)).toEqual([200, 200, 200]);
    // The process dies before it could apply them; the lock goes while it is down.
    await journaled.kill("SIGKILL");
    await lock.release();
    journaled = await startCollectorProcess({ dataDir: dir, port });
    expect(await exported(journaled.url, "locked-user")).toEqual(["j-1", "j-2", "j-3"]);

    // Locked again while running: acknowledged at once, exported once the lock is released.
    const again = await holdExclusiveLock(join(dir, "uptake.sqlite"));
    expect((await fetch(`${journaled.url}/v1/batch`, { method: "POST", body: batch("j-4") })).status).toBe(200);
    const health = await fetch(`${journaled.url}/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).backlogBytes).toBeGreaterThan(0);
    // Held past SQLite's busy timeout (2 s), until the applier gives up once and says so; it tries again.
    for (let i = 0; i < 200 && !/cannot take writes now/.test(journaled.output()); i++) await new Promise((r) => setTimeout(r, 50));
    await again.release();
    expect(await exported(journaled.url, "locked-user")).toEqual(["j-1", "j-2", "j-3", "j-4"]);
    expect((await (await fetch(`${journaled.url}/health`)).json()).backlogBytes).toBe(0);
    expect(journaled.output()).toMatch(/cannot take writes now/);
    expect(journaled.output()).not.toMatch(/internal error|Unhandled|TypeError/);
  } finally {
    await journaled.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it("with the journal off, answers 503 with Retry-After while another process holds the lock, and recovers after it is released", async () => {
  collector = await startCollectorProcess({ dataDir, port: await freePort(), env: { UPTAKE_JOURNAL: "off" } });
  const { url } = collector;
  const before = await fetch(`${url}/v1/batch`, { method: "POST", body: batch("locked-0") });
  expect(before.status).toBe(200);

  const lock = await holdExclusiveLock(join(dataDir, "uptake.sqlite"));
  const during = await Promise.all(["locked-1", "locked-2", "locked-3"].map((id) => fetch(`${url}/v1/batch`, { method: "POST", body: batch(id) })));
  const answers = await Promise.all(during.map(async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json() })));
  expect(answers.map((a) => a.status)).toEqual([503, 503, 503]);
  for (const a of answers) {
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
    expect(a.body.success).toBe(false);
  }
  // Still up: the health probe reads (WAL readers are not blocked by a writer's lock).
  expect((await fetch(`${url}/health`)).status).toBe(200);

  // A client retrying as the SDK does keeps its batch until the lock goes away.
  const client = ingestClient({ url: () => url, writeKey: WRITE_KEY, random: seeded(7) });
  const delivering = client.deliver([4, 5, 6].map((n) => ({ messageId: `locked-${n}`, userId: "locked-user", feature: "locked" })));
  while (!client.statuses[503]) await new Promise((r) => setTimeout(r, 100));
  await lock.release();
  await delivering;
  for (const id of ["locked-1", "locked-2", "locked-3"]) expect((await fetch(`${url}/v1/batch`, { method: "POST", body: batch(id) })).status).toBe(200);

  const ids = await exported(url, "locked-user");
  console.log(`RELIABILITY db-locked: answers while locked=${answers.map((a) => a.status).join(",")} retries=${JSON.stringify(client.statuses)} stored=${ids.length}`);
  expect(ids).toEqual(["locked-0", "locked-1", "locked-2", "locked-3", "locked-4", "locked-5", "locked-6"]);
  expect(client.statuses[503]).toBeGreaterThan(0);
  expect(collector.output()).not.toMatch(/internal error|Unhandled|TypeError/);
}, 60_000);

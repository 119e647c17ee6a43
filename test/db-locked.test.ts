/**
 * The database file locked by another process: ingest answers 503 with Retry-After (never a crash, never a
 * 200 for an event it could not store), and once the lock is released the retried batches are stored once.
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

it("answers 503 with Retry-After while another process holds the lock, and recovers after it is released", async () => {
  collector = await startCollectorProcess({ dataDir, port: await freePort() });
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

  const res = await fetch(`${url}/v1/users/locked-user/export`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
  const ids = ((await res.json()).events as { messageId: string }[]).map((e) => e.messageId).sort();
  console.log(`RELIABILITY db-locked: answers while locked=${answers.map((a) => a.status).join(",")} retries=${JSON.stringify(client.statuses)} stored=${ids.length}`);
  expect(ids).toEqual(["locked-0", "locked-1", "locked-2", "locked-3", "locked-4", "locked-5", "locked-6"]);
  expect(client.statuses[503]).toBeGreaterThan(0);
  expect(collector.output()).not.toMatch(/internal error|Unhandled|TypeError/);
}, 60_000);

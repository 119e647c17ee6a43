/**
 * The ingest journal's promises: every acknowledged event is counted by the next read, survives a restart
 * once and only once, an erasure is not undone by a replay, a locked database only delays events (up to
 * the backlog limit, then 503), and a batch the database refuses is kept aside instead of blocking the rest.
 */
import Database from "better-sqlite3";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { bodyEvents } from "../../ingest/body-events.ts";
import { ev } from "../contract.ts";
import { StoreUnavailableError, type StoredEvent } from "../types.ts";
import { createJournaledSqliteStore } from "./index.ts";

const root = mkdtempSync(join(tmpdir(), "uptake-journal-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function place() {
  const dir = join(root, `case-${++n}`);
  const logged: string[] = [];
  const open = (maxBacklogBytes = 64 * 1024 * 1024) =>
    createJournaledSqliteStore({
      file: join(dir, "uptake.sqlite"),
      dir: join(dir, "journal"),
      maxBacklogBytes,
      log: (m) => logged.push(m),
    });
  return { dir, open, logged, file: join(dir, "uptake.sqlite") };
}

const batchFor = (userId: string, count: number) => Array.from({ length: count }, () => ev({ userId }));
const countIn = (file: string, userId: string) => {
  const db = new Database(file, { readonly: true });
  const count = (db.prepare("SELECT COUNT(*) FROM events WHERE user_id = ?").pluck().get(userId) as number);
  db.close();
  return count;
};

it("counts every acknowledged event in the next read, however many are still being applied", async () => {
  const { open } = place();
  const store = await open();
  await Promise.all(Array.from({ length: 40 }, () => store.append("p", batchFor("reader", 50))));
  expect(await store.exportUser("p", "reader")).toHaveLength(2000);
  await store.close();
});

it("applies at the next start what it acknowledged before a stop that could not apply it, once", async () => {
  const { open, file, logged } = place();
  const store = await open();
  const events = batchFor("restart", 30);
  // The database is held while the collector stops: its last drain cannot apply the 30 events, which exist
  // only in the journal when it has stopped.
  const lock = new Database(file);
  lock.exec("BEGIN EXCLUSIVE");
  await store.append("p", events);
  await store.close();
  expect(store.backlog()).toBeGreaterThan(0);
  lock.exec("COMMIT");
  lock.close();
  expect(countIn(file, "restart")).toBe(0);

  const again = await open();
  expect(logged.some((m) => /applying .* MB accepted before the last stop/.test(m))).toBe(true);
  expect(countIn(file, "restart")).toBe(30);
  // The same batch sent again (the SDK retrying a batch whose answer it never saw) still counts once.
  await again.append("p", events);
  expect(await again.exportUser("p", "restart")).toHaveLength(30);
  await again.close();
}, 30_000);

it("does not bring an erased person back when a crash left applied frames in the journal", async () => {
  const { dir, open } = place();
  const store = await open();
  await store.append("p", batchFor("erased", 5));
  await store.append("p", batchFor("kept", 3));
  expect(await store.eraseUser("p", "erased")).toBe(5);
  // What the journal holds now is what a crash would leave: the person's batches, then the erasure.
  const crashed = join(dir, "journal-at-crash");
  cpSync(join(dir, "journal"), crashed, { recursive: true });
  await store.close();
  rmSync(join(dir, "journal"), { recursive: true });
  renameSync(crashed, join(dir, "journal"));

  const again = await open();
  expect(await again.exportUser("p", "erased")).toEqual([]);
  expect(await again.exportUser("p", "kept")).toHaveLength(3);
  await again.close();
});

it("replays nothing after a clean stop", async () => {
  const { open, logged } = place();
  const store = await open();
  await store.append("p", batchFor("clean", 10));
  await store.close();
  const again = await open();
  expect(logged.filter((m) => /before the last stop/.test(m))).toEqual([]);
  expect(await again.exportUser("p", "clean")).toHaveLength(10);
  await again.close();
});

it("keeps acknowledging while the database is locked, up to its backlog limit, then answers unavailable", async () => {
  const { open, file, logged } = place();
  const store = await open(60_000);
  const lock = new Database(file);
  lock.exec("BEGIN EXCLUSIVE");
  let accepted = 0;
  let refused: unknown;
  for (let i = 0; i < 20 && !refused; i++) {
    try {
      await store.append("p", batchFor("locked", 50));
      accepted += 50;
    } catch (err) {
      refused = err;
    }
  }
  expect(accepted).toBeGreaterThan(0);
  expect(refused).toBeInstanceOf(StoreUnavailableError);
  expect(String((refused as Error).message)).toMatch(/ingest journal holds/);
  expect(countIn(file, "locked")).toBe(0);

  // Held past SQLite's busy timeout (2 s), until the applier gives up once and says so; it tries again.
  const waits = "ingest journal: the database cannot take writes now; accepted events wait in the journal";
  for (let i = 0; i < 200 && !logged.includes(waits); i++) await new Promise((r) => setTimeout(r, 50));
  lock.exec("COMMIT");
  lock.close();
  expect(await store.exportUser("p", "locked")).toHaveLength(accepted);
  expect(logged).toContain(waits);
  expect(logged).toContain("ingest journal: the database takes writes again");
  await store.close();
}, 30_000);

it("keeps a batch the database refuses aside, and applies the others", async () => {
  const { open, dir } = place();
  const store = await open();
  // Ingest validates timestamps, so this stands for a batch only a bug could produce.
  const broken = { ...ev({ userId: "broken" }), timestamp: "not a time" } as unknown as StoredEvent;
  await Promise.all([store.append("p", batchFor("before", 2)), store.append("p", [broken]), store.append("p", batchFor("after", 2))]);
  expect(await store.exportUser("p", "before")).toHaveLength(2);
  expect(await store.exportUser("p", "after")).toHaveLength(2);
  const rejected = join(dir, "journal", "rejected.jsonl");
  expect(existsSync(rejected)).toBe(true);
  const [line] = readFileSync(rejected, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(line.entry.e[0].userId).toBe("broken");
  expect(line.error).toMatch(/NOT NULL/);
  await store.close();
});

it("applies a batch kept as its body's text at the next start, once, and keeps aside one whose text no longer reads as a batch", async () => {
  const { open, file, dir } = place();
  const store = await open();
  const receivedAt = Date.parse("2026-11-23T10:00:00Z");
  const text = JSON.stringify({ batch: [1, 2, 3].map((i) => ({ type: "track", event: "Feature Used", messageId: `body-${i}`, userId: "body", timestamp: "2026-11-23T09:00:00Z" })) });
  const events = bodyEvents(JSON.parse(text), receivedAt);
  const lock = new Database(file);
  lock.exec("BEGIN EXCLUSIVE");
  // Acknowledged while the database is held, so only the journal has them when the collector stops.
  await store.appendBody!("p", { text, receivedAt }, events);
  // A text ingest would have refused: only a bug, or a later version reading an older journal, could leave one.
  await store.appendBody!("p", { text: '{"batch":[]}', receivedAt }, events);
  await store.close();
  lock.exec("COMMIT");
  lock.close();

  const again = await open();
  const stored = await again.exportUser("p", "body");
  expect(stored.map((e) => [e.messageId, e.timestamp, e.receivedAt])).toEqual([1, 2, 3].map((i) => [`body-${i}`, Date.parse("2026-11-23T09:00:00Z"), receivedAt]));
  await again.appendBody!("p", { text, receivedAt }, events);
  expect(await again.exportUser("p", "body")).toHaveLength(3);
  const [line] = readFileSync(join(dir, "journal", "rejected.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(line.entry.b).toEqual({ batch: [] });
  expect(line.error).toMatch(/no longer reads as a batch/);
  await again.close();
}, 30_000);

it("says it is warming while its analytics read their days ahead, and not once they hold them", async () => {
  const { dir, open } = place();
  const first = await open();
  await first.append("p", batchFor("ana", 3));
  await first.close();
  const store = await createJournaledSqliteStore({ file: join(dir, "uptake.sqlite"), dir: join(dir, "journal"), maxBacklogBytes: 1 << 20, log: () => {}, warm: true });
  expect(store.warming?.()).toBe(true);
  for (let i = 0; i < 2000 && store.warming?.(); i++) await new Promise((r) => setImmediate(r));
  expect(store.warming?.()).toBe(false);
  await store.close();
});

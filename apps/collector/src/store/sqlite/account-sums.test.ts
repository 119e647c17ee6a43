import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoEvents } from "../../demo-data/generate.ts";
import type { StoredEvent } from "../types.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-account-sums-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Sums = { account_id: string; users: number; last_login: number | null };

/** Each account's people and latest sign-in counted from users and account_days, as the answers did before 270. */
function counted(db: Database.Database): Sums[] {
  return db.prepare(
    `SELECT d.account_id,
       (SELECT count(*) FROM users u WHERE u.project_id = d.project_id AND u.account_id = d.account_id) AS users,
       (SELECT l.last_ts FROM account_days l WHERE l.project_id = d.project_id AND l.k = 'login' AND l.account_id = d.account_id
          ORDER BY l.day DESC LIMIT 1) AS last_login
     FROM accounts d ORDER BY d.account_id`,
  ).all() as Sums[];
}

const kept = (db: Database.Database) => db.prepare("SELECT account_id, users, last_login FROM accounts ORDER BY account_id").all() as Sums[];

describe("each account's people and latest sign-in, kept on its row (migration 270)", () => {
  const file = join(dir, "sums.sqlite");

  beforeAll(async () => {
    // Late and out-of-order events, anonymous visitors who identify later, people who switch account.
    const gen = generateDemoEvents({ seed: 11, events: 20_000, days: 60, end: Date.parse("2026-11-02T00:00:00Z"), batchSize: 500, lateShare: 0.05 });
    const store = createSqliteStore({ file });
    const batches: StoredEvent[][] = [];
    for (let r = gen.next(); !r.done; r = gen.next()) batches.push(r.value);
    for (const b of batches) await store.append("p", b);
    // Three people join another account, and an anonymous visitor signs in under one and identifies as a fourth.
    const db = new Database(file, { readonly: true });
    const list = db.prepare("SELECT actor, account_id FROM users WHERE account_id IS NOT NULL ORDER BY actor").all() as { actor: string; account_id: string }[];
    db.close();
    const target = list[0].account_id;
    const people = [...list.filter((p) => p.account_id !== target).slice(0, 3), list[0]];
    const at = Date.parse("2026-11-01T12:00:00Z");
    const event = (i: number, e: Partial<StoredEvent>): StoredEvent => ({
      messageId: `move-${i}`, type: "group", event: null, userId: null, anonymousId: null, accountId: null, timestamp: at + i,
      receivedAt: at + i, properties: {}, traits: {}, context: {}, ...e,
    }) as StoredEvent;
    await store.append("p", [
      ...people.slice(0, 3).map((p, i) => event(i, { userId: p.actor, accountId: people[3].account_id })),
      event(3, { type: "track", event: "Signed In", anonymousId: "anon-late", accountId: people[0].account_id }),
      event(4, { type: "identify", userId: people[3].actor, anonymousId: "anon-late" }),
    ]);
    await store.close();
  }, 120_000);

  it("equal what users and account_days count, through appends, merges and account switches", () => {
    const db = new Database(file, { readonly: true });
    const sums = kept(db);
    expect(sums.length).toBeGreaterThan(10);
    expect(sums.some((s) => s.users > 1)).toBe(true);
    expect(sums.some((s) => s.last_login !== null)).toBe(true);
    const moved = db.prepare("SELECT actor FROM events WHERE type = 'group' GROUP BY actor HAVING count(DISTINCT account_id) > 1").all();
    expect(moved.length).toBeGreaterThanOrEqual(3);
    expect(sums).toEqual(counted(db));
    db.close();
  });

  it("stay equal when people are erased, the account's latest sign-in among them", async () => {
    const db = new Database(file, { readonly: true });
    // For a few accounts, the person whose sign-in is the account's latest.
    const latest = db.prepare(
      `SELECT e.actor FROM accounts a JOIN events e ON e.project_id = a.project_id AND e.account_id = a.account_id
         AND e.type = 'track' AND e.event = 'Signed In' AND e.ts = a.last_login
       WHERE a.last_login IS NOT NULL ORDER BY a.account_id LIMIT 5`,
    ).pluck().all() as string[];
    db.close();
    expect(latest.length).toBe(5);
    const store = createSqliteStore({ file });
    for (const actor of new Set(latest)) await store.eraseUser("p", actor);
    const profiles = await store.accountProfiles("p", { from: "2026-09-01", to: "2026-11-01", tz: "UTC" });
    await store.close();
    const after = new Database(file, { readonly: true });
    const expected = counted(after);
    expect(kept(after)).toEqual(expected);
    after.close();
    expect(profiles.map((p) => ({ account_id: p.accountId, users: p.users, last_login: p.lastLogin }))).toEqual(expected);
  });

  it("are filled on migration as the writer keeps them", () => {
    const db = new Database(file);
    const before = kept(db);
    const sql = readFileSync(join(import.meta.dirname, "migrations/270_account_people_and_last_login.sql"), "utf8");
    db.exec(`UPDATE accounts SET users = -1, last_login = -1; ${sql.match(/UPDATE accounts SET[\s\S]*?LIMIT 1\);/)?.[0]}`);
    expect(kept(db)).toEqual(before);
    db.close();
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoEvents } from "../../demo-data/generate.ts";
import type { StoredEvent } from "../types.ts";
import { createSqliteStore } from "./index.ts";
import { rebuildRollups } from "./rebuild.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-rebuild-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every rollup row with something in it, in key order (rows the writer zeroed out count as absent). */
function rollupRows(file: string) {
  const db = new Database(file, { readonly: true });
  const q = (sql: string) => db.prepare(sql).raw().all();
  const rows = {
    actor_days: q("SELECT * FROM actor_days ORDER BY 1, 2, 3"),
    key_days: q("SELECT * FROM key_days ORDER BY 1, 2, 3, 4"),
    account_days: q("SELECT * FROM account_days ORDER BY 1, 2, 3, 4"),
    account_users: q("SELECT * FROM account_users ORDER BY 1, 2, 3, 4"),
    account_totals: q("SELECT * FROM account_totals WHERE events OR logins OR uses OR w0 ORDER BY 1, 2, 3"),
    actor_gaps: q("SELECT * FROM actor_gaps WHERE actors != 0 ORDER BY 1, 2, 3"),
    key_gaps: q("SELECT * FROM key_gaps WHERE actors != 0 OR uses != 0 ORDER BY 1, 2, 3, 4"),
    account_gaps: q("SELECT * FROM account_gaps WHERE accounts != 0 OR uses != 0 ORDER BY 1, 2, 3, 4"),
  };
  db.close();
  return rows;
}

describe("counting the rollups again in another zone's days", () => {
  const batches: StoredEvent[][] = [];
  const utcFile = join(dir, "utc.sqlite");
  const spFile = join(dir, "sp.sqlite");

  beforeAll(async () => {
    // Late and out-of-order events, anonymous visitors who identify later, people who switch account.
    const gen = generateDemoEvents({ seed: 5, events: 20_000, days: 60, end: Date.parse("2026-11-02T00:00:00Z"), batchSize: 500, lateShare: 0.05 });
    for (let r = gen.next(); !r.done; r = gen.next()) batches.push(r.value);
    for (const [file, timeZone] of [[utcFile, "UTC"], [spFile, "America/Sao_Paulo"]]) {
      const store = createSqliteStore({ file, timeZone });
      for (const b of batches) await store.append("p", b);
      await store.close();
    }
  }, 120_000);

  it("writes the rows that appending the same events in that zone wrote, with progress", () => {
    const progress: number[] = [];
    const { events } = rebuildRollups(utcFile, "America/Sao_Paulo", (p) => progress.push(p.events));
    expect(events).toBe(batches.flat().length);
    expect(progress.at(-1)).toBe(events);
    const rebuilt = rollupRows(utcFile);
    const appended = rollupRows(spFile);
    for (const table of Object.keys(appended) as (keyof typeof appended)[]) {
      expect(rebuilt[table].length, table).toBeGreaterThan(0);
      expect(rebuilt[table], table).toEqual(appended[table]);
    }
  });

  it("leaves the file in its new zone, and one stopped midway refuses to open until it is run again", async () => {
    expect(() => createSqliteStore({ file: utcFile, timeZone: "UTC" })).toThrow(/count them again in UTC days with `uptake rollups rebuild --zone UTC`/);
    const db = new Database(utcFile);
    db.prepare("UPDATE store_settings SET value = 'rebuilding:UTC' WHERE key = 'rollup_zone'").run();
    db.close();
    expect(() => createSqliteStore({ file: utcFile })).toThrow(/stopped midway\. Finish it with `uptake rollups rebuild --zone UTC`/);
    rebuildRollups(utcFile, "UTC");
    const store = createSqliteStore({ file: utcFile, timeZone: "UTC" });
    expect(store.rollupZone).toBe("UTC");
    await store.close();
  });
});

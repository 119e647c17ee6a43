import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { accountSegmentSql, compareText, jsonRows } from "./analytics-sql.ts";
import { migrate, openDatabase } from "./database.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-segment-sql-"));
const db = openDatabase(join(dir, "plan.sqlite"));
migrate(db);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("account segment filter", () => {
  // A subquery tied to the filtered row runs once per row: over 10 M events one segment's trailing weeks took 22 s.
  it.each(["account", "user"] as const)("reads the %s trait's accounts once, not once per row", (scope) => {
    const a = accountSegmentSql({ segment: { scope, trait: "tier", value: "high-touch" } }, "p1");
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT d.account_id, sum(d.events) FROM account_totals d WHERE d.project_id = ? AND d.day BETWEEN ? AND ?${a.sql} GROUP BY d.account_id`)
      .all("p1", 0, 100, ...a.params) as { detail: string }[];
    const details = plan.map((r) => r.detail).join(" | ");
    expect(details).toContain("LIST SUBQUERY");
    expect(details).not.toContain("CORRELATED");
  });
});

describe("rows as one JSON text", () => {
  it("hands over the same values as reading the rows one by one, nulls, large instants and quotes included", () => {
    const sql = "FROM (SELECT 1785741402664 AS ts, 'a\"b' AS s, NULL AS n UNION ALL SELECT 2, 'é😀', 3.5) WHERE ts > ?";
    const rows = jsonRows<[number, string, number | null]>(db, "ts, s, n", sql, [0]);
    expect(rows).toEqual(db.prepare(`SELECT ts, s, n ${sql}`).raw().all(0));
    expect(jsonRows(db, "ts", sql, [1e15])).toEqual([]);
  });

  it("orders texts as SQLite's BINARY collation does, also past the UTF-16 surrogates", () => {
    const texts = ["b", "a", "ab", "\uffff", "😀", "\ue000", "", "B"];
    const want = db.prepare(`SELECT value FROM json_each(?) ORDER BY value`).pluck().all(JSON.stringify(texts));
    expect([...texts].sort(compareText)).toEqual(want);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { accountSegmentSql } from "./analytics-sql.ts";
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

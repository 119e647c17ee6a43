import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The cluster layout cannot run here (it needs ZooKeeper and several servers), so its script is checked against
 * the single-server migrations it stands in for: a migration it does not mark applied would make each collector
 * create that migration's tables as plain tables on the one server it talks to, and a table it lacks would then
 * exist on that server alone.
 */
const HERE = import.meta.dirname;
const migrations = readdirSync(join(HERE, "migrations")).filter((f) => f.endsWith(".sql")).sort();
const cluster = readFileSync(join(HERE, "distributed.sql"), "utf8");

/** The tables and views the migrations leave behind, applied in order. */
function migratedNames(): Set<string> {
  const names = new Set<string>();
  for (const file of migrations) {
    const sql = readFileSync(join(HERE, "migrations", file), "utf8");
    for (const m of sql.matchAll(/\b(CREATE|DROP) (?:TABLE|MATERIALIZED VIEW|VIEW)(?: IF (?:NOT )?EXISTS)? \{db\}\.(\w+)/g)) {
      if (m[1] === "CREATE") names.add(m[2]);
      else names.delete(m[2]);
    }
  }
  return names;
}

describe("the cluster script (distributed.sql)", () => {
  it("marks every single-server migration applied", () => {
    const marked = /INSERT INTO uptake\.schema_migrations VALUES([^;]*);/.exec(cluster)?.[1] ?? "";
    expect(migrations.filter((f) => !marked.includes(`'${f}'`))).toEqual([]);
  });

  it("creates every table and view the migrations leave, under the name the collector reads", () => {
    const created = new Set([...cluster.matchAll(/CREATE (?:TABLE|MATERIALIZED VIEW) IF NOT EXISTS uptake\.(\w+)/g)].map((m) => m[1]));
    expect([...migratedNames()].filter((name) => !created.has(name)).sort()).toEqual([]);
  });
});

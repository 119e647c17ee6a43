/** Creates the database and applies migrations/*.sql in name order, recording each in schema_migrations. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resource } from "../../resources.ts";
import type { ClickHouseHttp } from "./http.ts";
import { ident, int, str } from "./sql.ts";

const MIGRATIONS = resource("store/clickhouse/migrations");

/** The statements of one migration file for database `db` (split on `;` at a line end; comments dropped). */
export function migrationStatements(file: string, db: string): string[] {
  return readFileSync(join(MIGRATIONS, file), "utf8")
    .replace(/^\s*--.*$/gm, "")
    .replaceAll("{db}", ident(db))
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Statements are idempotent, so two collectors starting together may both run a migration: the second
 * run changes nothing, and a doubled schema_migrations row is harmless. 18.16 has no ADD COLUMN IF NOT
 * EXISTS, so "column already exists" (code 44) from an ADD COLUMN counts as done.
 */
export async function migrate(root: ClickHouseHttp, db: string): Promise<void> {
  await root.exec(`CREATE DATABASE IF NOT EXISTS ${ident(db)}`);
  await root.exec(
    `CREATE TABLE IF NOT EXISTS ${ident(db)}.schema_migrations (name String, applied_at Int64) ENGINE = MergeTree ORDER BY name`,
  );
  const applied = new Set(
    (await root.query<{ name: string }>(`SELECT name FROM ${ident(db)}.schema_migrations`)).map((r) => r.name),
  );
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith(".sql")).sort()) {
    if (applied.has(file)) continue;
    for (const statement of migrationStatements(file, db)) await root.exec(statement).catch((err: Error & { code?: number }) => {
      if (!(err.code === 44 && /\bADD COLUMN\b/i.test(statement))) throw err;
    });
    await root.exec(`INSERT INTO ${ident(db)}.schema_migrations VALUES (${str(file)}, ${int(Date.now())})`);
  }
}

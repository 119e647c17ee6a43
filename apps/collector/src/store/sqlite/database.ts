/** Opens a SQLite file the way every connection of ours must: WAL, fsync on commit, a wait on a busy lock. */
import Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resource } from "../../resources.ts";

const MIGRATIONS = resource("store/sqlite/migrations");

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before we answer 200 (NORMAL may lose the last commits on power loss).
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 2000");
  // 32 MiB of pages instead of SQLite's 2 MiB: appends touch a leaf page per person, per account and per rollup
  // chain, and with 2 MiB every insert re-read its page from the OS (a 3 M-event load spent 29 s in the kernel
  // with 2 MiB, 18 s with 64 MiB). Since loads commit in larger groups, 16 MiB loads 4 M events as fast as
  // 64 MiB (41 k against 38 k events/s), and over 10 M events the routes answer as fast with either. Over 1 M,
  // the pages the routes read fit in 32 MiB but not in 16 (features by week: 72 ms against 109 ms), and 64 MiB
  // adds nothing but memory.
  db.pragma("cache_size = -32768");
  return db;
}

/** Applies the numbered .sql files not applied yet, each in its own transaction. */
export function migrate(db: Database.Database) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const applied = new Set(db.prepare("SELECT name FROM schema_migrations").pluck().all() as string[]);
  for (const name of readdirSync(MIGRATIONS).filter((f) => f.endsWith(".sql")).sort()) {
    if (applied.has(name)) continue;
    db.transaction(() => {
      db.exec(readFileSync(join(MIGRATIONS, name), "utf8"));
      db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(name, Date.now());
    })();
  }
}

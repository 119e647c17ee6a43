/**
 * Counting every stored event again into rollups of another zone's days: how a data file changes its rollup
 * zone (zone.ts), with the collector stopped. The events are read in time order and noted through the same
 * rollups code as appends, a group at a time, so the rows are what appends in that zone would have written.
 * While it runs the file's zone reads "rebuilding", which no store opens: an interrupted rebuild is
 * finished by running it again, never half-read.
 */
import type Database from "better-sqlite3";
import type { StoredEvent } from "../types.ts";
import { migrate, openDatabase } from "./database.ts";
import { createRollups } from "./rollups.ts";
import { REBUILDING } from "./zone.ts";

/** The tables keyed by rollup day, emptied before the events are counted again. */
const DAY_TABLES = [
  "actor_days", "key_days", "account_days", "account_users", "account_totals", "actor_gaps", "key_gaps", "account_gaps",
];
const GROUP = 50_000;

export type RebuildProgress = { events: number; total: number };

export function rebuildRollups(file: string, zone: string, onProgress?: (p: RebuildProgress) => void): { events: number } {
  const db = openDatabase(file);
  try {
    migrate(db);
    return rebuild(db, zone, onProgress);
  } finally {
    db.close();
  }
}

function rebuild(db: Database.Database, zone: string, onProgress?: (p: RebuildProgress) => void): { events: number } {
  const setZone = db.prepare("INSERT INTO store_settings (key, value) VALUES ('rollup_zone', ?) ON CONFLICT DO UPDATE SET value = excluded.value");
  db.transaction(() => {
    setZone.run(`${REBUILDING}${zone}`);
    for (const t of DAY_TABLES) db.exec(`DELETE FROM ${t}`);
  })();
  const total = db.prepare("SELECT count(*) FROM events").pluck().get() as number;
  const rollups = createRollups(db, zone);
  // Rows after a (project, time, rowid) position, so each group resumes where the last one stopped.
  const next = db.prepare(
    `SELECT rowid, project_id, actor, account_id, ts, type, event,
       CASE WHEN type = 'track' AND event = 'Feature Used' THEN json_extract(properties, '$.feature') END AS feature
     FROM events INDEXED BY events_by_time WHERE (project_id, ts, rowid) > (?, ?, ?) ORDER BY project_id, ts, rowid LIMIT ${GROUP}`,
  );
  type Row = { rowid: number; project_id: string; actor: string; account_id: string | null; ts: number; type: string; event: string | null; feature: unknown };
  let at: [string, number, number] = ["", -Infinity, 0];
  let done = 0;
  for (;;) {
    const rows = next.all(...at) as Row[];
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of rows) {
        const e = { type: r.type, event: r.event, timestamp: r.ts, properties: r.feature == null ? {} : { feature: r.feature } } as StoredEvent;
        rollups.note(r.project_id, r.actor, r.account_id, e);
      }
      rollups.flush();
    })();
    const last = rows[rows.length - 1];
    at = [last.project_id, last.ts, last.rowid];
    done += rows.length;
    onProgress?.({ events: done, total });
  }
  setZone.run(zone);
  return { events: done };
}

/**
 * The ceiling of loading through append(): the same seeded events written into the `events` table alone, with
 * the schema's indexes and the writer's own INSERT, in the commit groups the demo loader forms, durable as
 * append() is (WAL, synchronous FULL), but without what makes the routes fast (rollups, profiles, identity
 * merges). append() cannot load faster than this on the same machine.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BATCH, IN_FLIGHT } from "@uptake/collector/demo-data/load.ts";
import { generateDemoEvents } from "@uptake/collector/demo-data/generate.ts";
import { migrate, openDatabase } from "@uptake/collector/store/sqlite/database.ts";
import { INSERT_EVENT_SQL, eventJson } from "@uptake/collector/store/sqlite/writer.ts";
import type { StoredEvent } from "@uptake/collector/store/types.ts";

export type Ceiling = { events: number; eventsPerSecond: number; indexes: number };

export function eventsTableCeiling(
  dir: string, opts: { events: number; days: number; end: number; seed: number }, onProgress?: (events: number) => void,
): Ceiling {
  const file = join(dir, "events-only.sqlite");
  const db = openDatabase(file);
  try {
    migrate(db);
    const indexes = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events'").pluck().get() as number;
    const insert = db.prepare(INSERT_EVENT_SQL);
    const commit = db.transaction((group: StoredEvent[][]) => {
      for (const events of group) {
        for (const e of events) {
          insert.run("bench", e.messageId, e.type, e.event, e.userId ?? e.anonymousId, e.userId, e.anonymousId, e.accountId,
            e.timestamp, e.receivedAt, eventJson(e.properties), eventJson(e.traits), eventJson(e.context));
        }
      }
    });
    // The generator's own time is left out: only the writes are timed.
    let group: StoredEvent[][] = [];
    let events = 0;
    let ms = 0;
    const write = () => {
      const t = performance.now();
      commit.immediate(group);
      ms += performance.now() - t;
      events += group.reduce((n, b) => n + b.length, 0);
      group = [];
      onProgress?.(events);
    };
    for (const batch of generateDemoEvents({ ...opts, batchSize: BATCH })) {
      group.push(batch);
      if (group.length === IN_FLIGHT) write();
    }
    if (group.length) write();
    return { events, eventsPerSecond: Math.round(events / (ms / 1000)), indexes };
  } finally {
    db.close();
    // Gigabytes at 10 M events, beside the file the routes are timed on next.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

/** The SQLite engine of the EventStore: one file, WAL; appends go through the writer (writer.ts) in group commits. */
import type Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { ActiveDay, EventStore, Project, RangeQuery, StoredEvent } from "../types.ts";
import { DAY_MS, dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import { segmentClause } from "./segment.ts";
import { createSqliteWidgetStore } from "./widgets.ts";
import { createSqliteAnalytics } from "./analytics.ts";
import { createSqlitePrivacy } from "./privacy.ts";
import { migrate, openDatabase } from "./database.ts";
import { createWriter } from "./writer.ts";
import { groupCommit } from "./group-commit.ts";
import { toStoreError } from "./errors.ts";
import { registerZoneDay, rollupZone } from "./zone.ts";

/**
 * `timeZone`: the rollup zone of a new file (zone.ts); an existing file must have been created with it. `warm`: read
 * the recent days the analytics hold in memory in the background from the start, as the collector does (key-days.ts).
 */
export type SqliteOptions = { file: string; timeZone?: string; warm?: boolean };

/** Opens (and migrates) the SQLite store at `file`; `:memory:` works for tests. */
export function createSqliteStore({ file, timeZone, warm }: SqliteOptions): EventStore {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  let zone: string;
  try {
    migrate(db);
    zone = rollupZone(db, timeZone);
  } catch (err) {
    db.close();
    throw err;
  }
  registerZoneDay(db, zone);

  const st = {
    projectByWriteKey: db.prepare("SELECT * FROM projects WHERE write_key = ?"),
    projectBySecret: db.prepare("SELECT * FROM projects WHERE secret_key_hash = ?"),
    projectById: db.prepare("SELECT * FROM projects WHERE id = ?"),
    insertProject: db.prepare(
      "INSERT INTO projects (id, name, write_key, secret_key_hash, created_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (id) DO UPDATE SET write_key = excluded.write_key, secret_key_hash = excluded.secret_key_hash",
    ),
    userDays: db.prepare("SELECT day, actor FROM user_days WHERE project_id = ? AND day BETWEEN ? AND ?"),
    exportUser: db.prepare("SELECT * FROM events WHERE project_id = ? AND actor = ? ORDER BY ts, rowid"),
  };

  const writer = groupCommit(createWriter(db));
  const { stopWarming, warming, ...analytics } = createSqliteAnalytics(db, guard, zone, { warm });

  function guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(toStoreError(err));
    }
  }

  return {
    engine: "sqlite",
    rollupZone: zone,
    ...createSqliteWidgetStore(db, guard),
    ...analytics,
    ...createSqlitePrivacy(db, guard),
    ensureProject: (p) =>
      guard(() => {
        st.insertProject.run(p.id, p.name, p.writeKey, p.secretKeyHash, Date.now());
        return toProject(st.projectById.get(p.id) as ProjectRow);
      }),
    projectByWriteKey: (key) => guard(() => maybeProject(st.projectByWriteKey.get(key) as ProjectRow | undefined)),
    projectBySecretHash: (hash) => guard(() => maybeProject(st.projectBySecret.get(hash) as ProjectRow | undefined)),
    append: (projectId, events) =>
      events.length ? writer.append(projectId, events).catch((err) => Promise.reject(toStoreError(err))) : Promise.resolve({ inserted: 0, duplicates: 0 }),
    activeDays: (projectId, q) => guard(() => activeDays(db, projectId, q, zone, st.userDays)),
    eraseUser: (projectId, userId) => writer.eraseUser(projectId, userId).catch((err) => Promise.reject(toStoreError(err))),
    exportUser: (projectId, userId) => guard(() => (st.exportUser.all(projectId, userId) as EventRow[]).map(toEvent)),
    ping: () => guard(() => void db.prepare("SELECT 1").get()),
    warming,
    close: async () => {
      stopWarming();
      await writer.close();
      db.close();
    },
  };
}

function activeDays(db: Database.Database, projectId: string, q: RangeQuery, zone: string, userDays: Database.Statement): ActiveDay[] {
  const from = dayNumber(q.from);
  const to = dayNumber(q.to);
  const seg = segmentClause(q.segment, "d.actor", projectId);
  if (q.tz === zone) {
    const rows = seg
      ? db.prepare(`SELECT d.day, d.actor FROM user_days d WHERE d.project_id = ? AND d.day BETWEEN ? AND ? AND ${seg.where}`)
          .all(projectId, from, to, ...seg.whereParams)
      : userDays.all(projectId, from, to);
    return (rows as { day: number; actor: string }[]).map((r) => ({ actor: r.actor, day: isoDay(r.day) }));
  }
  // Another time zone: its days do not line up with the rollup's, so read the events themselves.
  const start = localDayStart(from, q.tz);
  const end = localDayStart(to + 1, q.tz);
  const sql = `SELECT d.actor, d.ts FROM events d WHERE d.project_id = ? AND d.ts >= ? AND d.ts < ?${seg ? ` AND ${seg.where}` : ""}`;
  const rows = db.prepare(sql).all(projectId, start, end, ...(seg?.whereParams ?? [])) as { actor: string; ts: number }[];
  const seen = new Set<string>();
  const out: ActiveDay[] = [];
  for (const r of rows) {
    const day = isoDay(localDayNumber(r.ts, q.tz));
    const key = `${r.actor}\u0000${day}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ actor: r.actor, day });
  }
  return out;
}

type ProjectRow = { id: string; name: string; write_key: string; secret_key_hash: string; settings: string };
type EventRow = {
  message_id: string; type: StoredEvent["type"]; event: string | null; user_id: string | null; anonymous_id: string | null;
  account_id: string | null; ts: number; received_at: number; properties: string; traits: string; context: string;
};

function toProject(r: ProjectRow): Project {
  return { id: r.id, name: r.name, writeKey: r.write_key, secretKeyHash: r.secret_key_hash, settings: JSON.parse(r.settings) };
}
function maybeProject(r: ProjectRow | undefined): Project | null {
  return r ? toProject(r) : null;
}
function toEvent(r: EventRow): StoredEvent {
  return {
    messageId: r.message_id, type: r.type, event: r.event, userId: r.user_id, anonymousId: r.anonymous_id,
    accountId: r.account_id, timestamp: r.ts, receivedAt: r.received_at,
    properties: JSON.parse(r.properties), traits: JSON.parse(r.traits), context: JSON.parse(r.context),
  };
}

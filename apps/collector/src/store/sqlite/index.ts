/** The SQLite engine of the EventStore: one file, WAL, one transaction per batch. */
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ActiveDay, AppendResult, EventStore, Project, RangeQuery, StoredEvent } from "../types.ts";
import { StoreUnavailableError } from "../types.ts";
import { DAY_MS, dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import { segmentClause } from "./segment.ts";
import { createSqliteWidgetStore } from "./widgets.ts";
import { createSqliteAnalytics } from "./analytics.ts";
import { createSqlitePrivacy } from "./privacy.ts";
import { createRollups } from "./rollups.ts";

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export type SqliteOptions = { file: string };

/** Opens (and migrates) the SQLite store at `file`; `:memory:` works for tests. */
export function createSqliteStore({ file }: SqliteOptions): EventStore {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // FULL: a commit is on disk before we answer 200 (NORMAL may lose the last commits on power loss).
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 2000");
  migrate(db);

  const st = {
    projectByWriteKey: db.prepare("SELECT * FROM projects WHERE write_key = ?"),
    projectBySecret: db.prepare("SELECT * FROM projects WHERE secret_key_hash = ?"),
    projectById: db.prepare("SELECT * FROM projects WHERE id = ?"),
    insertProject: db.prepare(
      "INSERT INTO projects (id, name, write_key, secret_key_hash, created_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (id) DO UPDATE SET write_key = excluded.write_key, secret_key_hash = excluded.secret_key_hash",
    ),
    identityOf: db.prepare("SELECT user_id FROM identities WHERE project_id = ? AND anonymous_id = ?").pluck(),
    insertIdentity: db.prepare("INSERT OR IGNORE INTO identities (project_id, anonymous_id, user_id) VALUES (?, ?, ?)"),
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO events (project_id, message_id, type, event, actor, user_id, anonymous_id, account_id,
         ts, received_at, properties, traits, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    bumpUserDay: db.prepare(
      `INSERT INTO user_days (project_id, day, actor, events) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET events = events + excluded.events`,
    ),
    accountOfUser: db.prepare("SELECT account_id FROM users WHERE project_id = ? AND actor = ?").pluck(),
    upsertUser: db.prepare(
      `INSERT INTO users (project_id, actor, traits, account_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET
         traits = json_patch(traits, excluded.traits),
         account_id = COALESCE(excluded.account_id, account_id),
         first_seen = MIN(first_seen, excluded.first_seen),
         last_seen = MAX(last_seen, excluded.last_seen)`,
    ),
    upsertAccount: db.prepare(
      `INSERT INTO accounts (project_id, account_id, traits, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET
         traits = json_patch(traits, excluded.traits),
         first_seen = MIN(first_seen, excluded.first_seen),
         last_seen = MAX(last_seen, excluded.last_seen)`,
    ),
    moveEvents: db.prepare("UPDATE events SET actor = ? WHERE project_id = ? AND actor = ?"),
    moveDays: db.prepare(
      `INSERT INTO user_days (project_id, day, actor, events)
         SELECT project_id, day, ?, events FROM user_days WHERE project_id = ? AND actor = ?
       ON CONFLICT DO UPDATE SET events = events + excluded.events`,
    ),
    dropDays: db.prepare("DELETE FROM user_days WHERE project_id = ? AND actor = ?"),
    anonProfile: db.prepare("SELECT * FROM users WHERE project_id = ? AND actor = ?"),
    dropUser: db.prepare("DELETE FROM users WHERE project_id = ? AND actor = ?"),
    userDays: db.prepare("SELECT day, actor FROM user_days WHERE project_id = ? AND day BETWEEN ? AND ?"),
    exportUser: db.prepare("SELECT * FROM events WHERE project_id = ? AND actor = ? ORDER BY ts, rowid"),
  };

  // Which user each anonymous id became, remembered so a batch does not ask SQLite once per event.
  // Cleared whenever a write fails or a user is erased, so it never disagrees with the table.
  const identityCache = new Map<string, string | null>();
  const rollups = createRollups(db);

  /** An anonymous visitor just identified: their earlier activity becomes the user's, counted once. */
  function mergeAnonymous(projectId: string, anonymousId: string, userId: string) {
    rollups.flush();
    st.moveEvents.run(userId, projectId, anonymousId);
    rollups.rebuildActor(projectId, userId, anonymousId);
    st.moveDays.run(userId, projectId, anonymousId);
    st.dropDays.run(projectId, anonymousId);
    const anon = st.anonProfile.get(projectId, anonymousId) as UserRow | undefined;
    if (!anon) return;
    st.dropUser.run(projectId, anonymousId);
    st.upsertUser.run(projectId, userId, anon.traits, anon.account_id, anon.first_seen, anon.last_seen);
  }

  /** The event's person; `merged` names an anonymous id this event has just tied to its user. */
  function resolveActor(projectId: string, e: StoredEvent): { actor: string; merged?: string } {
    const key = `${projectId}\u0000${e.anonymousId}`;
    if (e.userId != null) {
      let merged: string | undefined;
      if (e.anonymousId != null && identityCache.get(key) !== e.userId) {
        if (st.insertIdentity.run(projectId, e.anonymousId, e.userId).changes > 0) {
          mergeAnonymous(projectId, e.anonymousId, e.userId);
          merged = e.anonymousId;
        }
        remember(key, (st.identityOf.get(projectId, e.anonymousId) as string | undefined) ?? null);
      }
      return { actor: e.userId, merged };
    }
    let userId = identityCache.get(key);
    if (userId === undefined) remember(key, (userId = (st.identityOf.get(projectId, e.anonymousId) as string | undefined) ?? null));
    return { actor: userId ?? (e.anonymousId as string) };
  }

  function remember(key: string, userId: string | null) {
    if (identityCache.size > 100_000) identityCache.clear();
    identityCache.set(key, userId);
  }

  /**
   * One batch, all or nothing. Profiles and rollups are summed per person and per account across the batch
   * first, so a batch of 50 events from one browser costs one profile write, not fifty.
   */
  const appendTx = db.transaction((projectId: string, events: StoredEvent[]): AppendResult => {
    let inserted = 0;
    rollups.discard();
    const people = new Map<string, { first: number; last: number; traits: Record<string, unknown> | null; accountId: string | null }>();
    const accounts = new Map<string, { first: number; last: number; traits: Record<string, unknown> | null }>();
    const days = new Map<string, { day: number; actor: string; events: number }>();
    // Earlier events of this same batch may belong to the anonymous id just identified: move their sums too.
    const mergePending = (anonymousId: string, userId: string) => {
      const anon = people.get(anonymousId);
      if (anon) {
        people.delete(anonymousId);
        const user = people.get(userId);
        people.set(userId, user
          ? { first: Math.min(user.first, anon.first), last: Math.max(user.last, anon.last), traits: { ...anon.traits, ...user.traits }, accountId: user.accountId ?? anon.accountId }
          : anon);
      }
      for (const [key, d] of days) {
        if (d.actor !== anonymousId) continue;
        days.delete(key);
        const userKey = `${d.day}\u0000${userId}`;
        const existing = days.get(userKey);
        if (existing) existing.events += d.events;
        else days.set(userKey, { ...d, actor: userId });
      }
    };
    const accountOf = (actor: string) =>
      people.get(actor)?.accountId ?? ((st.accountOfUser.get(projectId, actor) as string | null | undefined) ?? null);

    for (const e of events) {
      const { actor, merged } = resolveActor(projectId, e);
      if (merged) mergePending(merged, actor);
      const accountId = e.type === "group" ? e.accountId : (e.accountId ?? accountOf(actor));
      const added = st.insertEvent.run(
        projectId, e.messageId, e.type, e.event, actor, e.userId, e.anonymousId, accountId,
        e.timestamp, e.receivedAt, JSON.stringify(e.properties), JSON.stringify(e.traits), JSON.stringify(e.context),
      ).changes;
      if (added === 0) continue;
      inserted++;
      rollups.add(projectId, actor, accountId, e);

      const day = Math.floor(e.timestamp / DAY_MS);
      const dayKey = `${day}\u0000${actor}`;
      const d = days.get(dayKey);
      if (d) d.events++;
      else days.set(dayKey, { day, actor, events: 1 });

      const person = people.get(actor) ?? { first: e.timestamp, last: e.timestamp, traits: null, accountId: null };
      person.first = Math.min(person.first, e.timestamp);
      person.last = Math.max(person.last, e.timestamp);
      if (e.type === "identify") person.traits = { ...person.traits, ...e.traits };
      if (e.type === "group") person.accountId = accountId;
      people.set(actor, person);

      if (accountId != null) {
        const account = accounts.get(accountId) ?? { first: e.timestamp, last: e.timestamp, traits: null };
        account.first = Math.min(account.first, e.timestamp);
        account.last = Math.max(account.last, e.timestamp);
        if (e.type === "group") account.traits = { ...account.traits, ...e.traits };
        accounts.set(accountId, account);
      }
    }
    for (const d of days.values()) st.bumpUserDay.run(projectId, d.day, d.actor, d.events);
    rollups.flush();
    for (const [actor, p] of people) {
      st.upsertUser.run(projectId, actor, JSON.stringify(p.traits ?? {}), p.accountId, p.first, p.last);
    }
    for (const [accountId, a] of accounts) {
      st.upsertAccount.run(projectId, accountId, JSON.stringify(a.traits ?? {}), a.first, a.last);
    }
    return { inserted, duplicates: events.length - inserted };
  });

  /**
   * Group commit: batches that arrive while the event loop is busy are written in one transaction, each
   * inside its own savepoint (still all-or-nothing per batch), so many clients share one fsync.
   */
  type Job = { projectId: string; events: StoredEvent[]; resolve(r: AppendResult): void; reject(e: unknown): void };
  let pending: Job[] = [];
  const commitGroup = db.transaction((jobs: Job[]) =>
    jobs.map((job) => {
      try {
        return { ok: true as const, result: appendTx(job.projectId, job.events) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  function flushPending() {
    const jobs = pending;
    pending = [];
    try {
      const outcomes = commitGroup.immediate(jobs);
      outcomes.forEach((o, i) => {
        if (o.ok) return jobs[i].resolve(o.result);
        identityCache.clear();
        rollups.forget();
        jobs[i].reject(toStoreError(o.error));
      });
    } catch (err) {
      identityCache.clear();
      rollups.forget();
      for (const job of jobs) job.reject(toStoreError(err));
    }
  }
  function enqueue(projectId: string, events: StoredEvent[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flushPending);
      pending.push({ projectId, events, resolve, reject });
    });
  }

  function guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(toStoreError(err));
    }
  }

  return {
    engine: "sqlite",
    ...createSqliteWidgetStore(db, guard),
    ...createSqliteAnalytics(db, guard),
    ...createSqlitePrivacy(db, guard),
    ensureProject: (p) =>
      guard(() => {
        st.insertProject.run(p.id, p.name, p.writeKey, p.secretKeyHash, Date.now());
        return toProject(st.projectById.get(p.id) as ProjectRow);
      }),
    projectByWriteKey: (key) => guard(() => maybeProject(st.projectByWriteKey.get(key) as ProjectRow | undefined)),
    projectBySecretHash: (hash) => guard(() => maybeProject(st.projectBySecret.get(hash) as ProjectRow | undefined)),
    append: (projectId, events) => (events.length ? enqueue(projectId, events) : Promise.resolve({ inserted: 0, duplicates: 0 })),
    activeDays: (projectId, q) => guard(() => activeDays(db, projectId, q, st.userDays)),
    eraseUser: (projectId, userId) =>
      guard(() =>
        db.transaction(() => {
          identityCache.clear();
          rollups.eraseActor(projectId, userId);
          const removed = db.prepare("DELETE FROM events WHERE project_id = ? AND actor = ?").run(projectId, userId).changes;
          db.prepare("DELETE FROM user_days WHERE project_id = ? AND actor = ?").run(projectId, userId);
          st.dropUser.run(projectId, userId);
          db.prepare("DELETE FROM identities WHERE project_id = ? AND user_id = ?").run(projectId, userId);
          return removed;
        })(),
      ),
    exportUser: (projectId, userId) => guard(() => (st.exportUser.all(projectId, userId) as EventRow[]).map(toEvent)),
    ping: () => guard(() => void db.prepare("SELECT 1").get()),
    close: () => guard(() => void db.close()),
  };
}

function activeDays(db: Database.Database, projectId: string, q: RangeQuery, userDays: Database.Statement): ActiveDay[] {
  const from = dayNumber(q.from);
  const to = dayNumber(q.to);
  const seg = segmentClause(q.segment, "d.actor");
  if (q.tz === "UTC") {
    const rows = seg
      ? db.prepare(`SELECT d.day, d.actor FROM user_days d ${seg.join} WHERE d.project_id = ? AND d.day BETWEEN ? AND ? AND ${seg.where}`)
          .all(...seg.params, projectId, from, to, ...seg.whereParams)
      : userDays.all(projectId, from, to);
    return (rows as { day: number; actor: string }[]).map((r) => ({ actor: r.actor, day: isoDay(r.day) }));
  }
  // Another time zone: local days do not line up with the UTC rollup, so read the events themselves.
  const start = localDayStart(from, q.tz);
  const end = localDayStart(to + 1, q.tz);
  const sql = `SELECT d.actor, d.ts FROM events d ${seg?.join ?? ""} WHERE d.project_id = ? AND d.ts >= ? AND d.ts < ?${seg ? ` AND ${seg.where}` : ""}`;
  const rows = db.prepare(sql).all(...(seg?.params ?? []), projectId, start, end, ...(seg?.whereParams ?? [])) as { actor: string; ts: number }[];
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

function migrate(db: Database.Database) {
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

function toStoreError(err: unknown): unknown {
  return isUnavailable(err) ? new StoreUnavailableError(String((err as Error).message), err) : err;
}

/** Errors that mean "the store cannot take writes now" (full disk, locked file, I/O): the SDK retries. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? "";
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY|NOMEM|CORRUPT|NOTADB)/.test(code) || /not open/.test(String(err));
}

type ProjectRow = { id: string; name: string; write_key: string; secret_key_hash: string; settings: string };
type UserRow = { traits: string; account_id: string | null; first_seen: number; last_seen: number };
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

/**
 * The SQLite writer: the only code that appends events or erases a person. A batch is stored whole or not
 * at all, with its rollups and profiles, and a caller hears back only after COMMIT.
 */
import type Database from "better-sqlite3";
import type { AppendResult, StoredEvent } from "../types.ts";
import { UNAVAILABLE_CODE } from "./errors.ts";
import { createRareVersions } from "./rare-versions.ts";
import { createRollups } from "./rollups.ts";

export type Batch = { projectId: string; events: StoredEvent[] };
/** An error as plain data: SQLite's code decides between 503 and 500. */
export type WriteError = { message: string; code?: string };
export type Outcome = { ok: true; result: AppendResult } | { ok: false; error: WriteError };


type Person = { first: number; last: number; traits: Record<string, unknown> | null; accountId: string | null };
/** `lastLogin`: the latest sign-in under the account in the group (accounts.last_login, migration 270). */
type Account = { first: number; last: number; traits: Record<string, unknown> | null; lastLogin: number | null };
/** One project's profile changes in the group being written, by actor and by account. */
type Profiles = { people: Map<string, Person>; accounts: Map<string, Account> };

/** The later of the stored and the group's latest sign-in; either may be NULL (SQL's MAX of a NULL is NULL). */
const LAST_LOGIN = "last_login = CASE WHEN last_login IS NULL OR excluded.last_login > last_login THEN COALESCE(excluded.last_login, last_login) ELSE last_login END";

/** Every event's row; OR IGNORE on the (project, messageId) index is what counts a redelivery once. */
export const INSERT_EVENT_SQL = `INSERT OR IGNORE INTO events (project_id, message_id, type, event, actor, user_id, anonymous_id, account_id,
  ts, received_at, properties, traits, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function createWriter(db: Database.Database) {
  const st = {
    identityOf: db.prepare("SELECT user_id FROM identities WHERE project_id = ? AND anonymous_id = ?").pluck(),
    insertIdentity: db.prepare("INSERT OR IGNORE INTO identities (project_id, anonymous_id, user_id) VALUES (?, ?, ?)"),
    insertEvent: db.prepare(INSERT_EVENT_SQL),
    accountOfUser: db.prepare("SELECT account_id FROM users WHERE project_id = ? AND actor = ?").pluck(),
    upsertUser: db.prepare(
      `INSERT INTO users (project_id, actor, traits, account_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET
         traits = json_patch(traits, excluded.traits),
         account_id = COALESCE(excluded.account_id, account_id),
         first_seen = MIN(first_seen, excluded.first_seen),
         last_seen = MAX(last_seen, excluded.last_seen)`,
    ),
    // Most people and accounts in a group send no traits: their rows keep theirs without a JSON patch.
    seenUser: db.prepare(
      `INSERT INTO users (project_id, actor, account_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET
         account_id = COALESCE(excluded.account_id, account_id),
         first_seen = MIN(first_seen, excluded.first_seen),
         last_seen = MAX(last_seen, excluded.last_seen)`,
    ),
    seenAccount: db.prepare(
      `INSERT INTO accounts (project_id, account_id, first_seen, last_seen, last_login) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen),
         ${LAST_LOGIN}`,
    ),
    upsertAccount: db.prepare(
      `INSERT INTO accounts (project_id, account_id, traits, first_seen, last_seen, last_login) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET
         traits = json_patch(traits, excluded.traits),
         first_seen = MIN(first_seen, excluded.first_seen),
         last_seen = MAX(last_seen, excluded.last_seen),
         ${LAST_LOGIN}`,
    ),
    moveEvents: db.prepare("UPDATE events SET actor = ? WHERE project_id = ? AND actor = ?"),
    anonProfile: db.prepare("SELECT * FROM users WHERE project_id = ? AND actor = ?"),
    dropUser: db.prepare("DELETE FROM users WHERE project_id = ? AND actor = ?"),
  };

  // Which user each anonymous id became, remembered so a batch does not ask SQLite once per event.
  // Cleared whenever a write fails, a user is erased or another connection writes, so it never disagrees
  // with the table.
  const identityCache = new Map<string, string | null>();
  const rollups = createRollups(db);
  const rare = createRareVersions(db);
  // What this process remembers of the tables holds only while no other connection writes them (the CLI's
  // demo load into the file a collector serves, say): SQLite's data_version tells.
  let dataVersion = -1;
  function checkOtherWriters() {
    const v = db.pragma("data_version", { simple: true }) as number;
    if (v === dataVersion) return;
    dataVersion = v;
    forgetCaches();
  }
  function forgetCaches() {
    identityCache.clear();
    rollups.forget();
    rare.forget();
  }

  // The profile changes of the group being written, per project, summed per person and account across all
  // its batches and written once at its end.
  const profiles = new Map<string, Profiles>();
  const profilesOf = (projectId: string) => {
    let p = profiles.get(projectId);
    if (!p) profiles.set(projectId, (p = { people: new Map(), accounts: new Map() }));
    return p;
  };

  /** An anonymous visitor just identified: their earlier activity becomes the user's, counted once. */
  function mergeAnonymous(projectId: string, anonymousId: string, userId: string) {
    rare.actor(projectId, anonymousId);
    st.moveEvents.run(userId, projectId, anonymousId);
    // What the group noted under the anonymous id is summed as the user's at flush; rows already in the
    // rollups are rebuilt from the events, so everything noted so far goes in first.
    if (rollups.hasDays(projectId, anonymousId)) {
      rollups.flush();
      rollups.rebuildActor(projectId, userId, anonymousId);
    } else rollups.moved(projectId, anonymousId, userId);
    mergePending(projectId, anonymousId, userId);
    const anon = st.anonProfile.get(projectId, anonymousId) as UserRow | undefined;
    if (!anon) return;
    st.dropUser.run(projectId, anonymousId);
    st.upsertUser.run(projectId, userId, anon.traits, anon.account_id, anon.first_seen, anon.last_seen);
  }

  /** The group's own sums for an anonymous id just identified move to its user too. */
  function mergePending(projectId: string, anonymousId: string, userId: string) {
    const { people } = profilesOf(projectId);
    const anon = people.get(anonymousId);
    if (!anon) return;
    people.delete(anonymousId);
    const user = people.get(userId);
    people.set(userId, user
      ? { first: Math.min(user.first, anon.first), last: Math.max(user.last, anon.last), traits: { ...anon.traits, ...user.traits }, accountId: user.accountId ?? anon.accountId }
      : anon);
  }

  /** The event's person, tying an anonymous id to its user the first time both come together. */
  function resolveActor(projectId: string, e: StoredEvent): string {
    if (e.anonymousId == null) return e.userId as string;
    const key = `${projectId}\u0000${e.anonymousId}`;
    if (e.userId != null) {
      if (identityCache.get(key) !== e.userId) {
        if (st.insertIdentity.run(projectId, e.anonymousId, e.userId).changes > 0) mergeAnonymous(projectId, e.anonymousId, e.userId);
        remember(key, (st.identityOf.get(projectId, e.anonymousId) as string | undefined) ?? null);
      }
      return e.userId;
    }
    let userId = identityCache.get(key);
    if (userId === undefined) remember(key, (userId = (st.identityOf.get(projectId, e.anonymousId) as string | undefined) ?? null));
    return userId ?? e.anonymousId;
  }

  function remember(key: string, userId: string | null) {
    if (identityCache.size > 100_000) identityCache.clear();
    identityCache.set(key, userId);
  }

  /** Stores one batch's events and notes their rollup and profile changes, written at the end of the group. */
  function appendBatch(projectId: string, events: StoredEvent[]): AppendResult {
    let inserted = 0;
    const { people, accounts } = profilesOf(projectId);
    for (const e of events) {
      const actor = resolveActor(projectId, e);
      let person = people.get(actor);
      const accountId = e.type === "group"
        ? e.accountId
        : (e.accountId ?? person?.accountId ?? ((st.accountOfUser.get(projectId, actor) as string | null | undefined) ?? null));
      const added = st.insertEvent.run(
        projectId, e.messageId, e.type, e.event, actor, e.userId, e.anonymousId, accountId,
        e.timestamp, e.receivedAt, eventJson(e.properties), eventJson(e.traits), eventJson(e.context),
      ).changes;
      if (added === 0) continue;
      inserted++;
      rollups.note(projectId, actor, accountId, e);
      rare.stored(projectId, e);

      if (!person) people.set(actor, (person = { first: e.timestamp, last: e.timestamp, traits: null, accountId: null }));
      if (e.timestamp < person.first) person.first = e.timestamp;
      if (e.timestamp > person.last) person.last = e.timestamp;
      if (e.type === "identify") person.traits = { ...person.traits, ...e.traits };
      if (e.type === "group") person.accountId = accountId;

      if (accountId != null) {
        let account = accounts.get(accountId);
        if (!account) accounts.set(accountId, (account = { first: e.timestamp, last: e.timestamp, traits: null, lastLogin: null }));
        if (e.timestamp < account.first) account.first = e.timestamp;
        if (e.timestamp > account.last) account.last = e.timestamp;
        if (e.type === "track" && e.event === "Signed In" && (account.lastLogin === null || e.timestamp > account.lastLogin)) account.lastLogin = e.timestamp;
        if (e.type === "group") account.traits = { ...account.traits, ...e.traits };
      }
    }
    return { inserted, duplicates: events.length - inserted };
  }

  /**
   * Group commit: the batches that arrived while the writer was busy are written in one transaction, so many
   * clients share one fsync, and their rollups and profiles are written once for the whole group. Any batch
   * that fails fails the transaction; commit() then writes each batch alone, so one bad batch fails only itself.
   */
  const commitGroup = db.transaction((batches: Batch[]): AppendResult[] => {
    checkOtherWriters();
    const results = batches.map((b) => appendBatch(b.projectId, b.events));
    for (const [projectId, { people, accounts }] of profiles) {
      for (const [actor, p] of people) {
        if (p.traits) st.upsertUser.run(projectId, actor, JSON.stringify(p.traits), p.accountId, p.first, p.last);
        else st.seenUser.run(projectId, actor, p.accountId, p.first, p.last);
      }
      for (const [accountId, a] of accounts) {
        if (a.traits) st.upsertAccount.run(projectId, accountId, JSON.stringify(a.traits), a.first, a.last, a.lastLogin);
        else st.seenAccount.run(projectId, accountId, a.first, a.last, a.lastLogin);
      }
    }
    rollups.flush();
    rare.flush();
    return results;
  });

  function attempt(batches: Batch[]): Outcome[] {
    try {
      return commitGroup.immediate(batches).map((result) => ({ ok: true, result }));
    } catch (err) {
      forgetCaches();
      return batches.map(() => ({ ok: false, error: plain(err) }));
    } finally {
      profiles.clear();
    }
  }

  return {
    commit(batches: Batch[]): Outcome[] {
      const outcomes = attempt(batches);
      const failed = outcomes[0];
      // A full disk or a locked file fails every batch alike: trying them one by one would only wait longer.
      if (batches.length === 1 || failed.ok || UNAVAILABLE_CODE.test(failed.error.code ?? "")) return outcomes;
      return batches.map((b) => attempt([b])[0]);
    },

    eraseUser(projectId: string, userId: string): number {
      return db.transaction(() => {
        forgetCaches();
        rollups.eraseActor(projectId, userId);
        rare.actor(projectId, userId);
        const removed = db.prepare("DELETE FROM events WHERE project_id = ? AND actor = ?").run(projectId, userId).changes;
        st.dropUser.run(projectId, userId);
        db.prepare("DELETE FROM identities WHERE project_id = ? AND user_id = ?").run(projectId, userId);
        rare.flush();
        return removed;
      })();
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;

/** Most events carry empty traits or context: skip the serializer for those. */
export function eventJson(o: Record<string, unknown>): string {
  for (const _ in o) return JSON.stringify(o);
  return "{}";
}

function plain(err: unknown): WriteError {
  return { message: String((err as Error)?.message ?? err), code: (err as { code?: string })?.code };
}

type UserRow = { traits: string; account_id: string | null; first_seen: number; last_seen: number };

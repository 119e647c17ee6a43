/**
 * The SQLite writer: the only code that appends events or erases a person. A batch is stored whole or not
 * at all, with its rollups and profiles, and a caller hears back only after COMMIT.
 */
import type Database from "better-sqlite3";
import type { AppendResult, StoredEvent } from "../types.ts";
import { createRollups } from "./rollups.ts";

export type Batch = { projectId: string; events: StoredEvent[] };
/** An error as plain data: SQLite's code decides between 503 and 500. */
export type WriteError = { message: string; code?: string };
export type Outcome = { ok: true; result: AppendResult } | { ok: false; error: WriteError };

export function createWriter(db: Database.Database) {
  const st = {
    identityOf: db.prepare("SELECT user_id FROM identities WHERE project_id = ? AND anonymous_id = ?").pluck(),
    insertIdentity: db.prepare("INSERT OR IGNORE INTO identities (project_id, anonymous_id, user_id) VALUES (?, ?, ?)"),
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO events (project_id, message_id, type, event, actor, user_id, anonymous_id, account_id,
         ts, received_at, properties, traits, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    anonProfile: db.prepare("SELECT * FROM users WHERE project_id = ? AND actor = ?"),
    dropUser: db.prepare("DELETE FROM users WHERE project_id = ? AND actor = ?"),
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
    };
    const accountOf = (actor: string) =>
      people.get(actor)?.accountId ?? ((st.accountOfUser.get(projectId, actor) as string | null | undefined) ?? null);

    for (const e of events) {
      const { actor, merged } = resolveActor(projectId, e);
      if (merged) mergePending(merged, actor);
      const accountId = e.type === "group" ? e.accountId : (e.accountId ?? accountOf(actor));
      const added = st.insertEvent.run(
        projectId, e.messageId, e.type, e.event, actor, e.userId, e.anonymousId, accountId,
        e.timestamp, e.receivedAt, json(e.properties), json(e.traits), json(e.context),
      ).changes;
      if (added === 0) continue;
      inserted++;
      rollups.add(projectId, actor, accountId, e);

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
   * Group commit: the batches that arrived while the writer was busy are written in one transaction, each
   * inside its own savepoint (still all-or-nothing per batch), so many clients share one fsync.
   */
  const commitGroup = db.transaction((batches: Batch[]) =>
    batches.map((b): Outcome => {
      try {
        return { ok: true, result: appendTx(b.projectId, b.events) };
      } catch (error) {
        return { ok: false, error: plain(error) };
      }
    }),
  );

  function forgetCaches() {
    identityCache.clear();
    rollups.forget();
  }

  return {
    commit(batches: Batch[]): Outcome[] {
      try {
        const outcomes = commitGroup.immediate(batches);
        if (outcomes.some((o) => !o.ok)) forgetCaches();
        return outcomes;
      } catch (err) {
        forgetCaches();
        return batches.map(() => ({ ok: false, error: plain(err) }));
      }
    },

    eraseUser(projectId: string, userId: string): number {
      return db.transaction(() => {
        forgetCaches();
        rollups.eraseActor(projectId, userId);
        const removed = db.prepare("DELETE FROM events WHERE project_id = ? AND actor = ?").run(projectId, userId).changes;
        st.dropUser.run(projectId, userId);
        db.prepare("DELETE FROM identities WHERE project_id = ? AND user_id = ?").run(projectId, userId);
        return removed;
      })();
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;

/** Most events carry empty traits or context: skip the serializer for those. */
function json(o: Record<string, unknown>): string {
  for (const _ in o) return JSON.stringify(o);
  return "{}";
}

function plain(err: unknown): WriteError {
  return { message: String((err as Error)?.message ?? err), code: (err as { code?: string })?.code };
}

type UserRow = { traits: string; account_id: string | null; first_seen: number; last_seen: number };

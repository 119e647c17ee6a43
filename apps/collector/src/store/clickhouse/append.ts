/**
 * append() for ClickHouse: which events are new, who they belong to, and the rows to write.
 *
 * Dedupe is a lookup before the insert (message_ids, keyed by project and id), not ReplacingMergeTree +
 * FINAL on reads, chosen by measurement at 1 M events: a 90-day raw read took 36–50 ms plain and
 * 190–270 ms with FINAL. And FINAL could not help the rollups at all: their materialized views count rows
 * as they are inserted, before any merge, so a duplicate must never reach the events table. The batch's
 * ids go to the server as an external table, not an IN list: parsing 10,000 literals took about 100 ms on
 * 18.16, reading them as data about 5 ms. The table is sorted by id, so ids that grow with time (ULIDs,
 * UUIDv7, the demo's counters) read a few granules per batch; random v4 ids read about one compressed block
 * each once the table outgrows the batch (measured at 10 M stored ids: 10,000 new random ids in 0.5–0.8 s,
 * counter ids in 7–30 ms). The SDK only retries after an answer (or a timeout), so a retry finds its first
 * attempt's ids. The one gap, two collectors inserting the same id at the same instant, is folded in the
 * raw table at its next merge (not in the rollups).
 */
import type { StoredEvent } from "../types.ts";
import { tsvField, tsvJson, type ClickHouseHttp } from "./http.ts";
import { Lines } from "./lines.ts";
import { membershipsOf, type Sql } from "./queries.ts";
import { ident, str } from "./sql.ts";
import { traitRows } from "./traits.ts";

const EVENT_COLUMNS = [
  "project_id", "message_id", "type", "event", "user_id", "anonymous_id", "account_id", "ts", "received_at",
  "properties", "traits", "context", "feature", "person",
] as const;

export type AppendPlan = {
  /** The messageIds written by this plan (the first of each id not stored yet), each with its index in the batch. */
  fresh: Map<string, number>;
  /** Per event of the batch, 1 if it is written. */
  written: Uint8Array;
  /** The events as TabSeparated lines in EVENT_COLUMNS order. */
  events: Buffer;
  identities: object[];
  userTraits: object[];
  accountTraits: object[];
  memberships: object[];
  /** What the plan read from the store: a plan made while an earlier one was being written is redone if they meet. */
  read: { anons: Set<string>; people: Set<string>; ties: string[] };
  /** Keys whose stored answers this plan's rows change (besides `fresh`); persons as written, one per event. */
  wrote: { persons: string[]; tied: Set<string>; members: Set<string> };
};

/**
 * Whether `next`, planned while `prev` was being written, may have read something `prev` writes: an id
 * `prev` stores, a visitor `prev` ties, the account of a person `prev` files a group call under or ties, a
 * visitor `next` ties who has events in `prev`. Only then does `next` have to be planned again.
 */
export function overlaps(next: AppendPlan, prev: AppendPlan): boolean {
  const [few, many] = next.fresh.size < prev.fresh.size ? [next.fresh, prev.fresh] : [prev.fresh, next.fresh];
  for (const id of few.keys()) if (many.has(id)) return true;
  for (const a of prev.wrote.tied) if (next.read.anons.has(a) || next.read.people.has(a)) return true;
  for (const m of prev.wrote.members) if (next.read.people.has(m)) return true;
  if (next.read.ties.length === 0) return false;
  const ties = new Set(next.read.ties);
  return prev.wrote.persons.some((p) => ties.has(p));
}

/** Reads what the batch needs to know from the store, then walks it in order as the SQLite engine does. */
export async function planAppend(
  http: ClickHouseHttp, s: Sql, batch: StoredEvent[], nextSeq: () => number,
): Promise<AppendPlan> {
  const db = ident(s.db);
  const project = str(s.project);
  const fresh = new Map<string, number>();
  const anons = new Set<string>();
  for (let i = 0; i < batch.length; i++) {
    const e = batch[i];
    if (fresh.get(e.messageId) === undefined) fresh.set(e.messageId, i);
    if (e.anonymousId != null) anons.add(e.anonymousId);
  }
  // One round trip for both: which ids are stored, and which of the batch's visitors are already tied.
  const [stored, known] = await Promise.all([
    http.query<{ message_id: string }>(
      `SELECT message_id FROM ${db}.message_ids WHERE project_id = ${project} AND message_id IN ids`,
      [{ name: "ids", column: "message_id", values: fresh.keys() }],
    ),
    anons.size
      ? http.query<{ anonymous_id: string; resolved_user: string }>(
          `SELECT anonymous_id, argMin(user_id, seq) AS resolved_user FROM ${db}.identities
           WHERE project_id = ${project} AND anonymous_id IN anons GROUP BY anonymous_id`,
          [{ name: "anons", column: "anonymous_id", values: anons }],
        )
      : [],
  ]);
  for (const r of stored) fresh.delete(r.message_id);
  const written = new Uint8Array(batch.length);
  for (const i of fresh.values()) written[i] = 1;
  const plan: AppendPlan = {
    fresh, written, events: Buffer.alloc(0), identities: [], userTraits: [], accountTraits: [], memberships: [],
    read: { anons, people: new Set(), ties: [] }, wrote: { persons: [], tied: new Set(), members: new Set() },
  };
  if (fresh.size === 0) return plan;

  const userOf = new Map(known.map((r) => [r.anonymous_id, r.resolved_user]));
  const ties: { anonymous_id: string; user_id: string; seq: number }[] = [];
  const tiedAt = new Set<number>();
  const needAccount = plan.read.people;
  const actors: string[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    if (!written[i]) continue;
    const e = batch[i];
    if (e.userId != null && e.anonymousId != null && !userOf.has(e.anonymousId)) {
      userOf.set(e.anonymousId, e.userId);
      tiedAt.add(i);
      ties.push({ anonymous_id: e.anonymousId, user_id: e.userId, seq: nextSeq() });
      plan.wrote.tied.add(e.anonymousId).add(e.userId);
    }
    const actor = e.userId ?? userOf.get(e.anonymousId as string) ?? (e.anonymousId as string);
    actors[i] = actor;
    if (e.type !== "group" && e.accountId == null) needAccount.add(actor);
  }
  // A visitor tied to a user in this batch brings their account along, so look theirs up too.
  if (needAccount.size) for (const i of tiedAt) needAccount.add(batch[i].anonymousId as string);
  plan.read.ties = ties.map((t) => t.anonymous_id);
  const [accounts, seen] = await Promise.all([
    needAccount.size
      ? http.query<{ who: string; account: string }>(`SELECT who, account FROM ${membershipsOf(s, "people")}`, [
          { name: "people", column: "who", values: needAccount },
        ])
      : [],
    // A visitor with events stored under their anonymous id before this tie: readers must map it (a late tie).
    ties.length
      ? http.query<{ person: string }>(
          `SELECT DISTINCT person FROM ${db}.persons WHERE project_id = ${project} AND person IN tied`,
          [{ name: "tied", column: "person", values: plan.read.ties }],
        )
      : [],
  ]);
  const accountOf = new Map(accounts.map((r) => [r.who, r.account]));
  const late = new Set(seen.map((r) => r.person));
  for (const tie of ties) plan.identities.push({ project_id: s.project, ...tie, late: late.has(tie.anonymous_id) ? 1 : 0 });

  const prefix = `${tsvField(s.project)}\t`;
  const lines = new Lines(batch.length * 160);
  const persons = plan.wrote.persons;
  for (let i = 0; i < batch.length; i++) {
    if (!written[i]) continue;
    const e = batch[i];
    const actor = actors[i];
    // Like the SQLite merge: the visitor's account carries over to the user they turned out to be.
    const anonAccount = tiedAt.has(i) ? accountOf.get(e.anonymousId as string) : undefined;
    if (anonAccount != null) accountOf.set(actor, anonAccount);
    const accountId = e.type === "group" ? e.accountId : (e.accountId ?? accountOf.get(actor) ?? null);
    if (e.type === "group" && accountId != null) {
      accountOf.set(actor, accountId);
      plan.wrote.members.add(actor);
      plan.memberships.push({ project_id: s.project, actor, account_id: accountId, seq: nextSeq() });
      for (const t of traitRows(e.traits)) plan.accountTraits.push({ project_id: s.project, account_id: accountId, ...t, seq: nextSeq() });
    }
    if (e.type === "identify") {
      for (const t of traitRows(e.traits)) plan.userTraits.push({ project_id: s.project, actor, ...t, seq: nextSeq() });
    }
    // Every tie of the batch is known by now, so a visitor's events before their identify count as the user's.
    const person = e.userId ?? userOf.get(e.anonymousId as string) ?? (e.anonymousId as string);
    persons.push(person);
    lines.push(`${prefix}${tsvField(e.messageId)}\t${e.type}\t${e.event == null ? "\\N" : tsvField(e.event)}\t${
      e.userId == null ? "" : tsvField(e.userId)}\t${e.anonymousId == null ? "" : tsvField(e.anonymousId)}\t${
      accountId == null ? "" : tsvField(accountId)}\t${e.timestamp}\t${e.receivedAt}\t${tsvJson(e.properties)}\t${
      tsvJson(e.traits)}\t${tsvJson(e.context)}\t${tsvField(featureOf(e))}\t${tsvField(person)}\n`);
  }
  plan.events = lines.bytes();
  return plan;
}

function featureOf(e: StoredEvent): string {
  const f = e.properties.feature;
  return e.type === "track" && e.event === "Feature Used" && typeof f === "string" ? f : "";
}

/**
 * Profiles first, events last: if the events insert fails the batch is answered 503 and retried whole,
 * and the profile rows it repeats are the same values again. ClickHouse answers an INSERT only after its
 * parts are written, so they survive a server crash; surviving the loss of a machine is the replicas' job
 * (insert_quorum, see distributed.sql).
 */
export async function writePlan(http: ClickHouseHttp, db: string, plan: AppendPlan): Promise<void> {
  await Promise.all([
    http.insert(`${ident(db)}.identities`, plan.identities),
    http.insert(`${ident(db)}.user_traits`, plan.userTraits),
    http.insert(`${ident(db)}.account_traits`, plan.accountTraits),
    http.insert(`${ident(db)}.memberships`, plan.memberships),
  ]);
  await http.insertTsv(`${ident(db)}.events`, EVENT_COLUMNS, plan.events);
}

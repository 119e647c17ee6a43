/**
 * The ClickHouse engine of the EventStore, for vendors who outgrow one SQLite file. Stateless: projects,
 * identities and traits live in ClickHouse too, so any number of collectors can serve the same database.
 */
import type { AppendResult, EventStore, Project, StoredEvent } from "../types.ts";
import { StoreUnavailableError } from "../types.ts";
import { createClickHouseAnalytics } from "./analytics.ts";
import { overlaps, planAppend, writePlan, type AppendPlan } from "./append.ts";
import { createClickHouseConfig } from "./config.ts";
import { eraseUser } from "./erase.ts";
import { createMutations } from "./mutations.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHousePrivacy } from "./privacy.ts";
import { eventsOfPerson, type Sql } from "./queries.ts";
import { migrate } from "./schema.ts";
import { ident, str } from "./sql.ts";
import { createClickHouseWidgets } from "./widgets.ts";

export type ClickHouseOptions = { url: string; database: string };

/** Opens the store; creates and migrates the database on first use (and again after ClickHouse was unreachable). */
export async function createClickHouseStore({ url, database }: ClickHouseOptions): Promise<EventStore> {
  ident(database);
  const root = createClickHouseHttp({ url });
  const http = createClickHouseHttp({ url, database });
  const mutations = createMutations(http, database, url);
  const db = ident(database);

  let ready: Promise<void> | null = null;
  const schema = () => {
    ready ??= migrate(root, database).catch((err) => {
      ready = null;
      throw err;
    });
    return ready;
  };
  try {
    await schema();
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
  }

  /** Versions for "latest wins" rows: microseconds since epoch, strictly increasing within this process. */
  let lastSeq = 0;
  const nextSeq = () => (lastSeq = Math.max(Date.now() * 1000, lastSeq + 1));
  const sql = (project: string): Sql => ({ db: database, project });

  async function run<T>(fn: () => Promise<T>): Promise<T> {
    await schema();
    return fn();
  }
  /** The same methods, each waiting for the schema first. */
  function awaitingSchema<T extends object>(methods: T): T {
    return Object.fromEntries(
      Object.entries(methods).map(([name, fn]: [string, (...args: unknown[]) => Promise<unknown>]) => [name, (...args: unknown[]) => run(() => fn(...args))]),
    ) as T;
  }

  async function findProject(where: string): Promise<Project | null> {
    const rows = await http.query<ProjectRow>(`SELECT * FROM ${db}.projects FINAL WHERE ${where} LIMIT 1`);
    return rows[0] ? toProject(rows[0]) : null;
  }

  /**
   * Appends take effect one after another in this process: a batch's identities, accounts and dedupe check
   * must see every earlier batch written, as they arrived (the SQLite engine's order, and the SDK's).
   * Batches that queued up go together as one plan and one INSERT per table (group commit). A group is
   * planned while earlier ones are being written, and up to WRITES groups are written at once, so lookups,
   * encoding and inserts overlap. A plan that meets a group still being written when it was planned
   * (overlaps(): an id, a visitor tie, an account or a late tie the earlier one writes) waits for that
   * write and is made again; one that meets none reads nothing those writes change, so it holds whether
   * they succeed or fail. Every batch of a group is answered only after the group is written, and all of
   * them fail together.
   */
  type Pending = { projectId: string; events: StoredEvent[]; done: (r: AppendResult) => void; fail: (err: unknown) => void };
  type Writing = { projectId: string; plan: AppendPlan; settled: Promise<void>; over: boolean };
  const pending: Pending[] = [];
  let draining = false;
  const GROUP_EVENTS = 40_000;
  const WRITES = 2;

  function takeGroup(): Pending[] {
    const group = [pending.shift() as Pending];
    let size = group[0].events.length;
    while (pending.length && pending[0].projectId === group[0].projectId && size + pending[0].events.length <= GROUP_EVENTS) {
      const next = pending.shift() as Pending;
      size += next.events.length;
      group.push(next);
    }
    return group;
  }

  /** Wakes a drain loop that waits on a write with nothing queued, so the newcomer is planned during the write. */
  let wake: (() => void) | null = null;

  /** A plan for `events` that meets none of the writes under way while it was made. */
  async function planBeside(projectId: string, events: StoredEvent[]): Promise<AppendPlan> {
    for (;;) {
      const during = writing.filter((w) => !w.over && w.projectId === projectId);
      const plan = await planAppend(http, sql(projectId), events, nextSeq);
      const met = during.filter((w) => overlaps(plan, w.plan));
      if (met.length === 0) return plan;
      await Promise.all(met.map((w) => w.settled));
    }
  }

  /** Writes under way, across drain loops: a loop that ran dry may leave one still being written. */
  let writing: Writing[] = [];

  async function drain() {
    draining = true;
    while (pending.length) {
      // Batches appended in the same turn of the event loop (a producer with several in flight) go together.
      await new Promise((r) => setImmediate(r));
      const group = takeGroup();
      const projectId = group[0].projectId;
      let plan: AppendPlan;
      try {
        plan = await planBeside(projectId, group.flatMap((g) => g.events));
      } catch (err) {
        fail(group, err);
        continue;
      }
      writing = writing.filter((w) => !w.over);
      while (writing.length >= WRITES) {
        await Promise.race(writing.map((w) => w.settled));
        writing = writing.filter((w) => !w.over);
      }
      const w: Writing = { projectId, plan, over: false, settled: Promise.resolve() };
      w.settled = writePlan(http, database, plan)
        .then(() => answer(group, plan), (err) => fail(group, err))
        .finally(() => void (w.over = true));
      writing.push(w);
      if (!pending.length) await Promise.race([...writing.map((x) => x.settled), new Promise<void>((r) => (wake = r))]);
      wake = null;
    }
    draining = false;
  }

  function fail(group: Pending[], err: unknown) {
    for (const g of group) g.fail(err);
  }

  function answer(group: Pending[], plan: AppendPlan) {
    let at = 0;
    for (const g of group) {
      let inserted = 0;
      for (let i = 0; i < g.events.length; i++) inserted += plan.written[at + i];
      at += g.events.length;
      g.done({ inserted, duplicates: g.events.length - inserted });
    }
  }

  function append(projectId: string, events: StoredEvent[]): Promise<AppendResult> {
    return new Promise((done, fail) => {
      pending.push({ projectId, events, done, fail });
      wake?.();
      if (!draining) void drain();
    });
  }

  async function exportUser(projectId: string, userId: string): Promise<StoredEvent[]> {
    const rows = await http.query<EventRow>(
      `SELECT message_id, type, event, user_id, anonymous_id, account_id, ts, received_at, properties, traits, context
       FROM ${db}.events WHERE ${eventsOfPerson(sql(projectId), userId)}
       ORDER BY ts, message_id LIMIT 1 BY message_id`,
    );
    return rows.map(toEvent);
  }

  return {
    engine: "clickhouse",
    ...awaitingSchema(createClickHouseAnalytics(http, database)),
    ...awaitingSchema(createClickHouseConfig(http, database, nextSeq)),
    ...awaitingSchema(createClickHouseWidgets(http, database)),
    ...awaitingSchema(createClickHousePrivacy(http, database, nextSeq, mutations)),
    ensureProject: (p) =>
      run(async () => {
        const [current] = (await http.query<ProjectRow>(`SELECT * FROM ${db}.projects FINAL WHERE id = ${str(p.id)}`)).map((r) => ({
          ...toProject(r), createdAt: r.created_at,
        }));
        await http.insert(`${db}.projects`, [{
          id: p.id,
          name: current?.name ?? p.name,
          write_key: p.writeKey,
          secret_key_hash: p.secretKeyHash,
          settings: JSON.stringify(current?.settings ?? {}),
          created_at: current?.createdAt ?? Date.now(),
          version: nextSeq(),
        }]);
        return { id: p.id, name: current?.name ?? p.name, writeKey: p.writeKey, secretKeyHash: p.secretKeyHash, settings: current?.settings ?? {} };
      }),
    projectByWriteKey: (key) => run(() => findProject(`write_key = ${str(key)}`)),
    projectBySecretHash: (hash) => run(() => findProject(`secret_key_hash = ${str(hash)}`)),
    append: (projectId, events) => run(() => append(projectId, events)),
    eraseUser: (projectId, userId) => run(() => eraseUser(http, sql(projectId), userId, mutations)),
    exportUser: (projectId, userId) => run(() => exportUser(projectId, userId)),
    ping: async () => void (await root.query("SELECT 1")),
    close: async () => {
      root.close();
      http.close();
    },
  };
}

type ProjectRow = { id: string; name: string; write_key: string; secret_key_hash: string; settings: string; created_at: number };
type EventRow = {
  message_id: string; type: StoredEvent["type"]; event: string | null; user_id: string; anonymous_id: string;
  account_id: string; ts: number; received_at: number; properties: string; traits: string; context: string;
};

function toProject(r: ProjectRow): Project {
  return { id: r.id, name: r.name, writeKey: r.write_key, secretKeyHash: r.secret_key_hash, settings: JSON.parse(r.settings) };
}

function toEvent(r: EventRow): StoredEvent {
  return {
    messageId: r.message_id, type: r.type, event: r.event, userId: r.user_id || null, anonymousId: r.anonymous_id || null,
    accountId: r.account_id || null, timestamp: r.ts, receivedAt: r.received_at,
    properties: JSON.parse(r.properties), traits: JSON.parse(r.traits), context: JSON.parse(r.context),
  };
}

/**
 * The analytics rollups of the SQLite engine (migrations 010, 013 to 015), kept at append time. A batch's contributions
 * are summed in memory first, so a batch of thousands of events costs one statement per rollup row touched,
 * and each new row gets its `prev` (previous day of the same chain) while the next row's `prev` is mended,
 * which keeps late and out-of-order events exact.
 */
import type Database from "better-sqlite3";
import type { StoredEvent } from "../types.ts";
import { DAY_MS } from "../../time.ts";

/** `ts`: which instants a row keeps — its latest event ("last"), its earliest and latest ("span"), or none. */
type Spec = { table: string; keys: readonly string[]; chain: readonly string[]; count: string; ts: "last" | "span" | null };

const SPECS = {
  user: { table: "actor_days", keys: ["actor"], chain: ["actor"], count: "n", ts: "span" },
  key: { table: "key_days", keys: ["k", "actor"], chain: ["k", "actor"], count: "n", ts: null },
  account: { table: "account_days", keys: ["k", "account_id"], chain: ["k", "account_id"], count: "n", ts: "last" },
  accountUser: { table: "account_users", keys: ["account_id", "actor"], chain: ["account_id", "actor"], count: "n", ts: null },
} as const satisfies Record<string, Spec>;

type SpecName = keyof typeof SPECS;
type Pending = { spec: SpecName; projectId: string; day: number; vals: string[]; n: number; firstTs: number; lastTs: number };

/** The rollup key of an event beside "any activity": 'login', 'f:<feature>', or null. */
export function eventKey(e: Pick<StoredEvent, "type" | "event" | "properties">): string | null {
  if (e.type !== "track") return null;
  if (e.event === "Signed In") return "login";
  if (e.event === "Feature Used") {
    const f = e.properties.feature;
    return typeof f === "string" && f !== "" ? `f:${f}` : null;
  }
  return null;
}

export function createRollups(db: Database.Database) {
  const stmts = Object.fromEntries(
    Object.entries(SPECS).map(([name, s]) => {
      const keyEq = s.keys.map((k) => `${k} = ?`).join(" AND ");
      const chainEq = s.chain.map((k) => `${k} = ?`).join(" AND ");
      const tsCols = s.ts === "span" ? ["first_ts", "last_ts"] : s.ts === "last" ? ["last_ts"] : [];
      const cols = ["project_id", "day", ...s.keys, s.count, ...tsCols, "prev"];
      const values = [`?, ?`, ...s.keys.map(() => "?"), "?", ...tsCols.map(() => "?")].join(", ");
      const tsSet = tsCols.map((c) => `, ${c} = ${c === "first_ts" ? "min" : "max"}(${c}, excluded.${c})`).join("");
      return [
        name,
        {
          // RETURNING the count tells a new row (count = what was added) from a bumped one.
          upsert: db.prepare(
            `INSERT INTO ${s.table} (${cols.join(", ")}) VALUES (${values}, ?)
             ON CONFLICT DO UPDATE SET ${s.count} = ${s.count} + excluded.${s.count}${tsSet}
             RETURNING ${s.count}`,
          ).pluck(),
          prevOf: db.prepare(`SELECT max(day) FROM ${s.table} INDEXED BY ${s.table}_chain WHERE project_id = ? AND ${chainEq} AND day < ?`).pluck(),
          setPrev: db.prepare(`UPDATE ${s.table} SET prev = ? WHERE project_id = ? AND day = ? AND ${keyEq}`),
          maxOf: db.prepare(`SELECT max(day) FROM ${s.table} INDEXED BY ${s.table}_chain WHERE project_id = ? AND ${chainEq}`).pluck(),
          mendNext: db.prepare(
            `UPDATE ${s.table} SET prev = ? WHERE project_id = ? AND ${chainEq} AND day =
               (SELECT min(day) FROM ${s.table} INDEXED BY ${s.table}_chain WHERE project_id = ? AND ${chainEq} AND day > ?)`,
          ),
        },
      ];
    }),
  ) as Record<SpecName, { upsert: Database.Statement; prevOf: Database.Statement; setPrev: Database.Statement; maxOf: Database.Statement; mendNext: Database.Statement }>;

  const rb = rebuildStatements(db);
  const pending = new Map<string, Pending>();
  // account_totals has no chain: a plain sum per account and day.
  const totals = new Map<string, { projectId: string; day: number; accountId: string; events: number; logins: number; uses: number }>();
  const upsertTotals = db.prepare(
    `INSERT INTO account_totals (project_id, day, account_id, events, logins, uses) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET events = events + excluded.events, logins = logins + excluded.logins, uses = uses + excluded.uses`,
  );
  // The last day written per chain by this process. A row past it has no later row (so no `prev` to mend)
  // and its own `prev` is that day: in-order data then costs one statement per rollup row. Cleared whenever
  // rows change other than through write() (merges, erasure), and when it grows too large.
  const lastDay = new Map<string, number>();

  function note(spec: SpecName, projectId: string, day: number, vals: string[], ts: number) {
    const id = `${day}\u0000${spec}\u0000${projectId}\u0000${vals.join("\u0000")}`;
    const p = pending.get(id);
    if (p) {
      p.n++;
      if (ts > p.lastTs) p.lastTs = ts;
      if (ts < p.firstTs) p.firstTs = ts;
    } else pending.set(id, { spec, projectId, day, vals, n: 1, firstTs: ts, lastTs: ts });
  }

  /** Chain values are the key values (every spec's chain equals its keys). */
  function write(p: Pending, chain: string) {
    const st = stmts[p.spec];
    const known = lastDay.get(chain);
    const after = known !== undefined && p.day > known;
    const kind = SPECS[p.spec].ts;
    const tsArgs = kind === "span" ? [p.firstTs, p.lastTs] : kind === "last" ? [p.lastTs] : [];
    const args = [p.projectId, p.day, ...p.vals, p.n, ...tsArgs];
    const count = st.upsert.get(...args, after ? known : null) as number;
    if (after) lastDay.set(chain, p.day);
    if (count !== p.n || after) return;
    // A new row not known to be the chain's last: find its prev and mend the next row's.
    st.setPrev.run(st.prevOf.get(p.projectId, ...p.vals, p.day) ?? null, p.projectId, p.day, ...p.vals);
    st.mendNext.run(p.day, p.projectId, ...p.vals, p.projectId, ...p.vals, p.day);
    if (known === undefined) {
      if (lastDay.size > 2_000_000) lastDay.clear();
      lastDay.set(chain, st.maxOf.get(p.projectId, ...p.vals) as number);
    }
  }

  return {
    /** Notes one newly stored event (call inside the append transaction, then flush()). */
    add(projectId: string, actor: string, accountId: string | null, e: StoredEvent) {
      const day = Math.floor(e.timestamp / DAY_MS);
      const key = eventKey(e);
      note("user", projectId, day, [actor], e.timestamp);
      if (key) note("key", projectId, day, [key, actor], e.timestamp);
      if (accountId != null) {
        note("account", projectId, day, ["*", accountId], e.timestamp);
        if (key) note("account", projectId, day, [key, accountId], e.timestamp);
        note("accountUser", projectId, day, [accountId, actor], e.timestamp);
        const id = `${day}\u0000${projectId}\u0000${accountId}`;
        let t = totals.get(id);
        if (!t) totals.set(id, (t = { projectId, day, accountId, events: 0, logins: 0, uses: 0 }));
        t.events++;
        if (key === "login") t.logins++;
        else if (key) t.uses++;
      }
    },

    /** Writes what add() noted; inside the same transaction. */
    flush() {
      for (const [id, p] of pending) write(p, id.slice(id.indexOf("\u0000") + 1));
      pending.clear();
      for (const t of totals.values()) upsertTotals.run(t.projectId, t.day, t.accountId, t.events, t.logins, t.uses);
      totals.clear();
    },

    /** Drops noted contributions of a batch that is being rolled back. */
    discard() {
      pending.clear();
      totals.clear();
    },

    /** Forgets what this process believes about chain ends (after a failed batch was rolled back). */
    forget() {
      pending.clear();
      totals.clear();
      lastDay.clear();
    },

    /**
     * Recomputes the actor-level rollups of `actor` from its events, after `absorbed` (an anonymous id) was
     * merged into it; account totals do not change when events change hands between actors.
     */
    rebuildActor(projectId: string, actor: string, absorbed: string) {
      // Nothing was filed under an anonymous id without events: the common first identify costs one read.
      if (!rb.hasDays.get(projectId, absorbed)) return;
      for (const who of [actor, absorbed]) {
        lastDay.delete(`user\u0000${projectId}\u0000${who}`);
        for (const k of rb.keysOf.all(projectId, who) as string[]) lastDay.delete(`key\u0000${projectId}\u0000${k}\u0000${who}`);
        for (const a of rb.accountsOf.all(projectId, who) as string[]) lastDay.delete(`accountUser\u0000${projectId}\u0000${a}\u0000${who}`);
        for (const del of rb.deletes) del.run(projectId, who);
      }
      for (const ins of rb.inserts) ins.run(projectId, actor);
    },

    /**
     * Removes an actor's contributions before their events are erased: their own rows go, and the account
     * rows they counted in are reduced (and re-chained where a row empties).
     */
    eraseActor(projectId: string, actor: string) {
      lastDay.clear();
      const parts = rb.contributions.all(projectId, actor, projectId, actor) as { day: number; k: string; account_id: string; n: number }[];
      const chains = new Set<string>();
      for (const p of parts) {
        rb.reduce.run(p.n, projectId, p.day, p.k, p.account_id);
        rb.dropEmpty.run(projectId, p.day, p.k, p.account_id);
        const [events, logins, uses] = p.k === "*" ? [p.n, 0, 0] : p.k === "login" ? [0, p.n, 0] : [0, 0, p.n];
        rb.reduceTotals.run(events, logins, uses, projectId, p.day, p.account_id);
        rb.dropEmptyTotals.run(projectId, p.day, p.account_id);
        chains.add(JSON.stringify([p.k, p.account_id]));
      }
      for (const c of chains) rb.rechain.run(projectId, ...(JSON.parse(c) as string[]));
      for (const del of rb.deletes) del.run(projectId, actor);
    },
  };
}

/** The same keys as eventKey(), in SQL over the events table. */
const KEY_SQL = "CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END";
const KEYED_SQL =
  "type = 'track' AND (event = 'Signed In' OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' " +
  "AND json_extract(properties, '$.feature') <> ''))";

/** Statements of the rare paths (identity merges, erasure), prepared once. */
function rebuildStatements(db: Database.Database) {
  return {
    hasDays: db.prepare("SELECT 1 FROM actor_days INDEXED BY actor_days_chain WHERE project_id = ? AND actor = ? LIMIT 1"),
    keysOf: db.prepare("SELECT DISTINCT k FROM key_days INDEXED BY key_days_chain WHERE project_id = ? AND actor = ?").pluck(),
    accountsOf: db.prepare("SELECT DISTINCT account_id FROM account_users INDEXED BY account_users_chain WHERE project_id = ? AND actor = ?").pluck(),
    // Without statistics the planner would scan the primary key: name the index that leads with the actor.
    deletes: ["actor_days", "key_days", "account_users"].map((t) => db.prepare(`DELETE FROM ${t} INDEXED BY ${t}_chain WHERE project_id = ? AND actor = ?`)),
    inserts: [
      `INSERT INTO actor_days (project_id, day, actor, n, first_ts, last_ts, prev)
       SELECT project_id, day, actor, n, first_ts, last_ts, LAG(day) OVER (ORDER BY day) FROM (
         SELECT project_id, CAST(floor(ts / ${DAY_MS}.0) AS INTEGER) AS day, actor, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM events
         WHERE project_id = ? AND actor = ? GROUP BY 1, 2, 3)`,
      `INSERT INTO key_days (project_id, day, k, actor, n, prev)
       SELECT project_id, day, k, actor, n, LAG(day) OVER (PARTITION BY k ORDER BY day) FROM (
         SELECT project_id, CAST(floor(ts / ${DAY_MS}.0) AS INTEGER) AS day, ${KEY_SQL} AS k, actor, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND ${KEYED_SQL} GROUP BY 1, 2, 3, 4)`,
      `INSERT INTO account_users (project_id, day, account_id, actor, n, prev)
       SELECT project_id, day, account_id, actor, n, LAG(day) OVER (PARTITION BY account_id ORDER BY day) FROM (
         SELECT project_id, CAST(floor(ts / ${DAY_MS}.0) AS INTEGER) AS day, account_id, actor, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3, 4)`,
    ].map((sql) => db.prepare(sql)),
    contributions: db.prepare(
      `SELECT CAST(floor(ts / ${DAY_MS}.0) AS INTEGER) AS day, '*' AS k, account_id, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3
       UNION ALL
       SELECT CAST(floor(ts / ${DAY_MS}.0) AS INTEGER) AS day, ${KEY_SQL} AS k, account_id, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL AND ${KEYED_SQL} GROUP BY 1, 2, 3`,
    ),
    reduce: db.prepare("UPDATE account_days SET n = n - ? WHERE project_id = ? AND day = ? AND k = ? AND account_id = ?"),
    dropEmpty: db.prepare("DELETE FROM account_days WHERE project_id = ? AND day = ? AND k = ? AND account_id = ? AND n <= 0"),
    reduceTotals: db.prepare(
      "UPDATE account_totals SET events = events - ?, logins = logins - ?, uses = uses - ? WHERE project_id = ? AND day = ? AND account_id = ?",
    ),
    dropEmptyTotals: db.prepare("DELETE FROM account_totals WHERE project_id = ? AND day = ? AND account_id = ? AND events <= 0"),
    rechain: db.prepare(
      `UPDATE account_days SET prev = (SELECT max(p.day) FROM account_days p INDEXED BY account_days_chain WHERE p.project_id = account_days.project_id
         AND p.k = account_days.k AND p.account_id = account_days.account_id AND p.day < account_days.day)
       WHERE project_id = ? AND k = ? AND account_id = ?`,
    ),
  };
}

export type Rollups = ReturnType<typeof createRollups>;

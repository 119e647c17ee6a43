/**
 * The analytics rollups of the SQLite engine (migrations 010, 013 to 015), kept at append time. The writer
 * stores a group of batches first and then calls apply() once for the events the group added: each rollup is
 * summed from those events in SQL and written set-based, so the cost is a few statements per group instead
 * of one or more per rollup row. Each new row gets its `prev` (previous day of the same chain) and the next
 * row's `prev` is mended where a late event opened an earlier day, which keeps late and out-of-order events
 * exact.
 */
import type Database from "better-sqlite3";
import { DAY_MS } from "../../time.ts";

/** The same keys as the SDK's semantic events: 'login' (Signed In), 'f:<feature>' (Feature Used), else NULL. */
const KEY_SQL = "CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END";
const KEYED_SQL =
  "type = 'track' AND (event = 'Signed In' OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' " +
  "AND json_extract(properties, '$.feature') <> ''))";
const DAY_SQL = `CAST(floor(ts / ${DAY_MS}.0) AS INTEGER)`;

/**
 * A chained rollup: `c1`, `c2` name its key columns in the temp tables (c2 '' where the key has one column),
 * `source` sums the appended events (temp.rollup_src) into (project_id, c1, c2, day, n, first_ts, last_ts).
 */
type Chained = { table: string; cols: [string, string | null]; ts: "span" | "last" | null; source: string };

const CHAINED: Chained[] = [
  {
    table: "actor_days", cols: ["actor", null], ts: "span",
    source: "SELECT project_id, actor, '', day, count(*), min(ts), max(ts) FROM temp.rollup_src GROUP BY project_id, actor, day",
  },
  {
    table: "key_days", cols: ["k", "actor"], ts: null,
    source: "SELECT project_id, k, actor, day, count(*), NULL, NULL FROM temp.rollup_src WHERE k IS NOT NULL GROUP BY project_id, k, actor, day",
  },
  {
    table: "account_days", cols: ["k", "account_id"], ts: "last",
    source: `SELECT project_id, '*', account_id, day, count(*), NULL, max(ts) FROM temp.rollup_src WHERE account_id IS NOT NULL
               GROUP BY project_id, account_id, day
             UNION ALL
             SELECT project_id, k, account_id, day, count(*), NULL, max(ts) FROM temp.rollup_src WHERE account_id IS NOT NULL AND k IS NOT NULL
               GROUP BY project_id, k, account_id, day`,
  },
  {
    table: "account_users", cols: ["account_id", "actor"], ts: null,
    source: "SELECT project_id, account_id, actor, day, count(*), NULL, NULL FROM temp.rollup_src WHERE account_id IS NOT NULL GROUP BY project_id, account_id, actor, day",
  },
];

export function createRollups(db: Database.Database) {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS rollup_src (project_id TEXT, actor TEXT, account_id TEXT, day INTEGER, k TEXT, ts INTEGER);
    CREATE TEMP TABLE IF NOT EXISTS rollup_group (
      project_id TEXT, c1 TEXT, c2 TEXT, day INTEGER, n INTEGER, first_ts INTEGER, last_ts INTEGER, lag INTEGER, le INTEGER,
      PRIMARY KEY (project_id, c1, c2, day)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS rollup_mend (project_id TEXT, c1 TEXT, c2 TEXT, day INTEGER, PRIMARY KEY (project_id, c1, c2, day)) WITHOUT ROWID;
  `);
  const source = db.prepare(
    `INSERT INTO temp.rollup_src (project_id, actor, account_id, day, k, ts)
     SELECT project_id, actor, account_id, ${DAY_SQL}, CASE WHEN ${KEYED_SQL} THEN ${KEY_SQL} END, ts FROM events WHERE rowid >= ?`,
  );
  const clear = ["rollup_src", "rollup_group", "rollup_mend"].map((t) => db.prepare(`DELETE FROM temp.${t}`));
  const totals = db.prepare(
    `INSERT INTO account_totals (project_id, day, account_id, events, logins, uses)
     SELECT project_id, day, account_id, count(*), count(*) FILTER (WHERE k = 'login'), count(*) FILTER (WHERE k <> 'login')
     FROM temp.rollup_src WHERE account_id IS NOT NULL GROUP BY project_id, account_id, day
     ON CONFLICT DO UPDATE SET events = events + excluded.events, logins = logins + excluded.logins, uses = uses + excluded.uses`,
  );
  const chained = CHAINED.map((s) => chainedStatements(db, s));
  const rb = rebuildStatements(db);

  return {
    /**
     * Adds the events stored since rowid `from` (inside the same transaction). Rowids only grow within a
     * transaction, so `rowid >= from` is exactly what the group appended.
     */
    apply(from: number) {
      for (const c of clear) c.run();
      if (source.run(from).changes === 0) return;
      for (const s of chained) {
        clear[1].run();
        clear[2].run();
        s.sum.run();
        s.upsert.run();
        if (s.findMends.run().changes > 0) s.mend.run();
      }
      totals.run();
    },

    /** Whether `actor` has rollup rows (an anonymous id that never had applied events has none). */
    hasDays: (projectId: string, actor: string) => rb.hasDays.get(projectId, actor) !== undefined,

    /**
     * Recomputes the actor-level rollups of `actor` from its events, after `absorbed` (an anonymous id) was
     * merged into it; account totals do not change when events change hands between actors. Every stored
     * event must be applied before (the rebuild reads them all).
     */
    rebuildActor(projectId: string, actor: string, absorbed: string) {
      for (const who of [actor, absorbed]) for (const del of rb.deletes) del.run(projectId, who);
      for (const ins of rb.inserts) ins.run(projectId, actor);
    },

    /**
     * Removes an actor's contributions before their events are erased: their own rows go, and the account
     * rows they counted in are reduced (and re-chained where a row empties).
     */
    eraseActor(projectId: string, actor: string) {
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

/**
 * The four statements of one chained rollup: sum the appended events per row (with, per row, the chain's
 * latest day up to it before this group: `le`, which is the row's own day when it exists), upsert them, then
 * find and mend the existing rows that now follow a new earlier row.
 */
function chainedStatements(db: Database.Database, s: Chained) {
  const [c1, c2] = s.cols;
  // Without statistics the planner would walk the primary key (day first): name the index that leads with the chain.
  const chain = (alias: string, other: string) =>
    `${alias}.project_id = ${other}.project_id AND ${alias}.${c1} = ${other}.c1${c2 ? ` AND ${alias}.${c2} = ${other}.c2` : ""}`;
  const keyCols = c2 ? `${c1}, ${c2}` : c1;
  const keyVals = c2 ? "c1, c2" : "c1";
  const tsCols = s.ts === "span" ? ", first_ts, last_ts" : s.ts === "last" ? ", last_ts" : "";
  const tsSet = s.ts === "span"
    ? ", first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)"
    : s.ts === "last" ? ", last_ts = max(last_ts, excluded.last_ts)" : "";
  const sameRow = (alias: string) =>
    `${alias}.project_id = m.project_id AND ${alias}.day = m.day AND ${alias}.${c1} = m.c1${c2 ? ` AND ${alias}.${c2} = m.c2` : ""}`;
  return {
    sum: db.prepare(
      `WITH g (project_id, c1, c2, day, n, first_ts, last_ts) AS (${s.source})
       INSERT INTO temp.rollup_group (project_id, c1, c2, day, n, first_ts, last_ts, lag, le)
       SELECT project_id, c1, c2, day, n, first_ts, last_ts,
         LAG(day) OVER (PARTITION BY project_id, c1, c2 ORDER BY day),
         (SELECT max(p.day) FROM ${s.table} p INDEXED BY ${s.table}_chain WHERE ${chain("p", "g")} AND p.day <= g.day)
       FROM g`,
    ),
    // A row that exists keeps its prev (ON CONFLICT leaves it); a new one takes the latest earlier day, of the
    // chain as stored or of this group.
    upsert: db.prepare(
      `INSERT INTO ${s.table} (project_id, day, ${keyCols}, n${tsCols}, prev)
       SELECT project_id, day, ${keyVals}, n${tsCols}, coalesce(max(lag, le), lag, le) FROM temp.rollup_group WHERE true
       ON CONFLICT DO UPDATE SET n = n + excluded.n${tsSet}`,
    ),
    // The row after each new row, unless that one is new too (its prev was set right on insert).
    findMends: db.prepare(
      `INSERT INTO temp.rollup_mend (project_id, c1, c2, day)
       SELECT DISTINCT project_id, c1, c2, next FROM (
         SELECT g.project_id, g.c1, g.c2,
           (SELECT min(p.day) FROM ${s.table} p INDEXED BY ${s.table}_chain WHERE ${chain("p", "g")} AND p.day > g.day) AS next
         FROM temp.rollup_group g WHERE g.le IS NOT g.day
       ) AS m
       WHERE next IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM temp.rollup_group n WHERE n.project_id = m.project_id AND n.c1 = m.c1 AND n.c2 = m.c2 AND n.day = m.next AND n.le IS NOT n.day)`,
    ),
    mend: db.prepare(
      `UPDATE ${s.table} AS t SET prev = (
         SELECT max(p.day) FROM ${s.table} p INDEXED BY ${s.table}_chain
         WHERE p.project_id = t.project_id AND p.${c1} = t.${c1}${c2 ? ` AND p.${c2} = t.${c2}` : ""} AND p.day < t.day)
       FROM temp.rollup_mend m WHERE ${sameRow("t")}`,
    ),
  };
}

/** Statements of the rare paths (identity merges, erasure), prepared once. */
function rebuildStatements(db: Database.Database) {
  return {
    hasDays: db.prepare("SELECT 1 FROM actor_days INDEXED BY actor_days_chain WHERE project_id = ? AND actor = ? LIMIT 1"),
    // Without statistics the planner would scan the primary key: name the index that leads with the actor.
    deletes: ["actor_days", "key_days", "account_users"].map((t) => db.prepare(`DELETE FROM ${t} INDEXED BY ${t}_chain WHERE project_id = ? AND actor = ?`)),
    inserts: [
      `INSERT INTO actor_days (project_id, day, actor, n, first_ts, last_ts, prev)
       SELECT project_id, day, actor, n, first_ts, last_ts, LAG(day) OVER (ORDER BY day) FROM (
         SELECT project_id, ${DAY_SQL} AS day, actor, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts FROM events
         WHERE project_id = ? AND actor = ? GROUP BY 1, 2, 3)`,
      `INSERT INTO key_days (project_id, day, k, actor, n, prev)
       SELECT project_id, day, k, actor, n, LAG(day) OVER (PARTITION BY k ORDER BY day) FROM (
         SELECT project_id, ${DAY_SQL} AS day, ${KEY_SQL} AS k, actor, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND ${KEYED_SQL} GROUP BY 1, 2, 3, 4)`,
      `INSERT INTO account_users (project_id, day, account_id, actor, n, prev)
       SELECT project_id, day, account_id, actor, n, LAG(day) OVER (PARTITION BY account_id ORDER BY day) FROM (
         SELECT project_id, ${DAY_SQL} AS day, account_id, actor, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3, 4)`,
    ].map((sql) => db.prepare(sql)),
    contributions: db.prepare(
      `SELECT ${DAY_SQL} AS day, '*' AS k, account_id, count(*) AS n FROM events
         WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3
       UNION ALL
       SELECT ${DAY_SQL} AS day, ${KEY_SQL} AS k, account_id, count(*) AS n FROM events
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

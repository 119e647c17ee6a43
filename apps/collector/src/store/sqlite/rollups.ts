/**
 * The analytics rollups of the SQLite engine (migration 010), kept at append time. A batch's contributions
 * are summed in memory first, so a batch of thousands of events costs one statement per rollup row touched,
 * and each new row gets its `prev` (previous day of the same chain) while the next row's `prev` is mended,
 * which keeps late and out-of-order events exact.
 */
import type Database from "better-sqlite3";
import type { StoredEvent } from "../types.ts";
import { DAY_MS } from "../../time.ts";

type Spec = { table: string; keys: readonly string[]; chain: readonly string[]; count: string; lastTs: boolean };

const SPECS = {
  user: { table: "actor_days", keys: ["actor"], chain: ["actor"], count: "n", lastTs: false },
  key: { table: "key_days", keys: ["k", "actor"], chain: ["k", "actor"], count: "n", lastTs: false },
  account: { table: "account_days", keys: ["k", "account_id"], chain: ["k", "account_id"], count: "n", lastTs: true },
  accountUser: { table: "account_users", keys: ["account_id", "actor"], chain: ["account_id", "actor"], count: "n", lastTs: false },
} as const satisfies Record<string, Spec>;

type SpecName = keyof typeof SPECS;
type Pending = { spec: SpecName; projectId: string; day: number; vals: string[]; n: number; lastTs: number };

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
      const cols = ["project_id", "day", ...s.keys, s.count, ...(s.lastTs ? ["last_ts"] : []), "prev"];
      const values = [`?, ?`, ...s.keys.map(() => "?"), "?", ...(s.lastTs ? ["?"] : [])].join(", ");
      return [
        name,
        {
          bump: db.prepare(
            `UPDATE ${s.table} SET ${s.count} = ${s.count} + ?${s.lastTs ? ", last_ts = max(last_ts, ?)" : ""}
             WHERE project_id = ? AND day = ? AND ${keyEq}`,
          ),
          insert: db.prepare(
            `INSERT INTO ${s.table} (${cols.join(", ")}) VALUES (${values},
               (SELECT max(day) FROM ${s.table} WHERE project_id = ? AND ${chainEq} AND day < ?))`,
          ),
          mendNext: db.prepare(
            `UPDATE ${s.table} SET prev = ? WHERE project_id = ? AND ${chainEq} AND day =
               (SELECT min(day) FROM ${s.table} WHERE project_id = ? AND ${chainEq} AND day > ?)`,
          ),
        },
      ];
    }),
  ) as Record<SpecName, { bump: Database.Statement; insert: Database.Statement; mendNext: Database.Statement }>;

  const pending = new Map<string, Pending>();

  function note(spec: SpecName, projectId: string, day: number, vals: string[], ts: number) {
    const id = `${spec}\u0000${projectId}\u0000${day}\u0000${vals.join("\u0000")}`;
    const p = pending.get(id);
    if (p) {
      p.n++;
      if (ts > p.lastTs) p.lastTs = ts;
    } else pending.set(id, { spec, projectId, day, vals, n: 1, lastTs: ts });
  }

  /** Chain values are the key values (every spec's chain equals its keys). */
  function write(p: Pending) {
    const s = SPECS[p.spec];
    const st = stmts[p.spec];
    const bumped = s.lastTs
      ? st.bump.run(p.n, p.lastTs, p.projectId, p.day, ...p.vals)
      : st.bump.run(p.n, p.projectId, p.day, ...p.vals);
    if (bumped.changes > 0) return;
    if (s.lastTs) st.insert.run(p.projectId, p.day, ...p.vals, p.n, p.lastTs, p.projectId, ...p.vals, p.day);
    else st.insert.run(p.projectId, p.day, ...p.vals, p.n, p.projectId, ...p.vals, p.day);
    st.mendNext.run(p.day, p.projectId, ...p.vals, p.projectId, ...p.vals, p.day);
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
      }
    },

    /** Writes what add() noted; inside the same transaction. */
    flush() {
      for (const p of pending.values()) write(p);
      pending.clear();
    },

    /** Drops noted contributions of a batch that is being rolled back. */
    discard() {
      pending.clear();
    },

    /**
     * Recomputes the actor-level rollups of `actor` from its events, after `absorbed` (an anonymous id) was
     * merged into it; account totals do not change when events change hands between actors.
     */
    rebuildActor(projectId: string, actor: string, absorbed: string) {
      // Nothing was filed under an anonymous id without events: the common first identify costs one read.
      if (!db.prepare("SELECT 1 FROM actor_days WHERE project_id = ? AND actor = ? LIMIT 1").get(projectId, absorbed)) return;
      for (const who of [actor, absorbed]) {
        db.prepare("DELETE FROM actor_days WHERE project_id = ? AND actor = ?").run(projectId, who);
        db.prepare("DELETE FROM key_days WHERE project_id = ? AND actor = ?").run(projectId, who);
        db.prepare("DELETE FROM account_users WHERE project_id = ? AND actor = ?").run(projectId, who);
      }
      db.prepare(
        `INSERT INTO actor_days (project_id, day, actor, n, prev)
         SELECT project_id, day, actor, n, LAG(day) OVER (ORDER BY day) FROM (
           SELECT project_id, ts / ${DAY_MS} AS day, actor, count(*) AS n FROM events
           WHERE project_id = ? AND actor = ? GROUP BY 1, 2, 3)`,
      ).run(projectId, actor);
      db.prepare(
        `INSERT INTO key_days (project_id, day, k, actor, n, prev)
         SELECT project_id, day, k, actor, n, LAG(day) OVER (PARTITION BY k ORDER BY day) FROM (
           SELECT project_id, ts / ${DAY_MS} AS day, ${KEY_SQL} AS k, actor, count(*) AS n FROM events
           WHERE project_id = ? AND actor = ? AND ${KEYED_SQL} GROUP BY 1, 2, 3, 4)`,
      ).run(projectId, actor);
      db.prepare(
        `INSERT INTO account_users (project_id, day, account_id, actor, n, prev)
         SELECT project_id, day, account_id, actor, n, LAG(day) OVER (PARTITION BY account_id ORDER BY day) FROM (
           SELECT project_id, ts / ${DAY_MS} AS day, account_id, actor, count(*) AS n FROM events
           WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3, 4)`,
      ).run(projectId, actor);
    },

    /**
     * Removes an actor's contributions before their events are erased: their own rows go, and the account
     * rows they counted in are reduced (and re-chained where a row empties).
     */
    eraseActor(projectId: string, actor: string) {
      const parts = db
        .prepare(
          `SELECT ts / ${DAY_MS} AS day, '*' AS k, account_id, count(*) AS n FROM events
             WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL GROUP BY 1, 2, 3
           UNION ALL
           SELECT ts / ${DAY_MS} AS day, ${KEY_SQL} AS k, account_id, count(*) AS n FROM events
             WHERE project_id = ? AND actor = ? AND account_id IS NOT NULL AND ${KEYED_SQL} GROUP BY 1, 2, 3`,
        )
        .all(projectId, actor, projectId, actor) as { day: number; k: string; account_id: string; n: number }[];
      const reduce = db.prepare("UPDATE account_days SET n = n - ? WHERE project_id = ? AND day = ? AND k = ? AND account_id = ?");
      const chains = new Set<string>();
      for (const p of parts) {
        reduce.run(p.n, projectId, p.day, p.k, p.account_id);
        chains.add(JSON.stringify([p.k, p.account_id]));
      }
      db.prepare("DELETE FROM account_days WHERE project_id = ? AND n <= 0").run(projectId);
      const rechain = db.prepare(
        `UPDATE account_days SET prev = (SELECT max(p.day) FROM account_days p WHERE p.project_id = account_days.project_id
           AND p.k = account_days.k AND p.account_id = account_days.account_id AND p.day < account_days.day)
         WHERE project_id = ? AND k = ? AND account_id = ?`,
      );
      for (const c of chains) rechain.run(projectId, ...(JSON.parse(c) as string[]));
      db.prepare("DELETE FROM actor_days WHERE project_id = ? AND actor = ?").run(projectId, actor);
      db.prepare("DELETE FROM key_days WHERE project_id = ? AND actor = ?").run(projectId, actor);
      db.prepare("DELETE FROM account_users WHERE project_id = ? AND actor = ?").run(projectId, actor);
    },
  };
}

/** The same keys as eventKey(), in SQL over the events table. */
const KEY_SQL = "CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END";
const KEYED_SQL =
  "type = 'track' AND (event = 'Signed In' OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' " +
  "AND json_extract(properties, '$.feature') <> ''))";

export type Rollups = ReturnType<typeof createRollups>;

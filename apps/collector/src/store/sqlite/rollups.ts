/**
 * The analytics rollups of the SQLite engine (migrations 010, 013 to 015, 040, 070, 090, 091), kept at append
 * time, by calendar day in the file's rollup zone (migration 100, zone.ts). The writer notes each stored event;
 * flush() sums what a whole group commit noted, per rollup row, and writes each row once. A chain (one actor, one
 * key, one account…) costs at most one lookup of its latest stored day, then remembered: rows past it are new
 * and chained in memory; a row at or before it (a late event) takes the careful path, which finds its `prev` and
 * mends the next row's. The gap counts of 014 are summed the same way and written once per (day, key, prev),
 * which keeps late and out-of-order events exact without a trigger per row.
 */
import type Database from "better-sqlite3";
import type { StoredEvent } from "../types.ts";
import { registerZoneDay, rollupZone, zoneDaySql } from "./zone.ts";

/** account_totals' counts of users by days since their previous day under the account (migration 090). */
export const W_COLS = ["w0", "w1", "w2", "w3", "w4", "w5", "w6"] as const;

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

/** One rollup row being summed: its day (in the rollup zone), events, and earliest and latest instants. */
type Cell = { day: number; n: number; first: number; last: number };
/** Chains by their two key values (the first is '' where a table keys its chain by one column). */
type Chains = Map<string, Map<string, Cell[]>>;
type Sums = { actor: Chains; key: Chains; account: Chains; accountUser: Chains; totals: Map<string, Map<number, Totals>> };
type Totals = { events: number; logins: number; uses: number };

/** How a rollup table is keyed: `cols` are its chain columns (the chain is the row key without the day). */
type Spec = { table: string; cols: readonly [string] | readonly [string, string]; ts: "span" | "last" | null; gaps: "actor" | "key" | "account" | "accountUser" };
const SPECS = {
  actor: { table: "actor_days", cols: ["actor"], ts: "span", gaps: "actor" },
  key: { table: "key_days", cols: ["k", "actor"], ts: null, gaps: "key" },
  account: { table: "account_days", cols: ["k", "account_id"], ts: "last", gaps: "account" },
  accountUser: { table: "account_users", cols: ["account_id", "actor"], ts: null, gaps: "accountUser" },
} as const satisfies Record<string, Spec>;
type SpecName = keyof typeof SPECS;

/** `zone`: the days to count in (rebuild.ts names the new one); by default the file's rollup zone. */
export function createRollups(db: Database.Database, zone = rollupZone(db)) {
  const dayOf = registerZoneDay(db, zone);
  const st = Object.fromEntries(Object.entries(SPECS).map(([name, s]) => [name, specStatements(db, s)])) as Record<SpecName, ReturnType<typeof specStatements>>;
  // One statement for an account-day's counts and its w0..w6, so each row changes once per flush.
  const upsertTotals = db.prepare(
    `INSERT INTO account_totals (project_id, day, account_id, events, logins, uses, ${W_COLS.join(", ")}) VALUES (?, ?, ?, ?, ?, ?, ${W_COLS.map(() => "?").join(", ")})
     ON CONFLICT DO UPDATE SET events = events + excluded.events, logins = logins + excluded.logins, uses = uses + excluded.uses,
       ${W_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`,
  );
  const addKeyGap = db.prepare(
    `INSERT INTO key_gaps (project_id, day, k, prev, actors, uses) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET actors = actors + excluded.actors, uses = uses + excluded.uses`,
  );
  const addActorGap = db.prepare(
    `INSERT INTO actor_gaps (project_id, day, prev, actors) VALUES (?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET actors = actors + excluded.actors`,
  );
  const addAccountGap = db.prepare(
    `INSERT INTO account_gaps (project_id, day, k, prev, accounts, uses) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET accounts = accounts + excluded.accounts, uses = uses + excluded.uses`,
  );
  const rb = rebuildStatements(db, zoneDaySql(zone, "ts"));

  // The latest stored row of each chain this process has written or looked up (null: no row yet; its prev
  // undefined until needed), so a chain seen before costs no lookup. Forgotten whenever rows change other
  // than through writeChain (merges, erasure, a rolled-back group, another connection's commit) and when it
  // grows too large.
  const latestRow = new Map<string, { day: number; prev: number | null | undefined } | null>();

  // The events stored since the last flush, as parallel columns (cheap to note, summed at flush).
  let noted = { projects: [] as string[], actors: [] as string[], accounts: [] as (string | null)[], ts: [] as number[], keys: [] as (string | null)[] };
  // Anonymous ids merged into a user since the last flush: their noted events count as the user's.
  const merged = new Map<string, string>();
  // Gap-count changes, per project, day, key and prev: written once per flush.
  const actorGaps = new Map<string, { projectId: string; day: number; prev: number; actors: number }>();
  const keyGaps = new Map<string, { projectId: string; day: number; k: string; prev: number; actors: number; uses: number }>();
  const accountGaps = new Map<string, { projectId: string; day: number; k: string; prev: number; accounts: number; uses: number }>();
  // account_totals' changes, per project, day and account: counts, and w0..w6 (migration 090).
  const totals = new Map<string, { projectId: string; day: number; accountId: string; events: number; logins: number; uses: number; w: number[] }>();
  const totalsOf = (projectId: string, day: number, accountId: string) => {
    const at = `${projectId}\u0000${day}\u0000${accountId}`;
    let t = totals.get(at);
    if (!t) totals.set(at, (t = { projectId, day, accountId, events: 0, logins: 0, uses: 0, w: [0, 0, 0, 0, 0, 0, 0] }));
    return t;
  };

  function gap(spec: SpecName, projectId: string, day: number, k: string, prev: number | null, rows: number, uses: number) {
    const p = prev ?? -1;
    const id = `${projectId}\u0000${day}\u0000${k}\u0000${p}`;
    if (spec === "actor") {
      const g = actorGaps.get(id);
      if (g) g.actors += rows;
      else actorGaps.set(id, { projectId, day, prev: p, actors: rows });
    } else if (spec === "key") {
      const g = keyGaps.get(id);
      if (g) {
        g.actors += rows;
        g.uses += uses;
      } else keyGaps.set(id, { projectId, day, k, prev: p, actors: rows, uses });
    } else if (spec === "account") {
      const g = accountGaps.get(id);
      if (g) {
        g.accounts += rows;
        g.uses += uses;
      } else accountGaps.set(id, { projectId, day, k, prev: p, accounts: rows, uses });
    } else if (rows !== 0) {
      // k is the account here: the user counts in w<o> for every o below the days since their previous day.
      const u = totalsOf(projectId, day, k);
      const since = prev === null ? W_COLS.length : day - prev;
      for (let o = 0; o < W_COLS.length && o < since; o++) u.w[o] += rows;
    }
  }

  /**
   * Writes one chain's summed rows. Rows past the chain's latest stored day are new, chained in memory; the
   * latest row itself (live traffic adds to today's row again and again) is bumped with the prev it has; any
   * earlier day (a late event) takes the careful path.
   */
  function writeChain(spec: SpecName, projectId: string, a: string, b: string, cells: Cell[]) {
    const s = SPECS[spec];
    const q = st[spec];
    const vals = s.cols.length === 1 ? [b] : [a, b];
    const k = a;
    if (cells.length > 1) cells.sort((x, y) => x.day - y.day);
    const id = `${spec}\u0000${projectId}\u0000${a}\u0000${b}`;
    let latest = latestRow.get(id);
    if (latest === undefined) {
      const day = q.maxOf.get(projectId, ...vals) as number | null;
      latest = day === null ? null : { day, prev: undefined };
    }
    let i = 0;
    if (latest !== null && cells[0].day === latest.day) {
      latest.prev ??= (q.rowOf.get(projectId, latest.day, ...vals) as { prev: number | null }).prev;
      q.bump.run(cells[0].n, ...tsArgs(s, cells[0]), projectId, latest.day, ...vals);
      gap(spec, projectId, latest.day, k, latest.prev, 0, cells[0].n);
      i = 1;
    }
    if (latest !== null && i < cells.length && cells[i].day < latest.day) {
      latestRow.delete(id);
      for (; i < cells.length; i++) writeCarefully(spec, projectId, vals, k, cells[i]);
      return;
    }
    for (; i < cells.length; i++) {
      const c = cells[i];
      const prev: number | null = latest === null ? null : latest.day;
      q.insert.run(projectId, c.day, ...vals, c.n, ...tsArgs(s, c), prev);
      gap(spec, projectId, c.day, k, prev, 1, c.n);
      latest = { day: c.day, prev };
    }
    if (latestRow.size >= 2_000_000) latestRow.clear();
    latestRow.set(id, latest);
  }

  /** One row at any day of its chain: bumped if it exists, else inserted after its prev, mending the next row's. */
  function writeCarefully(spec: SpecName, projectId: string, vals: string[], k: string, c: Cell) {
    const s = SPECS[spec];
    const q = st[spec];
    const row = q.rowOf.get(projectId, c.day, ...vals) as { prev: number | null } | undefined;
    if (row) {
      q.bump.run(c.n, ...tsArgs(s, c), projectId, c.day, ...vals);
      gap(spec, projectId, c.day, k, row.prev, 0, c.n);
      return;
    }
    const prev = q.prevOf.get(projectId, ...vals, c.day) as number | null;
    q.insert.run(projectId, c.day, ...vals, c.n, ...tsArgs(s, c), prev);
    gap(spec, projectId, c.day, k, prev, 1, c.n);
    const next = q.nextOf.get(projectId, ...vals, c.day) as { day: number; n: number; prev: number | null } | undefined;
    if (next && (next.prev === null || next.prev < c.day)) {
      q.setPrev.run(c.day, projectId, next.day, ...vals);
      gap(spec, projectId, next.day, k, next.prev, -1, -next.n);
      gap(spec, projectId, next.day, k, c.day, 1, next.n);
    }
  }

  function sum(): Map<string, Sums> {
    const byProject = new Map<string, Sums>();
    const { projects, actors, accounts, ts, keys } = noted;
    for (let i = 0; i < projects.length; i++) {
      const projectId = projects[i];
      let sums = byProject.get(projectId);
      if (!sums) byProject.set(projectId, (sums = { actor: new Map(), key: new Map(), account: new Map(), accountUser: new Map(), totals: new Map() }));
      const actor = merged.size ? (merged.get(`${projectId}\u0000${actors[i]}`) ?? actors[i]) : actors[i];
      const accountId = accounts[i];
      const t = ts[i];
      const k = keys[i];
      const day = dayOf(t);
      add(sums.actor, "", actor, day, t);
      if (k !== null) add(sums.key, k, actor, day, t);
      if (accountId !== null) {
        add(sums.account, "*", accountId, day, t);
        if (k !== null) add(sums.account, k, accountId, day, t);
        add(sums.accountUser, accountId, actor, day, t);
        let perDay = sums.totals.get(accountId);
        if (!perDay) sums.totals.set(accountId, (perDay = new Map()));
        let tot = perDay.get(day);
        if (!tot) perDay.set(day, (tot = { events: 0, logins: 0, uses: 0 }));
        tot.events++;
        if (k === "login") tot.logins++;
        else if (k !== null) tot.uses++;
      }
    }
    return byProject;
  }

  function clear() {
    noted = { projects: [], actors: [], accounts: [], ts: [], keys: [] };
    merged.clear();
    actorGaps.clear();
    keyGaps.clear();
    accountGaps.clear();
    totals.clear();
  }

  return {
    /** Notes one newly stored event (inside the append transaction; flush() before it commits). */
    note(projectId: string, actor: string, accountId: string | null, e: StoredEvent) {
      noted.projects.push(projectId);
      noted.actors.push(actor);
      noted.accounts.push(accountId);
      noted.ts.push(e.timestamp);
      noted.keys.push(eventKey(e));
    },

    /** `anonymousId` became `userId` (its stored events were moved): what was noted under it is the user's. */
    moved(projectId: string, anonymousId: string, userId: string) {
      merged.set(`${projectId}\u0000${anonymousId}`, userId);
    },

    /** Writes what was noted; inside the same transaction. */
    flush() {
      for (const [projectId, sums] of sum()) {
        for (const spec of ["actor", "key", "account", "accountUser"] as const) {
          for (const [a, chains] of sums[spec]) for (const [b, cells] of chains) writeChain(spec, projectId, a, b, cells);
        }
        for (const [accountId, perDay] of sums.totals) {
          for (const [day, t] of perDay) {
            const u = totalsOf(projectId, day, accountId);
            u.events += t.events;
            u.logins += t.logins;
            u.uses += t.uses;
          }
        }
      }
      for (const g of actorGaps.values()) if (g.actors !== 0) addActorGap.run(g.projectId, g.day, g.prev, g.actors);
      for (const g of keyGaps.values()) if (g.actors !== 0 || g.uses !== 0) addKeyGap.run(g.projectId, g.day, g.k, g.prev, g.actors, g.uses);
      for (const g of accountGaps.values()) if (g.accounts !== 0 || g.uses !== 0) addAccountGap.run(g.projectId, g.day, g.k, g.prev, g.accounts, g.uses);
      for (const t of totals.values()) {
        if (t.events !== 0 || t.logins !== 0 || t.uses !== 0 || t.w.some((x) => x !== 0)) {
          upsertTotals.run(t.projectId, t.day, t.accountId, t.events, t.logins, t.uses, ...t.w);
        }
      }
      clear();
    },

    /** Drops what was noted and what it believes of stored rows (a group was rolled back, or another connection wrote). */
    forget() {
      clear();
      latestRow.clear();
    },

    /** Whether `actor` has rows in the rollups (an anonymous id whose events are all still noted has none). */
    hasDays: (projectId: string, actor: string) => rb.hasDays.get(projectId, actor) !== undefined,

    /**
     * Recomputes the actor-level rollups of `actor` from its events, after `absorbed` (an anonymous id) was
     * merged into it; account totals do not change when events change hands between actors. Call flush()
     * first: the rebuild reads every stored event.
     */
    rebuildActor(projectId: string, actor: string, absorbed: string) {
      latestRow.clear();
      for (const who of [actor, absorbed]) {
        rb.actorGapsOfActor[0].run(projectId, who);
        rb.keyGapsOfActor[0].run(projectId, who);
        rb.weekUsersOfActor[0].run(projectId, who);
        for (const del of rb.deletes) del.run(projectId, who);
      }
      for (const ins of rb.inserts) ins.run(projectId, actor);
      rb.actorGapsOfActor[1].run(projectId, actor);
      rb.keyGapsOfActor[1].run(projectId, actor);
      rb.weekUsersOfActor[1].run(projectId, actor);
    },

    /**
     * Removes an actor's contributions before their events are erased: their own rows go, and the account
     * rows they counted in are reduced (and re-chained where a row empties).
     */
    eraseActor(projectId: string, actor: string) {
      latestRow.clear();
      // Before the totals rows they count in are reduced, and dropped where they empty.
      rb.weekUsersOfActor[0].run(projectId, actor);
      const parts = rb.contributions.all(projectId, actor, projectId, actor) as { day: number; k: string; account_id: string; n: number }[];
      const chains = new Map<string, [string, string]>();
      for (const p of parts) chains.set(`${p.k}\u0000${p.account_id}`, [p.k, p.account_id]);
      for (const [k, accountId] of chains.values()) rb.accountGapsOfChain[0].run(projectId, k, accountId);
      for (const p of parts) {
        rb.reduce.run(p.n, projectId, p.day, p.k, p.account_id);
        rb.dropEmpty.run(projectId, p.day, p.k, p.account_id);
        const [events, logins, uses] = p.k === "*" ? [p.n, 0, 0] : p.k === "login" ? [0, p.n, 0] : [0, 0, p.n];
        rb.reduceTotals.run(events, logins, uses, projectId, p.day, p.account_id);
        rb.dropEmptyTotals.run(projectId, p.day, p.account_id);
      }
      for (const [k, accountId] of chains.values()) {
        rb.rechain.run(projectId, k, accountId);
        rb.accountGapsOfChain[1].run(projectId, k, accountId);
        if (k === "login") rb.relogin.run(projectId, accountId);
      }
      rb.actorGapsOfActor[0].run(projectId, actor);
      rb.keyGapsOfActor[0].run(projectId, actor);
      for (const del of rb.deletes) del.run(projectId, actor);
    },
  };
}

function add(chains: Chains, a: string, b: string, day: number, ts: number) {
  let inner = chains.get(a);
  if (!inner) chains.set(a, (inner = new Map()));
  let cells = inner.get(b);
  if (!cells) inner.set(b, (cells = []));
  // Events come roughly in time order: the day wanted is almost always the last one.
  for (let i = cells.length - 1; i >= 0; i--) {
    const c = cells[i];
    if (c.day !== day) continue;
    c.n++;
    if (ts < c.first) c.first = ts;
    if (ts > c.last) c.last = ts;
    return;
  }
  cells.push({ day, n: 1, first: ts, last: ts });
}

function tsArgs(s: Spec, c: Cell): number[] {
  return s.ts === "span" ? [c.first, c.last] : s.ts === "last" ? [c.last] : [];
}

function specStatements(db: Database.Database, s: Spec) {
  const chainEq = s.cols.map((k) => `${k} = ?`).join(" AND ");
  const tsCols = s.ts === "span" ? ["first_ts", "last_ts"] : s.ts === "last" ? ["last_ts"] : [];
  const cols = ["project_id", "day", ...s.cols, "n", ...tsCols, "prev"];
  const tsSet = tsCols.map((c) => `, ${c} = ${c === "first_ts" ? "min" : "max"}(${c}, ?)`).join("");
  // Without statistics the planner would walk the primary key (day first): name the index that leads with the chain.
  const chainIndex = `${s.table} INDEXED BY ${s.table}_chain`;
  return {
    maxOf: db.prepare(`SELECT max(day) FROM ${chainIndex} WHERE project_id = ? AND ${chainEq}`).pluck(),
    insert: db.prepare(`INSERT INTO ${s.table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`),
    rowOf: db.prepare(`SELECT prev FROM ${s.table} WHERE project_id = ? AND day = ? AND ${chainEq}`),
    bump: db.prepare(`UPDATE ${s.table} SET n = n + ?${tsSet} WHERE project_id = ? AND day = ? AND ${chainEq}`),
    prevOf: db.prepare(`SELECT max(day) FROM ${chainIndex} WHERE project_id = ? AND ${chainEq} AND day < ?`).pluck(),
    nextOf: db.prepare(
      `SELECT day, n, prev FROM ${chainIndex} WHERE project_id = ? AND ${chainEq} AND day > ? ORDER BY day LIMIT 1`,
    ),
    setPrev: db.prepare(`UPDATE ${s.table} SET prev = ? WHERE project_id = ? AND day = ? AND ${chainEq}`),
  };
}

/** The same keys as eventKey(), in SQL over the events table. */
const KEY_SQL = "CASE WHEN event = 'Signed In' THEN 'login' ELSE 'f:' || json_extract(properties, '$.feature') END";
const KEYED_SQL =
  "type = 'track' AND (event = 'Signed In' OR (event = 'Feature Used' AND json_type(properties, '$.feature') = 'text' " +
  "AND json_extract(properties, '$.feature') <> ''))";
/** Statements of the rare paths (identity merges, erasure), prepared once; `DAY_SQL` is an event's rollup day. */
function rebuildStatements(db: Database.Database, DAY_SQL: string) {
  // The gap counts of an actor's day rows and key rows, taken out before they change ([0]) and put back after ([1]).
  const keyGapsOfActor = [-1, 1].map((sign) =>
    db.prepare(
      `INSERT INTO key_gaps (project_id, day, k, prev, actors, uses)
       SELECT project_id, day, k, ifnull(prev, -1), ${sign} * count(*), ${sign} * sum(n) FROM key_days INDEXED BY key_days_chain
       WHERE project_id = ? AND actor = ? GROUP BY 1, 2, 3, 4
       ON CONFLICT DO UPDATE SET actors = actors + excluded.actors, uses = uses + excluded.uses`,
    ),
  );
  const actorGapsOfActor = [-1, 1].map((sign) =>
    db.prepare(
      `INSERT INTO actor_gaps (project_id, day, prev, actors)
       SELECT project_id, day, ifnull(prev, -1), ${sign} * count(*) FROM actor_days INDEXED BY actor_days_chain
       WHERE project_id = ? AND actor = ? GROUP BY 1, 2, 3
       ON CONFLICT DO UPDATE SET actors = actors + excluded.actors`,
    ),
  );
  const accountGapsOfChain = [-1, 1].map((sign) =>
    db.prepare(
      `INSERT INTO account_gaps (project_id, day, k, prev, accounts, uses)
       SELECT project_id, day, k, ifnull(prev, -1), ${sign} * count(*), ${sign} * sum(n) FROM account_days INDEXED BY account_days_chain
       WHERE project_id = ? AND k = ? AND account_id = ? GROUP BY 1, 2, 3, 4
       ON CONFLICT DO UPDATE SET accounts = accounts + excluded.accounts, uses = uses + excluded.uses`,
    ),
  );
  // The w0..w6 counts of an actor's account_users rows, taken out ([0]) and put back ([1]) like the gap counts.
  const weekUsersOfActor = [-1, 1].map((sign) =>
    db.prepare(
      `INSERT INTO account_totals (project_id, day, account_id, events, logins, uses, ${W_COLS.join(", ")})
       SELECT project_id, day, account_id, 0, 0, 0, ${W_COLS.map((_, o) => `${sign} * sum(g > ${o})`).join(", ")} FROM (
         SELECT project_id, day, account_id, ifnull(day - prev, ${W_COLS.length}) AS g FROM account_users INDEXED BY account_users_chain
         WHERE project_id = ? AND actor = ?
       ) GROUP BY 1, 2, 3
       ON CONFLICT DO UPDATE SET ${W_COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`,
    ),
  );
  return {
    actorGapsOfActor,
    keyGapsOfActor,
    accountGapsOfChain,
    weekUsersOfActor,
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
    // The account's latest sign-in as its latest 'login' row holds it (accounts.last_login, migration 270).
    relogin: db.prepare(
      `UPDATE accounts SET last_login = (SELECT l.last_ts FROM account_days l INDEXED BY account_days_chain WHERE l.project_id = accounts.project_id
         AND l.k = 'login' AND l.account_id = accounts.account_id ORDER BY l.day DESC LIMIT 1)
       WHERE project_id = ? AND account_id = ?`,
    ),
    rechain: db.prepare(
      `UPDATE account_days SET prev = (SELECT max(p.day) FROM account_days p INDEXED BY account_days_chain WHERE p.project_id = account_days.project_id
         AND p.k = account_days.k AND p.account_id = account_days.account_id AND p.day < account_days.day)
       WHERE project_id = ? AND k = ? AND account_id = ?`,
    ),
  };
}

export type Rollups = ReturnType<typeof createRollups>;

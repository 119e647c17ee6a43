/**
 * Who did what on each rollup day, in memory: per project and day, each counted key's actors (as numbers of this
 * process) and their counts, read from key_days into typed arrays: a feature's uses (`f:…`) and sign-ins
 * (`login`); read from actor_days, the day's active people; read from account_days, each feature's accounts
 * and their uses; read from account_totals, each account's counts of the day as keys named for their columns; and
 * read from account_users, each account's people (accounts are numbered beside the people: a number stands for
 * one name either way). A segment's
 * feature usage, sign-ins and active people walk these arrays with the segment's people as a byte per number (a
 * few ns a row) instead of testing each row's actor in SQL (about 1.5 µs a row, 860 k feature rows for one tier
 * over 90 days and 10 M events); the features and accounts answers sum their accounts' uses and weeks the same way.
 *
 * A day is read once (over 10 M events, 90 days of keys take 2-3 s the first time) and again only when its
 * number in key_day_versions, actor_day_versions, account_day_versions or account_total_versions (migrations 190,
 * 200, 210 and 230) has moved:
 * triggers move it on every change to the day's rows, whichever path made it. The number is read before the
 * rows, so rows newer than their number are read again next time, never the other way round.
 */
import type Database from "better-sqlite3";
import type { Statement } from "better-sqlite3";
import { readAhead, type ReadAhead } from "./read-ahead.ts";
import { W_COLS } from "./rollups.ts";

/**
 * A key's actors (or accounts) on a day and, at the same index, their counts, or for the people of accounts, the
 * number of the account, or for the active people, the minutes of their first and last event (ACTIVE_SPAN_SQL).
 */
export type KeyDay = { k: string; actors: Ints; uses: Ints };
/**
 * Each list as 16-bit numbers where they all fit (over 10 M events, 7.2 M rows held take 27 MB instead of 54), else
 * 32-bit. Two kinds at most, and one in practice, keep the loops that walk them fast (with 8-bit counts as a third,
 * the alerts answer measured 83 ms against 64, once).
 */
type Ints = Int32Array | Uint16Array;

function narrow(values: number[]): Ints {
  for (const v of values) if (v < 0 || v > 0xffff) return Int32Array.from(values);
  return Uint16Array.from(values);
}
type Day = { ver: number; keys: KeyDay[]; entries: number; used: number };
/**
 * `keys`: key_days, a day's features and sign-ins; `active`: actor_days, a day's active people as the one key '*',
 * with the minutes of their first and last event;
 * `accounts`: account_days, a day's features with the accounts that used them; `totals`: account_totals, each
 * column (events, logins, uses, w0..w6) a key of the accounts where it is not 0; `people`: account_users, a day's
 * people under each account as the one key '*', their accounts in `uses`. account_users changes a day's people
 * only with its account_totals rows (every new or removed person-day moves w0), so both follow
 * account_total_versions.
 */
export type Kind = "keys" | "active" | "accounts" | "totals" | "people";
type Project = { ids: Map<string, number>; names: string[]; days: Record<Kind, Map<number, Day>> };

/**
 * Rows held past which the days least recently asked for are let go: 32 to 64 MB. Over 10 M events, 90 days of
 * features and sign-ins are 2.75 M rows, 149 days of active people 0.95 M, 90 days of accounts' features 1.0 M,
 * 217 days (31 weeks) of accounts' counts 1.8 M, and 90 days of accounts' people 0.7 M.
 */
const MAX_ENTRIES = 8_000_000;

/**
 * An active person's first and last event of a rollup day, as minutes from the UTC midnight of its day number plus
 * 1440 (a zone's day lies within 14 hours before and 25 hours after it), 12 bits each: first << 12 | last, or -1
 * where either is unknown (rows swept before migration 015). Another zone's local days are told from them (raw.ts).
 */
const ACTIVE_SPAN_SQL = `CASE WHEN first_ts IS NULL OR last_ts IS NULL
    OR (first_ts - day * 86400000 + 86400000) / 60000 NOT BETWEEN 0 AND 4095
    OR (last_ts - day * 86400000 + 86400000) / 60000 NOT BETWEEN 0 AND 4095 THEN -1
  ELSE ((first_ts - day * 86400000 + 86400000) / 60000) * 4096 + (last_ts - day * 86400000 + 86400000) / 60000 END`;

/** account_totals' columns, each held as a key. */
export const TOTAL_COLS = ["events", "logins", "uses", ...W_COLS] as const;

export function createKeyDays(db: Database.Database, { maxEntries = MAX_ENTRIES } = {}) {
  const projects = new Map<string, Project>();
  let held = 0;
  let clock = 0;
  // One row per key with its actors and counts joined by SQLite: reading 2 M rows one by one took 3.1-3.6 s, joined
  // 1.2-1.4 s. Both lists come from the same scan, so they stay in step. `rows` reads a key row by row, for when
  // an actor holds the separator itself.
  const sources: Record<Kind, { versions: Statement; joined: Statement; rows: Statement }> = {
    keys: {
      versions: db.prepare("SELECT day, ver FROM key_day_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw(),
      joined: db.prepare(
        `SELECT k, count(*), group_concat(actor, char(10)), group_concat(n) FROM key_days
         WHERE project_id = ? AND day = ? AND (k = 'login' OR k >= 'f:' AND k < 'f;') GROUP BY k`,
      ).raw(),
      rows: db.prepare("SELECT actor, n FROM key_days WHERE project_id = ? AND day = ? AND k = ?").raw(),
    },
    active: {
      versions: db.prepare("SELECT day, ver FROM actor_day_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw(),
      joined: db.prepare(
        `SELECT '*', count(*), group_concat(actor, char(10)), group_concat(${ACTIVE_SPAN_SQL}) FROM actor_days
         WHERE project_id = ? AND day = ? HAVING count(*) > 0`,
      ).raw(),
      rows: db.prepare(`SELECT actor, ${ACTIVE_SPAN_SQL} FROM actor_days WHERE project_id = ? AND day = ? AND ? = '*'`).raw(),
    },
    accounts: {
      versions: db.prepare("SELECT day, ver FROM account_day_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw(),
      joined: db.prepare(
        `SELECT k, count(*), group_concat(account_id, char(10)), group_concat(n) FROM account_days
         WHERE project_id = ? AND day = ? AND k >= 'f:' AND k < 'f;' GROUP BY k`,
      ).raw(),
      rows: db.prepare("SELECT account_id, n FROM account_days WHERE project_id = ? AND day = ? AND k = ?").raw(),
    },
    // By account, then person: each account's people of the day are a run of the arrays.
    people: {
      versions: db.prepare("SELECT day, ver FROM account_total_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw(),
      joined: db.prepare(
        `SELECT '*', count(*), group_concat(actor, char(10)), group_concat(account_id, char(10)) FROM account_users
         WHERE project_id = ? AND day = ? HAVING count(*) > 0`,
      ).raw(),
      rows: db.prepare("SELECT actor, account_id FROM account_users WHERE project_id = ? AND day = ? AND ? = '*'").raw(),
    },
    totals: {
      versions: db.prepare("SELECT day, ver FROM account_total_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw(),
      // Each column's accounts and counts from the same rows of the day (better-sqlite3 binds no numbered parameters).
      joined: db.prepare(
        `WITH t AS (SELECT * FROM account_totals WHERE project_id = ? AND day = ?) ` +
          TOTAL_COLS.map((c) => `SELECT '${c}', count(*), group_concat(account_id, char(10)), group_concat(${c}) FROM t WHERE ${c} <> 0 HAVING count(*) > 0`).join(" UNION ALL "),
      ).raw(),
      rows: db.prepare(
        `SELECT account_id, n FROM (
           SELECT t.account_id, CASE x.k ${TOTAL_COLS.map((c) => `WHEN '${c}' THEN t.${c}`).join(" ")} END AS n
           FROM (SELECT ? AS p, ? AS d, ? AS k) x JOIN account_totals t ON t.project_id = x.p AND t.day = x.d
         ) WHERE n <> 0`,
      ).raw(),
    },
  };

  function projectOf(projectId: string): Project {
    let p = projects.get(projectId);
    if (!p) projects.set(projectId, (p = { ids: new Map(), names: [], days: { keys: new Map(), active: new Map(), accounts: new Map(), totals: new Map(), people: new Map() } }));
    return p;
  }

  function load(p: Project, kind: Kind, projectId: string, day: number, ver: number): Day {
    const { joined, rows } = sources[kind];
    const number = (actor: string) => {
      let id = p.ids.get(actor);
      if (id === undefined) {
        p.ids.set(actor, (id = p.ids.size));
        p.names.push(actor);
      }
      return id;
    };
    const keys: KeyDay[] = [];
    let entries = 0;
    for (const [k, count, actorList, useList] of joined.iterate(projectId, day) as Iterable<[string, number, string, string | null]>) {
      let names = actorList.split("\n");
      let counts: (string | number | null)[] | null = useList === null ? null : useList.split(kind === "people" ? "\n" : ",");
      if (names.length !== count || (counts && counts.length !== count)) {
        const all = rows.all(projectId, day, k) as [string, string | number | null][];
        names = all.map((r) => r[0]);
        counts = counts && all.map((r) => r[1]);
      }
      const actors = narrow(names.map(number));
      const uses = narrow(counts ? counts.map((c) => (kind === "people" ? number(String(c)) : Number(c))) : []);
      keys.push({ k, actors, uses });
      entries += count;
    }
    return { ver, keys, entries, used: 0 };
  }

  function evict(keep: Set<Day>) {
    const all = [...projects.values()].flatMap((p) => Object.values(p.days).flatMap((days) => [...days].map(([day, d]) => ({ days, day, d }))));
    all.sort((a, b) => a.d.used - b.d.used);
    for (const { days, day, d } of all) {
      if (held <= maxEntries) break;
      if (keep.has(d)) continue;
      days.delete(day);
      held -= d.entries;
    }
  }

  /** Day `day` of `kind` as of version `v`, read again when the one held is older. */
  function current(p: Project, kind: Kind, projectId: string, day: number, v: number): Day {
    const days = p.days[kind];
    let d = days.get(day);
    if (!d || d.ver !== v) {
      if (d) held -= d.entries;
      d = load(p, kind, projectId, day, v);
      days.set(day, d);
      held += d.entries;
    }
    return d;
  }

  const versionsOf = (kind: Kind, projectId: string, from: number, to: number) =>
    new Map((sources[kind].versions.all(projectId, from, to) as [number, number][]).map(([day, v]) => [day, v]));

  return {
    /** Days `from` to `to` of `kind`, current: index i is day from + i. */
    read(projectId: string, from: number, to: number, kind: Kind = "keys"): KeyDay[][] {
      const p = projectOf(projectId);
      const ver = versionsOf(kind, projectId, from, to);
      const out: KeyDay[][] = [];
      const keep = new Set<Day>();
      const now = ++clock;
      for (let day = from; day <= to; day++) {
        const d = current(p, kind, projectId, day, ver.get(day) ?? 0);
        d.used = now;
        keep.add(d);
        out.push(d.keys);
      }
      if (held > maxEntries) evict(keep);
      return out;
    },

    /**
     * Reads the days of `plan` before anyone asks, newest first, one day per turn of the event loop (20-40 ms over
     * 10 M events; read-ahead.ts), until they are all held or the bound is reached: the first question after a start
     * otherwise read its 90 days at once and held the event loop, and ingest with it, for 2-3 s. Days read this way
     * count as the least recently asked for.
     */
    warm(plan: { projectId: string; kind: Kind; from: number; to: number }[]): ReadAhead {
      const queue = plan.flatMap(({ projectId, kind, from, to }) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => ({ projectId, kind, day: to - i })));
      return readAhead(
        queue.length,
        (i) => {
          const { projectId, kind, day } = queue[i];
          current(projectOf(projectId), kind, projectId, day, versionsOf(kind, projectId, day, day).get(day) ?? 0);
        },
        () => held < maxEntries,
      );
    },

    /** The project's actors among `actors`, one byte per number (1: in), sized for every number given so far. */
    members(projectId: string, actors: Iterable<string>): Uint8Array {
      const p = projectOf(projectId);
      const member = new Uint8Array(p.ids.size);
      for (const actor of actors) {
        const id = p.ids.get(actor);
        if (id !== undefined) member[id] = 1;
      }
      return member;
    },

    /** The name each number of the project stands for, at its index. */
    names: (projectId: string): readonly string[] => projectOf(projectId).names,

    /** Rows held in memory, across projects. */
    held: () => held,
  };
}

export type KeyDays = ReturnType<typeof createKeyDays>;

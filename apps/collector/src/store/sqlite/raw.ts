/**
 * The SQLite analytics answers for a time zone other than the rollup zone, computed from raw events: the
 * rollups' days do not line up with that zone's days. Same semantics as analytics.ts; slower, exact.
 */
import type Database from "better-sqlite3";
import { buckets } from "../../analytics/buckets.ts";
import { loginFrequencies } from "../../analytics/stats.ts";
import type {
  AccountFeatureRow, AccountWindows, ActiveTotals, ActivityGap, BucketQuery, CohortCell, DayWindow, FeatureUsage, LoginStats,
} from "../analytics-types.ts";
import type { RangeQuery } from "../types.ts";
import { DAY_MS, dayNumber, isoDay, localDayStart } from "../../time.ts";
import { accountSegmentSql, bucketIndex } from "./analytics-sql.ts";
import type { KeyDays } from "./key-days.ts";
import { segmentClause } from "./segment.ts";

type Row = { day: number; actor: string; account: string | null; key: string | null };

/**
 * The local day of an instant for instants between the starts of local days `first` and `last + 1`: the
 * exact starts are found once (bisection to the millisecond), so each event costs a comparison or two instead
 * of an Intl call.
 */
export function localDays(tz: string, first: number, last: number) {
  const starts = new Float64Array(last - first + 2);
  for (let d = first; d <= last + 1; d++) starts[d - first] = localDayStart(d, tz);
  return {
    start: (d: number) => starts[d - first],
    dayOf(ts: number): number {
      let i = Math.min(Math.max(0, Math.floor((ts - starts[0]) / DAY_MS)), starts.length - 2);
      while (i > 0 && ts < starts[i]) i--;
      while (i < starts.length - 2 && ts >= starts[i + 1]) i++;
      return first + i;
    },
  };
}

/**
 * `heldDays`: the days held in memory (key-days.ts); `segmentMembers`: a segment's people as a byte per number of
 * those days.
 */
export function createRawAnalytics(
  db: Database.Database, zone: string, heldDays: KeyDays, segmentMembers: (projectId: string, q: RangeQuery) => Uint8Array,
) {
  /**
   * Streams the events of local days [from, to] to `visit` without holding them: actor level keeps segment
   * actors, account level segment accounts.
   */
  function load(projectId: string, q: RangeQuery, from: number, to: number, level: "actor" | "account", visit: (r: Row) => void) {
    const days = localDays(q.tz, from, to);
    let where = "";
    let params: unknown[] = [];
    if (level === "actor") {
      const s = segmentClause(q.segment, "d.actor", projectId);
      if (s) [where, params] = [` AND ${s.where}`, s.whereParams];
    } else {
      const a = accountSegmentSql(q, projectId);
      [where, params] = [` AND d.account_id IS NOT NULL${a.sql}`, a.params];
    }
    const rows = db
      .prepare(
        `SELECT d.ts, d.actor, d.account_id,
           CASE WHEN d.type <> 'track' THEN NULL WHEN d.event = 'Signed In' THEN 'login'
             WHEN d.event = 'Feature Used' AND json_type(d.properties, '$.feature') = 'text' AND json_extract(d.properties, '$.feature') <> ''
             THEN 'f:' || json_extract(d.properties, '$.feature') END AS k
         FROM events d WHERE d.project_id = ? AND d.ts >= ? AND d.ts < ?${where}`,
      )
      .raw()
      .iterate(projectId, days.start(from), days.start(to + 1), ...params) as Iterable<[number, string, string | null, string | null]>;
    const row: Row = { day: 0, actor: "", account: null, key: null };
    for (const [ts, actor, account, key] of rows) {
      row.day = days.dayOf(ts);
      row.actor = actor;
      row.account = account;
      row.key = key;
      visit(row);
    }
  }

  /**
   * Hands `visit` each segment actor's active local days in [from, to] with the days since their previous one
   * there (30 for the first, at most 30), from the minutes of the first and latest event of their rollup days,
   * held in memory (key-days.ts): a rollup day lies across at most two local days, and its first and latest event
   * tell which it touched; the rollup days come in order, so each person's local days do too. Over 10 M events that
   * read 124 days of actor_days from SQLite in 1.3-1.9 s. False when that cannot be exact, perhaps after visiting
   * some days (the caller then starts over from the events): a rollup day of the range overlaps three local days (a
   * short DST day), a local midnight is not on a whole minute (an old zone's local mean time), or a day's instants
   * are unknown (swept before migration 015).
   */
  function fromActorDays(projectId: string, q: RangeQuery, from: number, to: number, visit: (day: number, gap: number) => void): boolean {
    // Two zones' days are at most 26 hours apart: rollup days from - 2 … to + 2 hold every instant of the range.
    const days = localDays(q.tz, from - 4, to + 4);
    for (let d = from - 2; d <= to + 2; d++) {
      if (days.dayOf(localDayStart(d + 1, zone) - 1) - days.dayOf(localDayStart(d, zone)) > 1) return false;
    }
    for (let d = from - 4; d <= to + 5; d++) if (days.start(d) % 60_000 !== 0) return false;
    const held = heldDays.read(projectId, from - 2, to + 2, "active");
    const member = q.segment ? segmentMembers(projectId, q) : null;
    // Each person's latest local day so far, by their number (from - 1: none yet).
    const latest = new Int32Array(heldDays.names(projectId).length).fill(from - 1);
    const add = (a: number, d: number) => {
      if (d < from || d > to || d <= latest[a]) return;
      visit(d, latest[a] < from ? 30 : Math.min(d - latest[a], 30));
      latest[a] = d;
    };
    for (let i = 0; i < held.length; i++) {
      // An event's minute starts no later than it, and a local midnight on a whole minute lies between the two
      // only if it lies between the event and the minute's start too: the minute's day is the event's.
      const midnight = (from - 2 + i) * DAY_MS - 1440 * 60_000;
      // The 4096 minutes a span can name hold at most three local midnights, each on a whole minute (checked
      // above): a minute's local day is the first one's plus the midnights at or before it. Found by dayOf for
      // each of the million spans of 10 M events, it took 21 of the answer's 45 ms.
      const first = days.dayOf(midnight);
      const [m1, m2, m3] = [1, 2, 3].map((k) => (days.start(first + k) - midnight) / 60_000);
      const dayAt = (m: number) => first + +(m >= m1) + +(m >= m2) + +(m >= m3);
      for (const { actors, uses: spans } of held[i]) {
        for (let j = 0; j < actors.length; j++) {
          const a = actors[j];
          if (member && !member[a]) continue;
          const span = spans[j];
          if (span < 0) return false;
          add(a, dayAt(span >> 12));
          add(a, dayAt(span & 4095));
        }
      }
    }
    return true;
  }

  const range = (q: RangeQuery) => [dayNumber(q.from), dayNumber(q.to)] as const;

  return {
    activityGaps(projectId: string, q: RangeQuery): ActivityGap[] {
      const [from, to] = range(q);
      // People per day of the range and gap (1 to 30), at (day - from) * 31 + gap.
      const counts = new Int32Array((to - from + 1) * 31);
      const countGap = (d: number, gap: number) => {
        if (d >= from) counts[(d - from) * 31 + gap]++;
      };
      const count = (days: number[]) => days.forEach((d, i) => countGap(d, i === 0 ? 30 : Math.min(d - days[i - 1], 30)));
      const gaps = () => {
        const out: ActivityGap[] = [];
        counts.forEach((actors, i) => {
          if (actors > 0) out.push({ day: isoDay(from + Math.floor(i / 31)), gap: i % 31, actors });
        });
        return out;
      };
      if (fromActorDays(projectId, q, from - 30, to, countGap)) return gaps();
      counts.fill(0);
      const byActor = new Map<string, Set<number>>();
      load(projectId, q, from - 30, to, "actor", (r) => {
        let s = byActor.get(r.actor);
        if (!s) byActor.set(r.actor, (s = new Set()));
        s.add(r.day);
      });
      for (const set of byActor.values()) count([...set].sort((a, b) => a - b));
      return gaps();
    },

    activeTotals(projectId: string, q: RangeQuery): ActiveTotals {
      const [from, to] = range(q);
      const users = new Set<string>();
      const accounts = new Set<string | null>();
      load(projectId, q, from, to, "actor", (r) => users.add(r.actor));
      load(projectId, q, from, to, "account", (r) => accounts.add(r.account));
      return { users: users.size, accounts: accounts.size };
    },

    loginStats(projectId: string, q: BucketQuery): LoginStats {
      const [from, to] = range(q);
      const bs = buckets(from, to, q.interval);
      const index = bucketIndex(bs.map((b) => b.first), from, to);
      const series = bs.map((b) => ({ date: b.date, logins: 0, users: 0 }));
      const seen = bs.map(() => new Set<string>());
      const perActor = new Map<string, number>();
      load(projectId, q, from, to, "actor", (r) => {
        if (r.key !== "login") return;
        const b = index[r.day - from];
        series[b].logins++;
        seen[b].add(r.actor);
        perActor.set(r.actor, (perActor.get(r.actor) ?? 0) + 1);
      });
      seen.forEach((s, i) => (series[i].users = s.size));
      const accounts = new Map<string, { logins: number; actors: Set<string> }>();
      load(projectId, q, from, to, "account", (r) => {
        const id = r.account as string;
        let a = accounts.get(id);
        if (!a) accounts.set(id, (a = { logins: 0, actors: new Set() }));
        a.actors.add(r.actor);
        if (r.key === "login") a.logins++;
      });
      return {
        series,
        actorsByLogins: loginFrequencies(perActor.values()),
        perAccount: [...accounts].map(([accountId, a]) => ({ accountId, logins: a.logins, activeUsers: a.actors.size })),
      };
    },

    featureUsage(projectId: string, q: BucketQuery & { feature?: string }): FeatureUsage {
      const [from, to] = range(q);
      const bs = buckets(from, to, q.interval);
      const index = bucketIndex(bs.map((b) => b.first), from, to);
      const wanted = (k: string | null) => k != null && k.startsWith("f:") && (q.feature == null || k === `f:${q.feature}`);
      const totals = new Map<string, { users: Set<string>; accounts: Set<string>; uses: number }>();
      const series = new Map<string, { feature: string; date: string; users: Set<string>; uses: number }>();
      load(projectId, q, from, to, "actor", (r) => {
        if (!wanted(r.key)) return;
        const feature = (r.key as string).slice(2);
        let t = totals.get(feature);
        if (!t) totals.set(feature, (t = { users: new Set(), accounts: new Set(), uses: 0 }));
        t.users.add(r.actor);
        t.uses++;
        const date = bs[index[r.day - from]].date;
        const id = `${feature}\u0000${date}`;
        let p = series.get(id);
        if (!p) series.set(id, (p = { feature, date, users: new Set(), uses: 0 }));
        p.users.add(r.actor);
        p.uses++;
      });
      load(projectId, q, from, to, "account", (r) => {
        if (wanted(r.key)) totals.get((r.key as string).slice(2))?.accounts.add(r.account as string);
      });
      return {
        totals: [...totals].map(([feature, t]) => ({ feature, users: t.users.size, accounts: t.accounts.size, uses: t.uses })),
        series: [...series.values()].map((p) => ({ feature: p.feature, date: p.date, users: p.users.size, uses: p.uses })),
      };
    },

    accountFeatures(projectId: string, q: RangeQuery): AccountFeatureRow[] {
      const [from, to] = range(q);
      const uses = new Map<string, AccountFeatureRow>();
      load(projectId, q, from, to, "account", (r) => {
        if (!r.key?.startsWith("f:")) return;
        const id = `${r.account}\u0000${r.key}`;
        const hit = uses.get(id);
        if (hit) hit.uses++;
        else uses.set(id, { accountId: r.account as string, feature: r.key.slice(2), uses: 1 });
      });
      return [...uses.values()];
    },

    accountWindows(projectId: string, q: RangeQuery, windows: DayWindow[]): AccountWindows[] {
      if (windows.length === 0) return [];
      const ws = windows.map((w) => [dayNumber(w.from), dayNumber(w.to)] as const);
      const lo = Math.min(...ws.map((w) => w[0]));
      const hi = Math.max(...ws.map((w) => w[1]));
      const zeros = () => new Array<number>(ws.length).fill(0);
      const accounts = new Map<string, AccountWindows & { actors: Set<string>[] }>();
      load(projectId, q, lo, hi, "account", (r) => {
        ws.forEach(([a, b], window) => {
          if (r.day < a || r.day > b) return;
          const id = r.account as string;
          let c = accounts.get(id);
          if (!c) {
            const actors = ws.map(() => new Set<string>());
            accounts.set(id, (c = { accountId: id, users: zeros(), events: zeros(), logins: zeros(), uses: zeros(), actors }));
          }
          c.actors[window].add(r.actor);
          c.events[window]++;
          if (r.key === "login") c.logins[window]++;
          else if (r.key?.startsWith("f:")) c.uses[window]++;
        });
      });
      return [...accounts.values()].map(({ actors, ...c }) => ({ ...c, users: actors.map((s) => s.size) }));
    },

    cohorts(projectId: string, q: BucketQuery): CohortCell[] {
      const [from, to] = range(q);
      const bs = buckets(from, to, q.interval);
      const index = bucketIndex(bs.map((b) => b.first), from, to);
      const first = new Map<string, number>();
      const days = localDays(q.tz, from, to);
      const users = db
        .prepare("SELECT actor, first_seen FROM users WHERE project_id = ? AND first_seen >= ? AND first_seen < ?")
        .raw()
        .iterate(projectId, days.start(from), days.start(to + 1)) as Iterable<[string, number]>;
      for (const [actor, ts] of users) first.set(actor, index[days.dayOf(ts) - from]);
      const seen = new Set<string>();
      const cells = new Map<string, CohortCell>();
      load(projectId, q, from, to, "actor", (r) => {
        const cb = first.get(r.actor);
        if (cb === undefined) return;
        const period = index[r.day - from] - cb;
        const id = `${r.actor}\u0000${period}`;
        if (seen.has(id)) return;
        seen.add(id);
        const cell = `${cb}:${period}`;
        const hit = cells.get(cell);
        if (hit) hit.actors++;
        else cells.set(cell, { cohort: bs[cb].date, period, actors: 1 });
      });
      return [...cells.values()];
    },
  };
}

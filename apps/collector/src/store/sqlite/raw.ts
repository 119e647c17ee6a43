/**
 * The SQLite analytics answers for a time zone other than UTC, computed from raw events: the rollups hold
 * UTC days, which do not line up with local days. Same semantics as analytics.ts; slower, exact.
 */
import type Database from "better-sqlite3";
import { buckets } from "../../analytics/buckets.ts";
import type {
  AccountFeatureRow, AccountWindowRow, ActiveTotals, ActivityGap, BucketQuery, CohortCell, DayWindow, FeatureUsage, LoginStats,
} from "../analytics-types.ts";
import type { RangeQuery } from "../types.ts";
import { dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import { accountSegmentSql, bucketIndex } from "./analytics-sql.ts";
import { eventKey } from "./rollups.ts";
import { segmentClause } from "./segment.ts";

type Row = { day: number; actor: string; account: string | null; key: string | null };

export function createRawAnalytics(db: Database.Database) {
  /** Events of local days [from, to]: actor level keeps segment actors, account level segment accounts. */
  function load(projectId: string, q: RangeQuery, from: number, to: number, level: "actor" | "account"): Row[] {
    const start = localDayStart(from, q.tz);
    const end = localDayStart(to + 1, q.tz);
    let join = "";
    let where = "";
    let params: unknown[] = [];
    if (level === "actor") {
      const s = segmentClause(q.segment, "d.actor");
      if (s) [join, where, params] = [s.join, ` AND ${s.where}`, s.whereParams];
    } else {
      const a = accountSegmentSql(q.segment);
      [where, params] = [` AND d.account_id IS NOT NULL${a.sql}`, a.params];
    }
    const rows = db
      .prepare(
        `SELECT d.ts, d.actor, d.account_id, d.type, d.event,
           CASE WHEN d.event = 'Feature Used' THEN json_extract(d.properties, '$.feature') END AS feature
         FROM events d ${join} WHERE d.project_id = ? AND d.ts >= ? AND d.ts < ?${where}`,
      )
      .raw()
      .iterate(projectId, start, end, ...params) as Iterable<[number, string, string | null, string, string | null, unknown]>;
    const out: Row[] = [];
    for (const [ts, actor, account, type, event, feature] of rows) {
      const key = eventKey({ type: type as "track", event, properties: { feature } });
      out.push({ day: localDayNumber(ts, q.tz), actor, account, key });
    }
    return out;
  }

  const range = (q: RangeQuery) => [dayNumber(q.from), dayNumber(q.to)] as const;

  return {
    activityGaps(projectId: string, q: RangeQuery): ActivityGap[] {
      const [from, to] = range(q);
      const byActor = new Map<string, Set<number>>();
      for (const r of load(projectId, q, from - 30, to, "actor")) {
        let s = byActor.get(r.actor);
        if (!s) byActor.set(r.actor, (s = new Set()));
        s.add(r.day);
      }
      const out = new Map<string, ActivityGap>();
      for (const set of byActor.values()) {
        const days = [...set].sort((a, b) => a - b);
        days.forEach((d, i) => {
          if (d < from) return;
          const gap = i === 0 ? 30 : Math.min(d - days[i - 1], 30);
          const id = `${d}:${gap}`;
          const hit = out.get(id);
          if (hit) hit.actors++;
          else out.set(id, { day: isoDay(d), gap, actors: 1 });
        });
      }
      return [...out.values()];
    },

    activeTotals(projectId: string, q: RangeQuery): ActiveTotals {
      const [from, to] = range(q);
      const users = new Set(load(projectId, q, from, to, "actor").map((r) => r.actor));
      const accounts = new Set(load(projectId, q, from, to, "account").map((r) => r.account));
      return { users: users.size, accounts: accounts.size };
    },

    loginStats(projectId: string, q: BucketQuery): LoginStats {
      const [from, to] = range(q);
      const bs = buckets(from, to, q.interval);
      const index = bucketIndex(bs.map((b) => b.first), from, to);
      const series = bs.map((b) => ({ date: b.date, logins: 0, users: 0 }));
      const seen = bs.map(() => new Set<string>());
      const perActor = new Map<string, number>();
      for (const r of load(projectId, q, from, to, "actor")) {
        if (r.key !== "login") continue;
        const b = index[r.day - from];
        series[b].logins++;
        seen[b].add(r.actor);
        perActor.set(r.actor, (perActor.get(r.actor) ?? 0) + 1);
      }
      seen.forEach((s, i) => (series[i].users = s.size));
      const accounts = new Map<string, { logins: number; actors: Set<string> }>();
      for (const r of load(projectId, q, from, to, "account")) {
        const id = r.account as string;
        let a = accounts.get(id);
        if (!a) accounts.set(id, (a = { logins: 0, actors: new Set() }));
        a.actors.add(r.actor);
        if (r.key === "login") a.logins++;
      }
      return {
        series,
        perActor: [...perActor].map(([actor, logins]) => ({ actor, logins })),
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
      for (const r of load(projectId, q, from, to, "actor")) {
        if (!wanted(r.key)) continue;
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
      }
      for (const r of load(projectId, q, from, to, "account")) {
        if (wanted(r.key)) totals.get((r.key as string).slice(2))?.accounts.add(r.account as string);
      }
      return {
        totals: [...totals].map(([feature, t]) => ({ feature, users: t.users.size, accounts: t.accounts.size, uses: t.uses })),
        series: [...series.values()].map((p) => ({ feature: p.feature, date: p.date, users: p.users.size, uses: p.uses })),
      };
    },

    accountFeatures(projectId: string, q: RangeQuery): AccountFeatureRow[] {
      const [from, to] = range(q);
      const uses = new Map<string, AccountFeatureRow>();
      for (const r of load(projectId, q, from, to, "account")) {
        if (!r.key?.startsWith("f:")) continue;
        const id = `${r.account}\u0000${r.key}`;
        const hit = uses.get(id);
        if (hit) hit.uses++;
        else uses.set(id, { accountId: r.account as string, feature: r.key.slice(2), uses: 1 });
      }
      return [...uses.values()];
    },

    accountWindows(projectId: string, q: RangeQuery, windows: DayWindow[]): AccountWindowRow[] {
      if (windows.length === 0) return [];
      const ws = windows.map((w) => [dayNumber(w.from), dayNumber(w.to)] as const);
      const lo = Math.min(...ws.map((w) => w[0]));
      const hi = Math.max(...ws.map((w) => w[1]));
      const cells = new Map<string, AccountWindowRow & { actors: Set<string> }>();
      for (const r of load(projectId, q, lo, hi, "account")) {
        ws.forEach(([a, b], window) => {
          if (r.day < a || r.day > b) return;
          const id = `${r.account}\u0000${window}`;
          let c = cells.get(id);
          if (!c) cells.set(id, (c = { accountId: r.account as string, window, users: 0, events: 0, logins: 0, uses: 0, actors: new Set() }));
          c.actors.add(r.actor);
          c.events++;
          if (r.key === "login") c.logins++;
          else if (r.key?.startsWith("f:")) c.uses++;
        });
      }
      return [...cells.values()].map(({ actors, ...c }) => ({ ...c, users: actors.size }));
    },

    cohorts(projectId: string, q: BucketQuery): CohortCell[] {
      const [from, to] = range(q);
      const bs = buckets(from, to, q.interval);
      const index = bucketIndex(bs.map((b) => b.first), from, to);
      const first = new Map<string, number>();
      const start = localDayStart(from, q.tz);
      const end = localDayStart(to + 1, q.tz);
      const users = db
        .prepare("SELECT actor, first_seen FROM users WHERE project_id = ? AND first_seen >= ? AND first_seen < ?")
        .raw()
        .all(projectId, start, end) as [string, number][];
      for (const [actor, ts] of users) first.set(actor, index[localDayNumber(ts, q.tz) - from]);
      const seen = new Set<string>();
      const cells = new Map<string, CohortCell>();
      for (const r of load(projectId, q, from, to, "actor")) {
        const cb = first.get(r.actor);
        if (cb === undefined) continue;
        const period = index[r.day - from] - cb;
        const id = `${r.actor}\u0000${period}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const cell = `${cb}:${period}`;
        const hit = cells.get(cell);
        if (hit) hit.actors++;
        else cells.set(cell, { cohort: bs[cb].date, period, actors: 1 });
      }
      return [...cells.values()];
    },
  };
}

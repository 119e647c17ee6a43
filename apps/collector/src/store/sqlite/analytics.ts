/**
 * The SQLite engine's AnalyticsStore over the rollups of migrations 010, 013, 014 and 070, whose days are calendar
 * days in the file's rollup zone (UTC unless UPTAKE_TIME_ZONE chose another when the file was created); without a
 * segment, distinct counts read the gap counts of 014 and 070 instead of one row per actor. A query in another time
 * zone cannot reuse those day rows, so it reads the raw events of its range instead (raw.ts): slower, exact.
 */
import type Database from "better-sqlite3";
import { buckets, type Bucket } from "../../analytics/buckets.ts";
import { ACTIVE_USERS_LOOKBACK } from "../../analytics/active-users.ts";
import { breadthOf, featureUsesExcept } from "../../analytics/features.ts";
import { BASELINE_WEEKS } from "../../analytics/weeks.ts";
import type {
  AccountActivity, AccountBreadth, AccountFeatureRow, AccountOutcome, AccountProfile, AccountWindows, ActiveTotals, ActivityGap,
  AlertRecord, AnalyticsStore, BucketQuery, ChecklistEvent, ChecklistFinishers, CohortCell, DayWindow, FeatureUsage, FeatureUsesRow,
  LoginStats, ProfileParts, SurveyEvents, SurveyResponse, SurveyScore, Webhook,
} from "../analytics-types.ts";
import type { RangeQuery } from "../types.ts";
import { dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import { accountSegmentSql, bucketIndex, bucketStartSql, compareText, jsonRows, RARE_EVENTS_SQL } from "./analytics-sql.ts";
import { createRawAnalytics } from "./raw.ts";
import { W_COLS } from "./rollups.ts";
import { createGapDays } from "./gap-days.ts";
import { createHeldMemo } from "./held-memo.ts";
import { createKeyDays, type KeyDay } from "./key-days.ts";
import { createRareDays, KINDS, type HeldValue } from "./rare-days.ts";
import { segmentAccountsSql, segmentClause, segmentPeopleSql } from "./segment.ts";
import { zoneDaySql } from "./zone.ts";

type Guard = <T>(fn: () => T) => Promise<T>;
/** One span's sums per account: account numbers and, at the same index, their counts. */
type SpanSums = { accounts: Int32Array; events: Float64Array; logins: Float64Array; uses: Float64Array; users: Float64Array };
/** Each feature's accounts and their uses: feature f's are at [starts[f], starts[f + 1]). */
type FeatureSums = { features: string[]; starts: Int32Array; accounts: Int32Array; uses: Float64Array };
/** A checklist event as the funnel reads it: actor, account, completed (1) or an item (0), checklist id, item id, instant. */
type ChecklistRow = [string, string | null, 0 | 1, unknown, unknown, number];

const F_LO = "f:";
const F_HI = "f;"; // ';' follows ':' so [f:, f;) holds every feature key

/** The days held in memory that a collector reads before anyone asks (key-days.ts): what a 90-day range reads. */
const WARM_KEY_DAYS = 90;
/** Active users over 90 days read 29 days before them (monthly actives) and 30 more (the gaps of those days). */
const WARM_ACTIVE_DAYS = 90 + ACTIVE_USERS_LOOKBACK + 30;
/** The accounts answer compares 31 trailing weeks. */
const WARM_TOTAL_DAYS = 7 * (BASELINE_WEEKS + 1);
/** The accounts answer asks who finished a checklist over the last year (rare-days.ts). */
const WARM_RARE_DAYS = 365;

/**
 * `warm`: read the days held in memory in the background from the start (key-days.ts), as the collector does;
 * `warming` tells whether it still reads, and `stopWarming` stops it before the file closes.
 */
export function createSqliteAnalytics(
  db: Database.Database, guard: Guard, zone: string, { warm = false } = {},
): AnalyticsStore & { stopWarming(): void; warming(): boolean } {
  const keyDays = createKeyDays(db);
  const raw = createRawAnalytics(db, zone, keyDays, (projectId, q) => segmentMembers(projectId, q));
  const gapDays = createGapDays(db);
  const rareDays = createRareDays(db);
  // Every account's sums of a range, kept while its days and the segment's members are (held-memo.ts), by project,
  // range and who is asked for.
  const memberKey = (q: RangeQuery) => JSON.stringify([q.segment ?? null, q.account ?? null]);
  const spansMemo = createHeldMemo<SpanSums>();
  const usersMemo = createHeldMemo<{ accounts: Int32Array; n: Int32Array }>();
  const featuresMemo = createHeldMemo<FeatureSums>();
  const warmer = warm ? warmAll() : { stop() {}, warming: () => false };
  function warmAll() {
    const lastDays = db.prepare("SELECT project_id, max(day) FROM actor_gaps GROUP BY project_id").raw().all() as [string, number][];
    const keys = keyDays.warm(
      lastDays.flatMap(([projectId, last]) => [
        { projectId, kind: "keys" as const, from: last - WARM_KEY_DAYS + 1, to: last },
        { projectId, kind: "active" as const, from: last - WARM_ACTIVE_DAYS + 1, to: last },
        { projectId, kind: "accounts" as const, from: last - WARM_KEY_DAYS + 1, to: last },
        { projectId, kind: "totals" as const, from: last - WARM_TOTAL_DAYS + 1, to: last },
        { projectId, kind: "people" as const, from: last - WARM_KEY_DAYS + 1, to: last },
      ]),
    );
    // A block is a UTC day, the rollup days are the zone's: one block more either side covers them.
    const rare = rareDays.warm(lastDays.map(([projectId, last]) => ({ projectId, from: last - WARM_RARE_DAYS, to: last + 1 })));
    return {
      stop() {
        keys.stop();
        rare.stop();
      },
      warming: () => keys.warming() || rare.warming(),
    };
  }
  const actorSeg = (projectId: string, q: RangeQuery) => {
    const s = segmentClause(q.segment, "d.actor", projectId);
    return { where: s ? ` AND ${s.where}` : "", params: s?.whereParams ?? [] };
  };
  // Range questions read account_days by its primary key (day first); without statistics the planner would
  // pick the chain index and visit every day of every account.
  const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  /** The segment's people as a byte per number of the days held (key-days.ts); asked after the days are read. */
  const segmentMembers = (projectId: string, q: RangeQuery) => {
    const people = segmentPeopleSql(q.segment, projectId)!;
    return keyDays.members(projectId, db.prepare(people.sql).pluck().all(...people.params) as string[]);
  };
  /** The segment's accounts, the same way; asked after the days are read. */
  const segmentAccountMembers = (projectId: string, q: RangeQuery) => {
    const accounts = segmentAccountsSql(q.segment, projectId)!;
    return keyDays.members(projectId, db.prepare(accounts.sql).pluck().all(...accounts.params) as string[]);
  };
  /** How many of the segment's people were active on days [from, to], from the days held in memory. */
  const segmentActive = (projectId: string, q: RangeQuery, from: number, to: number) => {
    const days = keyDays.read(projectId, from, to, "active");
    const member = segmentMembers(projectId, q);
    let n = 0;
    for (const day of days) {
      for (const { actors } of day) {
        for (let j = 0; j < actors.length; j++) {
          if (member[actors[j]] === 1) {
            member[actors[j]] = 2;
            n++;
          }
        }
      }
    }
    return n;
  };

  function activityGaps(projectId: string, q: RangeQuery): ActivityGap[] {
    if (q.tz !== zone) return raw.activityGaps(projectId, q);
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    if (q.segment) {
      // A segment walks the active people held in memory (key-days.ts) from 30 days before the range, where a gap
      // stops counting: over 10 M events, one tier's 120 days took 100-110 ms down actor_days' chain index.
      const start = from - 30;
      const days = keyDays.read(projectId, start, to, "active");
      const member = segmentMembers(projectId, q);
      // The day after each person's latest active day so far, counted from `start` (0: none yet).
      const after = new Int32Array(member.length);
      const counts = new Int32Array(31);
      const out: ActivityGap[] = [];
      for (let i = 0; i < days.length; i++) {
        counts.fill(0);
        for (const { actors } of days[i]) {
          for (let j = 0; j < actors.length; j++) {
            const a = actors[j];
            if (!member[a]) continue;
            counts[after[a] ? Math.min(i + 1 - after[a], 30) : 30]++;
            after[a] = i + 1;
          }
        }
        if (start + i < from) continue;
        for (let gap = 1; gap <= 30; gap++) if (counts[gap]) out.push({ day: isoDay(start + i), gap, actors: counts[gap] });
      }
      return out;
    }
    const rows = all<{ day: number; prev: number; n: number }>(
      "SELECT d.day, d.prev, d.actors AS n FROM actor_gaps d WHERE d.project_id = ? AND d.day BETWEEN ? AND ? AND d.actors > 0",
      projectId, from, to,
    );
    const out = new Map<string, ActivityGap>();
    for (const r of rows) {
      const gap = r.prev < 0 ? 30 : Math.min(r.day - r.prev, 30);
      const id = `${r.day}:${gap}`;
      const hit = out.get(id);
      if (hit) hit.actors += r.n;
      else out.set(id, { day: isoDay(r.day), gap, actors: r.n });
    }
    return [...out.values()];
  }

  function activeTotals(projectId: string, q: RangeQuery): ActiveTotals {
    if (q.tz !== zone) return raw.activeTotals(projectId, q);
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    const users = q.segment
      ? segmentActive(projectId, q, from, to)
      : ((db.prepare("SELECT sum(d.actors) FROM actor_gaps d WHERE d.project_id = ? AND d.day BETWEEN ? AND ? AND d.prev < ?")
          .pluck().get(projectId, from, to, from) as number | null) ?? 0);
    // A segment's accounts are a few hundred: one seek each for a day in range, where reading every account's
    // day rows of the range and probing the segment for each was most of the 128 ms these two counts took over
    // 10 M events (39 ms now).
    const seg = accountSegmentSql(q, projectId, "ac.account_id");
    const accounts = q.segment
      ? (db.prepare(
          `SELECT count(*) FROM accounts ac WHERE ac.project_id = ?${seg.sql} AND EXISTS (
             SELECT 1 FROM account_days d INDEXED BY account_days_chain
             WHERE d.project_id = ac.project_id AND d.k = '*' AND d.account_id = ac.account_id AND d.day BETWEEN ? AND ?)`,
        ).pluck().get(projectId, ...seg.params, from, to) as number)
      : ((db.prepare(
          "SELECT sum(d.accounts) FROM account_gaps d WHERE d.project_id = ? AND d.day BETWEEN ? AND ? AND d.k = '*' AND d.prev < ?",
        ).pluck().get(projectId, from, to, from) as number | null) ?? 0);
    return { users, accounts };
  }

  /**
   * Per account with any, its distinct people over days [from, to], from account_users' days held in memory
   * (key-days.ts): over 10 M events, 28 days took about 30 ms from 64-day masks (migration 160).
   */
  function accountUsers(projectId: string, q: RangeQuery, from: number, to: number): { account_id: string; n: number }[] {
    const days = keyDays.read(projectId, from, to, "people");
    const member = accountMember(projectId, q);
    const names = keyDays.names(projectId);
    const counted = usersMemo(projectId, `${from}:${to}:${memberKey(q)}`, days, () => countUsers(days, member, names.length), member);
    return Array.from(counted.accounts, (account, i) => ({ account_id: names[account], n: counted.n[i] }));
  }

  /** Each account's distinct people over `days` (account_users' days held), as account numbers and counts. */
  function countUsers(days: KeyDay[][], member: Uint8Array | null, size: number): { accounts: Int32Array; n: Int32Array } {
    // Each account's runs of the days, linked newest first: a run is [day, start, end) of that day's arrays.
    const head = new Int32Array(size).fill(-1);
    const runs: number[] = [];
    days.forEach((day, d) => {
      for (const { actors, uses: accounts } of day) {
        for (let start = 0; start < actors.length; ) {
          const account = accounts[start];
          let end = start + 1;
          while (end < actors.length && accounts[end] === account) end++;
          if (!member || member[account]) {
            runs.push(d, start, end, head[account]);
            head[account] = runs.length - 4;
          }
          start = end;
        }
      }
    });
    // A person counts once per account: marked with the account's number + 1.
    const seen = new Int32Array(size);
    const accounts: number[] = [];
    const counts: number[] = [];
    for (let account = 0; account < head.length; account++) {
      let n = 0;
      for (let r = head[account]; r !== -1; r = runs[r + 3]) {
        const { actors } = days[runs[r]][0];
        for (let j = runs[r + 1]; j < runs[r + 2]; j++) {
          if (seen[actors[j]] !== account + 1) {
            seen[actors[j]] = account + 1;
            n++;
          }
        }
      }
      if (n > 0) {
        accounts.push(account);
        counts.push(n);
      }
    }
    return { accounts: Int32Array.from(accounts), n: Int32Array.from(counts) };
  }

  /**
   * The accounts a question keeps, as a byte per number of the days held (null: every one): the segment's, and
   * only `q.account` when it names one. Asked after the days are read.
   */
  function accountMember(projectId: string, q: RangeQuery): Uint8Array | null {
    if (!q.segment && q.account == null) return null;
    const inSegment = q.segment ? segmentAccountMembers(projectId, q) : null;
    if (q.account == null) return inSegment;
    const one = keyDays.members(projectId, [q.account]);
    if (inSegment) for (let i = 0; i < one.length; i++) one[i] &= inSegment[i];
    return one;
  }

  /**
   * Per span of days [from, to] and account with events in it: its events, sign-ins and uses, and its people
   * counted on their first day of the span (w<o> of day from + o, exact for spans of at most 7 days). From
   * account_totals' days held in memory (key-days.ts): over 10 M events, 31 weeks of every account took 40 ms
   * as account_weeks rows.
   */
  function accountSpans(projectId: string, q: RangeQuery, spans: [number, number][]): SpanSums[] {
    const held = spans.map(([from, to]) => keyDays.read(projectId, from, to, "totals"));
    const member = accountMember(projectId, q);
    const size = keyDays.names(projectId).length;
    const sums = [new Float64Array(size), new Float64Array(size), new Float64Array(size), new Float64Array(size)];
    return held.map((days, i) =>
      spansMemo(projectId, `${spans[i][0]}:${spans[i][1]}:${memberKey(q)}`, days, () => sumSpan(days, member, sums), member),
    );
  }

  /** One span's sums per account with events in it, as account numbers and columns; `sums` is scratch, left zeroed. */
  function sumSpan(days: KeyDay[][], member: Uint8Array | null, sums: Float64Array[]): SpanSums {
    const [events, logins, uses, users] = sums;
    const touched: number[] = [];
    days.forEach((day, o) => {
      for (const { k, actors, uses: n } of day) {
        const col = k === "events" ? events : k === "logins" ? logins : k === "uses" ? uses : k === W_COLS[o] ? users : null;
        if (!col) continue;
        for (let j = 0; j < actors.length; j++) {
          const a = actors[j];
          if (member && !member[a]) continue;
          if (col === events && events[a] === 0) touched.push(a);
          col[a] += n[j];
        }
      }
    });
    const out = { accounts: Int32Array.from(touched), events: new Float64Array(touched.length), logins: new Float64Array(touched.length), uses: new Float64Array(touched.length), users: new Float64Array(touched.length) };
    touched.forEach((a, j) => {
      out.events[j] = events[a];
      out.logins[j] = logins[a];
      out.uses[j] = uses[a];
      out.users[j] = users[a];
      for (const col of sums) col[a] = 0;
    });
    return out;
  }

  /**
   * Per bucket, the sign-ins and the people who signed in (of a segment, or everyone), and how many people signed
   * in how often over the range, from the sign-in days held in memory (key-days.ts): over 10 M events, a tier's
   * weeks took 90 to 115 ms from its people's login_blocks rows (migration 180, gone in 280), and everyone's 63 ms
   * from key_gaps and login_blocks against 19 here.
   */
  function signIns(projectId: string, q: RangeQuery, bs: Bucket[], from: number, to: number) {
    const days = keyDays.read(projectId, from, to);
    // Everyone when no segment is asked: every number this process gave a person.
    const member = q.segment ? segmentMembers(projectId, q) : new Uint8Array(keyDays.names(projectId).length).fill(1);
    const index = bucketIndex(bs.map((b) => b.first), from, to);
    const series = bs.map(() => ({ logins: 0, users: 0 }));
    // Bucket numbers from 1: 0 is "not seen yet".
    const lastBucket = new Int32Array(member.length);
    const perActor = new Int32Array(member.length);
    for (let i = 0; i < days.length; i++) {
      const login = days[i].find((d) => d.k === "login");
      if (!login) continue;
      const bucket = index[i] + 1;
      const p = series[index[i]];
      const { actors, uses } = login;
      for (let j = 0; j < actors.length; j++) {
        const a = actors[j];
        if (!member[a] || uses[j] <= 0) continue;
        p.logins += uses[j];
        perActor[a] += uses[j];
        if (lastBucket[a] !== bucket) {
          lastBucket[a] = bucket;
          p.users++;
        }
      }
    }
    const histogram = new Map<number, number>();
    for (const n of perActor) if (n > 0) histogram.set(n, (histogram.get(n) ?? 0) + 1);
    const actorsByLogins = [...histogram].sort((x, y) => x[0] - y[0]).map(([logins, actors]) => ({ logins, actors }));
    return { series, actorsByLogins };
  }

  function loginStats(projectId: string, q: BucketQuery): LoginStats {
    if (q.tz !== zone) return raw.loginStats(projectId, q);
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    const bs = buckets(from, to, q.interval);
    const counts = signIns(projectId, q, bs, from, to);
    const series = bs.map((b, i) => ({ date: b.date, ...counts.series[i] }));
    const span = accountSpans(projectId, q, [[from, to]])[0];
    const names = keyDays.names(projectId);
    const logins = new Map(Array.from(span.accounts, (a, j) => [names[a], span.logins[j]]));
    const perAccount = accountUsers(projectId, q, from, to).map((r) => ({ accountId: r.account_id, logins: logins.get(r.account_id) ?? 0, activeUsers: r.n }));
    return { series, actorsByLogins: counts.actorsByLogins, perAccount };
  }

  /**
   * A segment's uses and distinct people per day and feature key, from the days held in memory (key-days.ts):
   * a person counts in a bucket on their first day of it with the feature, and in the range on their first day
   * of the range, as key_days' prev column has it.
   */
  function segmentFeatureRows(projectId: string, q: BucketQuery & { feature?: string }, from: number, to: number, index: Int32Array) {
    const days = keyDays.read(projectId, from, to);
    const member = segmentMembers(projectId, q);
    const only = q.feature != null ? `f:${q.feature}` : null;
    const seen = new Map<string, { bucket: Int32Array; range: Uint8Array }>();
    const out: { day: number; k: string; uses: number; bucketUsers: number; rangeUsers: number }[] = [];
    for (let i = 0; i < days.length; i++) {
      // Bucket numbers from 1: 0 is "not seen yet".
      const bucket = index[i] + 1;
      for (const { k, actors, uses } of days[i]) {
        if (only !== null ? k !== only : !k.startsWith("f:")) continue;
        let s = seen.get(k);
        if (!s) seen.set(k, (s = { bucket: new Int32Array(member.length), range: new Uint8Array(member.length) }));
        let n = 0;
        let bucketUsers = 0;
        let rangeUsers = 0;
        for (let j = 0; j < actors.length; j++) {
          const a = actors[j];
          if (!member[a]) continue;
          n += uses[j];
          if (s.bucket[a] !== bucket) {
            s.bucket[a] = bucket;
            bucketUsers++;
          }
          if (!s.range[a]) {
            s.range[a] = 1;
            rangeUsers++;
          }
        }
        if (n > 0) out.push({ day: from + i, k, uses: n, bucketUsers, rangeUsers });
      }
    }
    return out;
  }

  /**
   * Every person's uses and distinct people per day and feature key, from key_gaps' rows held in memory
   * (gap-days.ts): a person counts in a bucket, or in the range, on a day whose previous day with the feature
   * falls before it.
   */
  function featureRows(projectId: string, q: { feature?: string }, bs: Bucket[], from: number, to: number, index: Int32Array) {
    const days = gapDays.read(projectId, from, to);
    const only = q.feature != null ? `f:${q.feature}` : null;
    const out: { day: number; k: string; uses: number; bucketUsers: number; rangeUsers: number }[] = [];
    for (let i = 0; i < days.length; i++) {
      const bucketFirst = bs[index[i]].first;
      for (const { k, prev, actors, uses } of days[i]) {
        if (only !== null && k !== only) continue;
        let n = 0;
        let bucketUsers = 0;
        let rangeUsers = 0;
        for (let j = 0; j < prev.length; j++) {
          n += uses[j];
          if (prev[j] < bucketFirst) bucketUsers += actors[j];
          if (prev[j] < from) rangeUsers += actors[j];
        }
        if (n > 0) out.push({ day: from + i, k, uses: n, bucketUsers, rangeUsers });
      }
    }
    return out;
  }

  function featureUsage(projectId: string, q: BucketQuery & { feature?: string }): FeatureUsage {
    if (q.tz !== zone) return raw.featureUsage(projectId, q);
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    const bs = buckets(from, to, q.interval);
    const index = bucketIndex(bs.map((b) => b.first), from, to);
    const rows = q.segment ? segmentFeatureRows(projectId, q, from, to, index) : featureRows(projectId, q, bs, from, to, index);
    const totals = new Map<string, FeatureUsage["totals"][number]>();
    const series = new Map<string, FeatureUsage["series"][number]>();
    for (const r of rows) {
      const feature = r.k.slice(2);
      const t = totals.get(feature) ?? { feature, users: 0, accounts: 0, uses: 0 };
      t.users += r.rangeUsers;
      t.uses += r.uses;
      totals.set(feature, t);
      const b = bs[index[r.day - from]];
      const id = `${feature}\u0000${b.date}`;
      const p = series.get(id) ?? { feature, date: b.date, users: 0, uses: 0 };
      p.users += r.bucketUsers;
      p.uses += r.uses;
      series.set(id, p);
    }
    // A segment's accounts per feature are its (feature, account) pairs with a day in range.
    const segmentAccounts = () => {
      const n = new Map<string, number>();
      for (const r of accountFeatures(projectId, q)) n.set(r.feature, (n.get(r.feature) ?? 0) + 1);
      return [...n].map(([feature, count]) => ({ k: `f:${feature}`, n: count }));
    };
    const accounts = q.segment
      ? segmentAccounts()
      : all<{ k: string; n: number }>(
          `SELECT d.k, sum(d.accounts) AS n FROM account_gaps d WHERE d.project_id = ? AND d.day BETWEEN ? AND ?
             AND ${q.feature != null ? "d.k = ?" : `d.k >= '${F_LO}' AND d.k < '${F_HI}'`} AND d.prev < ? GROUP BY d.k`,
          projectId, from, to, ...(q.feature != null ? [`f:${q.feature}`] : []), from,
        );
    for (const r of accounts) {
      const t = totals.get(r.k.slice(2));
      if (t) t.accounts = r.n;
    }
    return { totals: [...totals.values()], series: [...series.values()] };
  }

  function accountFeatures(projectId: string, q: RangeQuery): AccountFeatureRow[] {
    if (q.tz !== zone) return raw.accountFeatures(projectId, q);
    if (q.account == null) return heldFeatureRows(projectId, q).rows.slice();
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    // One account: a seek down its chain for each feature used in the range, instead of a read of every
    // account's days (0.1 s over 10 M events).
    const keys = db
      .prepare(`SELECT DISTINCT k FROM account_gaps WHERE project_id = ? AND day BETWEEN ? AND ? AND k >= '${F_LO}' AND k < '${F_HI}'`)
      .pluck()
      .all(projectId, from, to) as string[];
    if (!keys.length) return [];
    const a = accountSegmentSql({ segment: q.segment, account: undefined }, projectId);
    return all<AccountFeatureRow>(
      `SELECT d.account_id AS accountId, substr(d.k, 3) AS feature, sum(d.n) AS uses FROM account_days d INDEXED BY account_days_chain
       WHERE d.project_id = ? AND d.k IN (${keys.map(() => "?").join(", ")}) AND d.account_id = ? AND d.day BETWEEN ? AND ?${a.sql}
       GROUP BY d.k`,
      projectId, ...keys, q.account, from, to, ...a.params,
    );
  }

  /**
   * Every account's uses per feature, summed from the days held in memory (key-days.ts), a feature at a time:
   * over 10 M events and 90 days, 15 ms here, where the pairs took about 50 ms from 64-day masks (a table
   * since dropped) and their uses 40-100 ms more down account_days' chains.
   */
  function heldFeatureRows(projectId: string, q: RangeQuery) {
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    const days = keyDays.read(projectId, from, to, "accounts");
    const member = q.segment ? segmentAccountMembers(projectId, q) : null;
    const names = keyDays.names(projectId);
    const sums = featuresMemo(projectId, `${from}:${to}:${memberKey(q)}`, days, () => sumFeatures(days, member, names.length), member);
    return featureRowsOf(sums, names, q.segment == null);
  }

  // Like weekRows: everyone's feature rows, and their breadth once asked, built once for each feature sums and
  // shared (frozen) by every answer after.
  type FeatureRows = { rows: readonly AccountFeatureRow[]; breadth?: AccountBreadth };
  const heldFeatureRowsOf = new WeakMap<FeatureSums, FeatureRows>();
  function featureRowsOf(sums: FeatureSums, names: readonly string[], keep: boolean): FeatureRows {
    let built = heldFeatureRowsOf.get(sums);
    if (!built) {
      const rows: AccountFeatureRow[] = [];
      sums.features.forEach((feature, f) => {
        for (let j = sums.starts[f]; j < sums.starts[f + 1]; j++) rows.push(Object.freeze({ accountId: names[sums.accounts[j]], feature, uses: sums.uses[j] }));
      });
      built = { rows };
      if (keep) heldFeatureRowsOf.set(sums, built);
    }
    return built;
  }

  function breadthOfRows(built: FeatureRows): AccountBreadth {
    if (!built.breadth) {
      built.breadth = breadthOf(built.rows);
      built.breadth.accounts.forEach((a) => Object.freeze(a));
    }
    return { accounts: built.breadth.accounts.slice(), features: built.breadth.features };
  }

  /** Each feature's accounts and their uses over `days` (account_days' days held), the features' runs starting at `starts`. */
  function sumFeatures(days: KeyDay[][], member: Uint8Array | null, size: number): FeatureSums {
    const byKey = new Map<string, KeyDay[]>();
    for (const day of days) {
      for (const kd of day) {
        const list = byKey.get(kd.k);
        if (list) list.push(kd);
        else byKey.set(kd.k, [kd]);
      }
    }
    const sums = new Float64Array(size);
    const seen = new Uint8Array(size);
    const out = { features: [] as string[], starts: [0], accounts: [] as number[], uses: [] as number[] };
    for (const [k, list] of byKey) {
      const touched: number[] = [];
      for (const { actors, uses } of list) {
        for (let j = 0; j < actors.length; j++) {
          const a = actors[j];
          if (member && !member[a]) continue;
          if (!seen[a]) {
            seen[a] = 1;
            touched.push(a);
          }
          sums[a] += uses[j];
        }
      }
      out.features.push(k.slice(2));
      for (const a of touched) {
        out.accounts.push(a);
        out.uses.push(sums[a]);
        sums[a] = 0;
        seen[a] = 0;
      }
      out.starts.push(out.accounts.length);
    }
    return { features: out.features, starts: Int32Array.from(out.starts), accounts: Int32Array.from(out.accounts), uses: Float64Array.from(out.uses) };
  }

  function accountBreadth(projectId: string, q: RangeQuery): AccountBreadth {
    if (q.tz === zone && q.account == null) return breadthOfRows(heldFeatureRows(projectId, q));
    return breadthOf(accountFeatures(projectId, q));
  }

  function accountFeatureUses(projectId: string, q: RangeQuery, except: string[]): FeatureUsesRow[] {
    return featureUsesExcept(accountFeatures(projectId, q), except);
  }

  function accountWindows(projectId: string, q: RangeQuery, windows: DayWindow[]): AccountWindows[] {
    if (q.tz !== zone) return raw.accountWindows(projectId, q, windows);
    const spans = windows.map((w): [number, number] => [dayNumber(w.from), dayNumber(w.to)]);
    const sums = accountSpans(projectId, q, spans);
    // Named after reading the days, which may name new accounts.
    const names = keyDays.names(projectId);
    // Account number → its place in `out`, or -1.
    const slot = new Int32Array(names.length).fill(-1);
    const out: AccountWindows[] = [];
    const zeros = () => new Array<number>(windows.length).fill(0);
    sums.forEach((span, window) => {
      const [from, to] = spans[window];
      // Past a week, a person may come back within the window: the distinct people come from their own rows.
      const users = to - from < W_COLS.length ? null : new Map(accountUsers(projectId, q, from, to).map((r) => [r.account_id, r.n]));
      span.accounts.forEach((a, j) => {
        if (slot[a] < 0) {
          slot[a] = out.length;
          out.push({ accountId: names[a], users: zeros(), events: zeros(), logins: zeros(), uses: zeros() });
        }
        const row = out[slot[a]];
        row.users[window] = users ? (users.get(names[a]) ?? 0) : span.users[j];
        row.events[window] = span.events[j];
        row.logins[window] = span.logins[j];
        row.uses[window] = span.uses[j];
      });
    });
    return out;
  }

  function cohorts(projectId: string, q: BucketQuery): CohortCell[] {
    if (q.tz !== zone) return raw.cohorts(projectId, q);
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    const bs = buckets(from, to, q.interval);
    const index = bucketIndex(bs.map((b) => b.first), from, to);
    const s = actorSeg(projectId, q);
    // The people first seen in range, then their day rows down the chain index: the planner, left alone,
    // would read every person's day rows of the range and look each person up (migration 130).
    const rows = all<{ fd: number; pb: number; n: number }>(
      `SELECT ${zoneDaySql(zone, "u.first_seen")} AS fd, ${bucketStartSql("d.day", q.interval, from)} AS pb, count(*) AS n
       FROM users u CROSS JOIN actor_days d INDEXED BY actor_days_chain ON d.project_id = u.project_id AND d.actor = u.actor
       WHERE u.project_id = ? AND u.first_seen >= ? AND u.first_seen < ? AND d.day BETWEEN ? AND ?
         AND (d.prev IS NULL OR d.prev < ${bucketStartSql("d.day", q.interval, from)})${s.where}
       GROUP BY fd, pb`,
      projectId, localDayStart(from, zone), localDayStart(to + 1, zone), from, to, ...s.params,
    );
    const out = new Map<string, CohortCell>();
    for (const r of rows) {
      const cb = index[r.fd - from];
      const period = index[r.pb - from] - cb;
      const id = `${cb}:${period}`;
      const hit = out.get(id);
      if (hit) hit.actors += r.n;
      else out.set(id, { cohort: bs[cb].date, period, actors: r.n });
    }
    return [...out.values()];
  }

  // The survey, checklist and renewal questions read their few named events through events_rare, the partial
  // index of those events alone: without statistics the planner would rather scan every event of the range.
  /** Instants bounding the local days of q. */
  const span = (q: RangeQuery) => [localDayStart(dayNumber(q.from), q.tz), localDayStart(dayNumber(q.to) + 1, q.tz)] as const;

  /**
   * The rare events of the whole project (surveys, checklists) come from their partial index; one account's
   * from that account's events in time order, a few thousand rows against every account's survey events:
   * the account page's survey and checklist reads over 10 M events took 9 and 12 ms that way, about 1 ms each this way.
   */
  const rareIndex = (q: RangeQuery) => (q.account != null ? "events_by_account" : "events_rare");

  function surveyEvents(projectId: string, q: RangeQuery, surveyId?: string): SurveyEvents {
    const [start, end] = span(q);
    const s = actorSeg(projectId, q);
    const idFilter = (surveyId != null ? " AND json_extract(d.properties, '$.survey_id') = ?" : "") + (q.account != null ? " AND d.account_id = ?" : "");
    const idParams = [...(surveyId != null ? [surveyId] : []), ...(q.account != null ? [q.account] : [])];
    const fromNamed = `FROM events d INDEXED BY ${rareIndex(q)} WHERE d.project_id = ? AND ${RARE_EVENTS_SQL} AND d.event = ? AND d.ts >= ? AND d.ts < ?
         AND d.type = 'track'${idFilter}${s.where}`;
    // The event name is the first parameter after the project.
    const named = (cols: string, tail = "") => db.prepare(`SELECT ${cols} ${fromNamed}${tail}`);
    const shown = new Map<number, number>();
    if (q.tz === zone) {
      // Counted per day in SQL: at 10 M events, 27 k instants each turned into a day in JavaScript took 33 ms, this 9.
      const days = named(`${zoneDaySql(zone, "d.ts")} AS day, count(*)`, " GROUP BY day").raw()
        .all(projectId, "Survey Shown", start, end, ...idParams, ...s.params) as [number, number][];
      for (const [day, count] of days) shown.set(day, count);
    } else {
      const shownTs = named("d.ts").pluck().all(projectId, "Survey Shown", start, end, ...idParams, ...s.params) as number[];
      for (const ts of shownTs) {
        const day = localDayNumber(ts, q.tz);
        shown.set(day, (shown.get(day) ?? 0) + 1);
      }
    }
    const dismissed = named("count(*)").pluck().get(projectId, "Survey Dismissed", start, end, ...idParams, ...s.params) as number;
    const rows = jsonRows<[string, number, string, string | null, string]>(
      db, "d.message_id, d.ts, d.actor, d.account_id, d.properties", fromNamed, [projectId, "Survey Responded", start, end, ...idParams, ...s.params],
    );
    // Newest first, as ORDER BY d.ts DESC, d.message_id DESC would have them.
    rows.sort((a, b) => b[1] - a[1] || compareText(b[0], a[0]));
    const responses: SurveyResponse[] = [];
    for (const [messageId, ts, actor, accountId, properties] of rows) {
      const response = toResponse(messageId, ts, actor, accountId, JSON.parse(properties), q.tz);
      if (response) responses.push(response);
    }
    return { shown: [...shown].map(([day, count]) => ({ day: isoDay(day), count })), dismissed, responses };
  }

  /**
   * Only the account and the properties of each answer, parsed here: the full survey events (days counted, every
   * response dated and sorted) took 33 to 55 ms for 90 days over 10 M events, this 17 to 30.
   */
  function surveyScores(projectId: string, q: RangeQuery): SurveyScore[] {
    const [start, end] = span(q);
    if (!q.segment && q.account == null) {
      const out: SurveyScore[] = [];
      const slices = rareDays.read(projectId, start, end, "responses");
      const names = rareDays.names(projectId);
      const number = (x: number) => (Number.isNaN(x) ? null : x);
      for (const { cols, lo, hi } of slices) {
        for (let i = lo; i < hi; i++) {
          const kind = KINDS[cols.kind[i]];
          if (cols.account[i] < 0 || !kind) continue;
          out.push({ accountId: names[cols.account[i]], kind, score: number(cols.score[i]), scale: number(cols.scale[i]) });
        }
      }
      return out;
    }
    const s = actorSeg(projectId, q);
    const rows = jsonRows<[string, string]>(
      db, "d.account_id, d.properties",
      `FROM events d INDEXED BY ${rareIndex(q)} WHERE d.project_id = ? AND ${RARE_EVENTS_SQL} AND d.event = 'Survey Responded' AND d.type = 'track'
         AND d.ts >= ? AND d.ts < ? AND d.account_id IS NOT NULL${q.account != null ? " AND d.account_id = ?" : ""}${s.where}`,
      [projectId, start, end, ...(q.account != null ? [q.account] : []), ...s.params],
    );
    const out: SurveyScore[] = [];
    for (const [accountId, properties] of rows) {
      const scored = scoreOf(JSON.parse(properties));
      if (scored) out.push({ accountId, ...scored });
    }
    return out;
  }

  function checklistEvents(projectId: string, q: RangeQuery, checklistId?: string, completedOnly = false): ChecklistEvent[] {
    const [start, end] = span(q);
    const rows = !q.segment && q.account == null ? heldChecklistRows(projectId, start, end, checklistId, completedOnly) : checklistRows(projectId, q, start, end, checklistId, completedOnly);
    const firstSeen = firstSeenOf(projectId, new Set(rows.map((r) => r[0])));
    const out: ChecklistEvent[] = [];
    for (const [actor, accountId, completed, cid, item, timestamp] of rows) {
      const id = checklistId ?? cid;
      if (typeof id !== "string" && typeof id !== "number") continue;
      const itemId = completed ? null : item == null ? undefined : String(item);
      if (itemId === undefined) continue;
      const seen = firstSeen.get(actor);
      if (seen !== undefined) out.push({ actor, accountId, checklistId: String(id), itemId, timestamp, firstSeen: seen });
    }
    return out;
  }

  /**
   * The checklist rows from the blocks held in memory (rare-days.ts), as checklistRows has them: its json_array turns
   * an object or array id into one (no checklist id; String() of it as an item id), and its json_extract(…) = ?
   * matches text alone.
   */
  function heldChecklistRows(projectId: string, start: number, end: number, checklistId: string | undefined, completedOnly: boolean): ChecklistRow[] {
    const names = rareDays.names(projectId);
    const values = rareDays.values(projectId);
    const asJson = ({ value, type }: HeldValue) => (type === "object" || type === "array" ? JSON.parse(value as string) : value);
    const out: ChecklistRow[] = [];
    const add = (list: "completed" | "items", completed: 0 | 1) => {
      for (const { cols, lo, hi } of rareDays.read(projectId, start, end, list)) {
        for (let i = lo; i < hi; i++) {
          const id = values[cols.checklist[i]];
          if (checklistId != null && id.value !== checklistId) continue;
          const account = cols.account[i];
          out.push([names[cols.actor[i]], account < 0 ? null : names[account], completed, checklistId != null ? null : asJson(id), asJson(values[cols.item[i]]), cols.ts[i]]);
        }
      }
    };
    add("completed", 1);
    if (!completedOnly) add("items", 0);
    return out;
  }

  function checklistRows(projectId: string, q: RangeQuery, start: number, end: number, checklistId: string | undefined, completedOnly: boolean): ChecklistRow[] {
    const s = actorSeg(projectId, q);
    const idFilter = (checklistId != null ? " AND json_extract(d.properties, '$.checklist_id') = ?" : "") + (q.account != null ? " AND d.account_id = ?" : "");
    // Rows as arrays in one JSON text (jsonRows), the checklist id read only when it is not the one asked for,
    // and each actor's first seen looked up once rather than joined to every row: at 10 M events the funnel's
    // 27 k rows cost about half as much.
    return jsonRows<ChecklistRow>(
      db, `d.actor, d.account_id, d.event = 'Checklist Completed', ${checklistId != null ? "NULL" : "json_extract(d.properties, '$.checklist_id')"},
         json_extract(d.properties, '$.item_id'), d.ts`,
      `FROM events d INDEXED BY ${rareIndex(q)}
       WHERE d.project_id = ? AND d.event IN (${completedOnly ? "" : "'Checklist Item Completed', "}'Checklist Completed') AND ${RARE_EVENTS_SQL} AND d.type = 'track'
         AND d.ts >= ? AND d.ts < ?${idFilter}${s.where}`,
      [projectId, start, end, ...(checklistId != null ? [checklistId] : []), ...(q.account != null ? [q.account] : []), ...s.params],
    );
  }

  /**
   * Counted in SQL from the events alone: the events with their first-seen instants, which the score does not
   * use, took 45 to 52 ms over a year of 10 M events, this 9. Every person with an event has a profile row, so
   * checklistEvents' join on it drops nobody here.
   */
  function checklistFinishers(projectId: string, q: RangeQuery): ChecklistFinishers[] {
    const [start, end] = span(q);
    if (!q.segment && q.account == null) {
      const people = new Map<number, Set<number>>();
      const values = rareDays.values(projectId);
      for (const { cols, lo, hi } of rareDays.read(projectId, start, end, "completed")) {
        for (let i = lo; i < hi; i++) {
          const type = values[cols.checklist[i]].type;
          if (cols.account[i] < 0 || (type !== "text" && type !== "integer" && type !== "real")) continue;
          let s = people.get(cols.account[i]);
          if (!s) people.set(cols.account[i], (s = new Set()));
          s.add(cols.actor[i]);
        }
      }
      const names = rareDays.names(projectId);
      return [...people].map(([account, s]) => ({ accountId: names[account], people: s.size })).sort((a, b) => compareText(a.accountId, b.accountId));
    }
    const s = actorSeg(projectId, q);
    return all<{ account_id: string; people: number }>(
      `SELECT d.account_id, count(DISTINCT d.actor) AS people FROM events d INDEXED BY ${rareIndex(q)}
       WHERE d.project_id = ? AND ${RARE_EVENTS_SQL} AND d.event = 'Checklist Completed' AND d.type = 'track' AND d.ts >= ? AND d.ts < ?
         AND d.account_id IS NOT NULL AND json_type(d.properties, '$.checklist_id') IN ('text', 'integer', 'real')
         ${q.account != null ? "AND d.account_id = ?" : ""}${s.where}
       GROUP BY d.account_id`,
      projectId, start, end, ...(q.account != null ? [q.account] : []), ...s.params,
    ).map((r) => ({ accountId: r.account_id, people: r.people }));
  }

  /** First-seen instants of the given actors (people without a profile row are left out, as a join would). */
  function firstSeenOf(projectId: string, actors: Set<string>): Map<string, number> {
    if (!actors.size) return new Map();
    const rows = db.prepare("SELECT actor, first_seen FROM users WHERE project_id = ? AND actor IN (SELECT value FROM json_each(?))")
      .raw().all(projectId, JSON.stringify([...actors])) as [string, number][];
    return new Map(rows);
  }

  function accountOutcomes(projectId: string, q: RangeQuery): AccountOutcome[] {
    const [start, end] = span(q);
    const a = accountSegmentSql(q, projectId);
    return all<{ account_id: string; event: string; ts: number }>(
      `SELECT d.account_id, d.event, d.ts FROM events d INDEXED BY events_rare
       WHERE d.project_id = ? AND d.event IN ('Account Renewed', 'Account Churned') AND ${RARE_EVENTS_SQL} AND d.type = 'track'
         AND d.ts >= ? AND d.ts < ? AND d.account_id IS NOT NULL${a.sql}
       ORDER BY d.ts, d.message_id`,
      projectId, start, end, ...a.params,
    ).map((r) => ({
      accountId: r.account_id,
      kind: r.event === "Account Renewed" ? ("renewed" as const) : ("churned" as const),
      timestamp: r.ts,
      day: isoDay(localDayNumber(r.ts, q.tz)),
    }));
  }

  function accountProfiles(projectId: string, q: RangeQuery, parts: ProfileParts = {}): AccountProfile[] {
    const a = accountSegmentSql(q, projectId);
    const only = parts.accounts ? " AND d.account_id IN (SELECT value FROM json_each(?))" : "";
    const params = parts.accounts ? [...a.params, JSON.stringify(parts.accounts)] : a.params;
    const traits = parts.traits !== false;
    // Each account's people and latest sign-in are kept on its row (migration 270).
    return all<{ account_id: string; traits: string | null; first_seen: number; last_seen: number; users: number; last_login: number | null }>(
      `SELECT d.account_id, ${traits ? "d.traits" : "NULL AS traits"}, d.first_seen, d.last_seen, d.users, d.last_login
       FROM accounts d WHERE d.project_id = ?${a.sql}${only} ORDER BY d.account_id`,
      projectId, ...params,
    ).map((r) => ({
      accountId: r.account_id,
      traits: r.traits == null ? {} : (JSON.parse(r.traits) as Record<string, unknown>),
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      users: r.users,
      lastLogin: r.last_login,
    }));
  }

  // One account's rows are few: its raw events, read through the account index, answer exactly in any time zone.
  function accountActivity(projectId: string, accountId: string, q: RangeQuery): AccountActivity {
    const [start, end] = span(q);
    const counts = all<{ actor: string; events: number; logins: number }>(
      `SELECT d.actor, count(*) AS events, sum(d.type = 'track' AND d.event = 'Signed In') AS logins FROM events d INDEXED BY events_by_account
       WHERE d.project_id = ? AND d.account_id = ? AND d.ts >= ? AND d.ts < ? GROUP BY d.actor`,
      projectId, accountId, start, end,
    );
    const profiles = new Map(
      all<{ actor: string; traits: string; last_seen: number }>(
        "SELECT actor, traits, last_seen FROM users WHERE project_id = ? AND account_id = ?", projectId, accountId,
      ).map((r) => [r.actor, r]),
    );
    const profileOf = db.prepare("SELECT actor, traits, last_seen FROM users WHERE project_id = ? AND actor = ?");
    const activity = new Map(counts.map((c) => [c.actor, c]));
    for (const c of counts) {
      if (!profiles.has(c.actor)) profiles.set(c.actor, profileOf.get(projectId, c.actor) as { actor: string; traits: string; last_seen: number });
    }
    const users = [...profiles.values()].map((p) => ({
      actor: p.actor,
      traits: JSON.parse(p.traits) as Record<string, unknown>,
      lastSeen: p.last_seen,
      logins: activity.get(p.actor)?.logins ?? 0,
      events: activity.get(p.actor)?.events ?? 0,
    }));
    const features = all<{ feature: string; uses: number; users: number; lastUsed: number }>(
      `SELECT json_extract(d.properties, '$.feature') AS feature, count(*) AS uses, count(DISTINCT d.actor) AS users, max(d.ts) AS lastUsed
       FROM events d INDEXED BY events_by_account WHERE d.project_id = ? AND d.account_id = ? AND d.event = 'Feature Used' AND d.ts >= ? AND d.ts < ?
         AND d.type = 'track' AND json_type(d.properties, '$.feature') = 'text' AND json_extract(d.properties, '$.feature') <> ''
       GROUP BY 1`,
      projectId, accountId, start, end,
    );
    return { users, features };
  }

  function traitValues(projectId: string, scope: "user" | "account", trait: string, limit: number): string[] {
    const table = scope === "user" ? "users" : "accounts";
    return db.prepare(
      `SELECT CAST(json_extract(traits, ?) AS TEXT) AS v FROM ${table} WHERE project_id = ? AND v IS NOT NULL
       GROUP BY v ORDER BY count(*) DESC, v LIMIT ?`,
    ).pluck().all(`$."${trait}"`, projectId, limit) as string[];
  }

  return {
    stopWarming: warmer.stop,
    warming: warmer.warming,
    activityGaps: (p, q) => guard(() => activityGaps(p, q)),
    activeTotals: (p, q) => guard(() => activeTotals(p, q)),
    loginStats: (p, q) => guard(() => loginStats(p, q)),
    featureUsage: (p, q) => guard(() => featureUsage(p, q)),
    accountFeatures: (p, q) => guard(() => accountFeatures(p, q)),
    accountBreadth: (p, q) => guard(() => accountBreadth(p, q)),
    accountFeatureUses: (p, q, except) => guard(() => accountFeatureUses(p, q, except)),
    accountWindows: (p, q, w) => guard(() => accountWindows(p, q, w)),
    cohorts: (p, q) => guard(() => cohorts(p, q)),
    surveyEvents: (p, q, id) => guard(() => surveyEvents(p, q, id)),
    checklistEvents: (p, q, id, completedOnly) => guard(() => checklistEvents(p, q, id, completedOnly)),
    checklistFinishers: (p, q) => guard(() => checklistFinishers(p, q)),
    surveyScores: (p, q) => guard(() => surveyScores(p, q)),
    accountOutcomes: (p, q) => guard(() => accountOutcomes(p, q)),
    accountProfiles: (p, q, parts) => guard(() => accountProfiles(p, q, parts)),
    accountActivity: (p, id, q) => guard(() => accountActivity(p, id, q)),
    traitValues: (p, s, t, l) => guard(() => traitValues(p, s, t, l)),
    saveProjectSettings: (p, settings) =>
      guard(() => void db.prepare("UPDATE projects SET settings = ? WHERE id = ?").run(JSON.stringify(settings), p)),
    listWebhooks: (p) =>
      guard(() =>
        all<{ id: string; url: string; secret: string; events: string; created_at: number }>(
          "SELECT * FROM webhooks WHERE project_id = ? ORDER BY created_at, id", p,
        ).map((r): Webhook => ({ id: r.id, url: r.url, secret: r.secret, events: JSON.parse(r.events) as string[], createdAt: r.created_at })),
      ),
    createWebhook: (p, h) =>
      guard(() => void db.prepare("INSERT INTO webhooks (project_id, id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(p, h.id, h.url, h.secret, JSON.stringify(h.events), h.createdAt)),
    deleteWebhook: (p, id) => guard(() => db.prepare("DELETE FROM webhooks WHERE project_id = ? AND id = ?").run(p, id).changes > 0),
    recordAlerts: (p, alerts) =>
      guard(() => {
        const insert = db.prepare("INSERT OR IGNORE INTO alerts_fired (project_id, account_id, reason, day, fired_at) VALUES (?, ?, ?, ?, ?)");
        return db.transaction((list: AlertRecord[]) => list.filter((a) => insert.run(p, a.accountId, a.reason, a.day, a.firedAt).changes > 0))(alerts);
      }),
  };
}

/** A `Survey Responded` event's properties as a response; null when it is not an NPS or CSAT answer. */
export function toResponse(
  messageId: string, ts: number, actor: string, accountId: string | null, props: Record<string, unknown>, tz: string,
): SurveyResponse | null {
  const scored = scoreOf(props);
  if (!scored) return null;
  const comment = typeof props.comment === "string" && props.comment.trim() !== "" ? props.comment : null;
  const surveyId = props.survey_id == null ? "" : String(props.survey_id);
  return { messageId, timestamp: ts, day: isoDay(localDayNumber(ts, tz)), actor, accountId, surveyId, ...scored, comment };
}

/** A `Survey Responded` event's kind, score and scale; null when it is not an NPS or CSAT answer. */
export function scoreOf(props: Record<string, unknown>): Pick<SurveyResponse, "kind" | "score" | "scale"> | null {
  const kind = props.kind;
  if (kind !== "nps" && kind !== "csat") return null;
  const score = typeof props.score === "number" && Number.isFinite(props.score) ? props.score : null;
  const scale = typeof props.scale === "number" && Number.isFinite(props.scale) ? props.scale : null;
  return { kind, score, scale };
}

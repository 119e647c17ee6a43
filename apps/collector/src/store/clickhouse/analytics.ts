/**
 * The ClickHouse engine's AnalyticsStore. Every answer is an exact aggregate (uniqExact, sums, bit ORs)
 * over rollups filled at insert (see migrations/040 and 050), with late identity ties applied by
 * resolvePid()/resolve(). The counting rollups key persons, accounts and features by 64-bit hashes (pid,
 * aid, fid) and every GROUP BY and distinct count runs over those numbers; strings are looked up only for
 * the rows of an answer.
 *
 * Hours (activity_hours, feature_hours) serve any zone whose midnights fall on whole UTC hours: local days
 * are exact unions of hour rows; other zones (India, Nepal, …) read raw events. When the days asked are UTC
 * days, month rows serve instead: who was active on which days as one 31-bit mask per person, account and
 * month (active_months), per account and day events, logins and uses (account_days), per feature, account
 * and month 31 day counts of uses (feature_months), and per person, account and month 31 day counts of sign-ins
 * (login_months); the account windows' people read one row of day bits per person, account and half year
 * (active_halves); first and last seen per account come from the accounts
 * rollup. Buckets are mapped with an array built by analytics/buckets.ts, so bucket edges
 * are the same code as in every other engine.
 */
import { buckets } from "../../analytics/buckets.ts";
import { breadthOf, featureUsesExcept } from "../../analytics/features.ts";
import type {
  AccountActivity, AccountBreadth, AccountFeatureActivity, AccountFeatureRow, AccountOutcome, AccountProfile, AccountWindows, ActiveTotals, ProfileParts,
  ActivityGap, BucketQuery, ChecklistEvent, ChecklistFinishers, CohortCell, DayWindow, FeatureUsage, FeatureUsesRow, LoginFrequency, LoginStats,
  SurveyEvents, SurveyResponse, SurveyScore,
} from "../analytics-types.ts";
import type { ActiveDay, RangeQuery } from "../types.ts";
import { scoreOf, toResponse } from "../sqlite/analytics.ts";
import { dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import type { ClickHouseHttp } from "./http.ts";
import {
  actorsOf, firstSeenPid, identities, lateTies, memberCounts, membershipsOf, personNames, resolve, resolvePid, segmentAccounts, segmentPids, type Sql,
} from "./queries.ts";
import { ident, int, str, strList } from "./sql.ts";
import { traitsObject } from "./traits.ts";

type Level = "actor" | "account";
type Metric = "events" | "logins" | "uses";

/** The raw-event columns of the rollups' keys and metrics, for zones the hour rollups cannot serve. */
const PID = "cityHash64(person)";
const AID = "if(account_id = '', toUInt64(0), cityHash64(account_id))";
const RAW: Record<Metric, string> = {
  events: "toUInt64(1)",
  logins: "toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')",
  uses: "toUInt64(feature != '')",
};
/**
 * Properties that hold no nested object or array and no escaped quote: the first `"key":` in them is the
 * top-level key (JSON.stringify writes each key once), so visitParamExtractRaw cuts its value out exactly.
 */
const SIMPLE_PROPS = `position(substring(properties, 2), '{') = 0 AND position(properties, '[') = 0 AND position(properties, ${str('\\"')}) = 0`;

/**
 * The properties a reader needs, without shipping every event's JSON: simple ones are cut in SQL and the
 * JSON stays behind; others are sent whole. Columns: the JSON or '', then each key's raw value or ''.
 */
function propsColumns(keys: string[]): string {
  return [`if(${SIMPLE_PROPS}, '', properties)`, ...keys.map((k) => `visitParamExtractRaw(properties, ${str(k)})`)].join(", ");
}

const rawValues = new Map<string, unknown>();

/** Whether a checklist event names its checklist, as the readers of checklist events require. */
function hasChecklistId(props: Record<string, unknown>): boolean {
  return typeof props.checklist_id === "string" || typeof props.checklist_id === "number";
}

/** The properties from propsColumns() starting at row[at]: the JSON when sent, else the cut-out values. */
function readProps(row: string[], at: number, keys: string[]): Record<string, unknown> {
  if (row[at] !== "") return JSON.parse(row[at]) as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    const raw = row[at + 1 + i];
    if (raw === "") return;
    let v = rawValues.get(raw);
    if (v === undefined) {
      v = JSON.parse(raw);
      if (rawValues.size < 10_000) rawValues.set(raw, v);
    }
    props[k] = v;
  });
  return props;
}

const CHECKLIST = ["Checklist Item Completed", "Checklist Completed"];
const OUTCOMES = ["Account Renewed", "Account Churned"];

/**
 * Local days [from, to] of `tz` as UTC instants [start, end) (localDayStart's, the instants the SQLite
 * engine reads), and whether every local midnight in between is a whole UTC hour, so that hour rollups
 * cover the days exactly.
 */
function span(tz: string, from: number, to: number) {
  const start = localDayStart(from, tz);
  const end = localDayStart(to + 1, tz);
  if (tz === "UTC") return { start, end, hourly: true, utc: true };
  const onTheHour = (d: number) => {
    const h = Math.floor(localDayStart(d, tz) / 3_600_000) * 3_600_000;
    return localDayNumber(h, tz) === d && localDayNumber(h - 1, tz) === d - 1;
  };
  let hourly = true;
  let utc = true;
  for (let d = from; d <= to + 1 && hourly; d++) {
    hourly = onTheHour(d);
    utc &&= localDayStart(d, tz) === d * 86_400_000;
  }
  return hourly
    ? { start: Math.floor(start / 3_600_000) * 3_600_000, end: Math.floor(end / 3_600_000) * 3_600_000, hourly, utc: hourly && utc }
    : { start, end, hourly, utc: false };
}

const DAY_COLUMNS = Array.from({ length: 31 }, (_, i) => `d${i + 1}`);

/** The day number of the first of the month holding day number `d`. */
function monthStart(d: number): number {
  const date = new Date(d * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
}

/** The bits lo..hi (0 ≤ lo, hi < 64) of a UInt64, as a literal. */
function bits(lo: number, hi: number): string {
  if (hi < lo) return "toUInt64(0)";
  return `toUInt64(${(((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo)).toString()})`;
}

/**
 * Day sets as bitmasks: rows of (base, m) where bit b of m is day base + b, OR-ed per group into `words`
 * UInt64 words of which bit b of word j is day start + 64j + b. `single`: every row is one day (m = 1) on or
 * after `start`, as presence() gives outside UTC; its bit is placed directly rather than shifted into each word
 * (São Paulo active users over 100 M events: 1.03 s to 1.01 s).
 */
function dayWords(start: number, words: number, single = false): string {
  return Array.from({ length: words }, (_, j) => {
    if (single) {
      const o = `(toUInt64(base) - ${int(start)})`;
      return `groupBitOr(if(intDiv(${o}, 64) = ${j}, bitShiftLeft(m, toUInt8(${o} % 64)), toUInt64(0))) AS w${j}`;
    }
    const o = `(toInt64(base) - ${int(start + 64 * j)})`;
    return `groupBitOr(if(${o} >= 0 AND ${o} < 64, bitShiftLeft(m, toUInt8(${o})), if(${o} < 0 AND ${o} > -64, bitShiftRight(m, toUInt8(-${o})), toUInt64(0)))) AS w${j}`;
  }).join(", ");
}

/**
 * dayWords() for active_halves' rows (base, s0, s1, s2), where bit b of s{k} is day base + 64k + b: each of the
 * three words shifted into each word from `start`.
 */
function halfWords(start: number, words: number): string {
  const shifted = (x: string, by: number) => {
    const o = `(base ${by < 0 ? "-" : "+"} ${Math.abs(by)})`;
    return `if(${o} >= 0 AND ${o} < 64, bitShiftLeft(${x}, toUInt8(${o})), if(${o} < 0 AND ${o} > -64, bitShiftRight(${x}, toUInt8(-${o})), toUInt64(0)))`;
  };
  return Array.from({ length: words }, (_, j) => {
    const [a, b, c] = [0, 1, 2].map((k) => shifted(`s${k}`, 64 * k - start - 64 * j));
    return `groupBitOr(bitOr(bitOr(${a}, ${b}), ${c})) AS w${j}`;
  }).join(", ");
}

/** The first day of the half year (from Jan 1 or Jul 1) holding UTC day `day`. */
function halfStart(day: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() < 6 ? 0 : 6, 1) / 86_400_000;
}

export function createClickHouseAnalytics(http: ClickHouseHttp, db: string) {
  const t = (table: string) => `${ident(db)}.${ident(table)}`;

  /** Raw events of [start, end): the UTC `day` key narrows the read, `ts` makes it exact. */
  const rawWhere = (p: string, start: number, end: number) =>
    `project_id = ${str(p)} AND day >= toDate(${str(isoDay(Math.floor(start / 86_400_000)))})
      AND day <= toDate(${str(isoDay(Math.floor((end - 1) / 86_400_000)))}) AND ts >= ${int(start)} AND ts < ${int(end)}`;
  const hourWhere = (p: string, start: number, end: number) =>
    `project_id = ${str(p)} AND hour >= toDateTime(${int(start / 1000)}) AND hour < toDateTime(${int(end / 1000)})`;
  const localDay = (col: string, tz: string) => `toUInt32(toDate(${col}, ${str(tz)}))`;
  const tsDay = (tz: string) => localDay("toDateTime(intDiv(ts, 1000))", tz);

  /**
   * Keeps the segment's persons (actor level), or rows filed under a segment account (account level), and
   * only `q.account`'s rows when the question is about one account.
   */
  function scoped(s: Sql, q: RangeQuery, rows: string, level: Level): string {
    let seg = "";
    if (level === "account") {
      seg = `aid != 0${q.segment ? ` AND aid IN (SELECT cityHash64(account_id) FROM ${segmentAccounts(s, q.segment)})` : ""}`;
      if (q.account != null) seg += ` AND aid = cityHash64(${str(q.account)})`;
    } else if (q.segment) seg = `who IN ${segmentPids(s, q.segment)}`;
    return seg ? `(SELECT * FROM ${rows} WHERE ${seg})` : rows;
  }

  /** The month rows of UTC days [from, to] (the first month from its start). */
  const monthsOf = (s: Sql, from: number, to: number) =>
    `project_id = ${str(s.project)} AND month >= toStartOfMonth(toDate(${str(isoDay(from))})) AND month <= toDate(${str(isoDay(to))})`;
  /** aid → account id, for naming the rows of an answer. */
  const accountNames = (s: Sql) =>
    `(SELECT cityHash64(account_id) AS aid, account_id FROM ${t("accounts")} WHERE project_id = ${str(s.project)} GROUP BY account_id)`;
  /** fid → feature, for features used in UTC months overlapping days [from, to]. */
  const featureNames = (s: Sql, from: number, to: number) =>
    `(SELECT fid, any(feature) AS feature FROM ${t("feature_months")} WHERE ${monthsOf(s, from, to)} GROUP BY fid)`;

  /**
   * Rows of (who, aid, base, m): days a person was active under an account, as bits of m (bit b is day
   * base + b), only days in [from, to]. UTC days come from the month masks (one row per person, account and
   * month); other zones from the hour rollups, one row per day with bit 0 set.
   */
  function presence(s: Sql, q: RangeQuery, from: number, to: number, level: Level): string {
    if (!span(q.tz, from, to).utc) return `(SELECT who, aid, dn AS base, toUInt64(1) AS m FROM ${activity(s, q, from, to, level)})`;
    const account = level === "account" ? q.account : undefined;
    const lo = `greatest(toInt64(${int(from)}) - base, 0)`;
    const hi = `least(toInt64(${int(to)}) - base, 30)`;
    const inRange = `if(${hi} < ${lo}, toUInt64(0), bitShiftLeft(bitShiftRight(toUInt64(4294967295), toUInt8(31 - (${hi} - ${lo}))), toUInt8(${lo})))`;
    const source = `(SELECT pid, aid, base, m FROM (
        SELECT pid, aid, base, bitAnd(toUInt64(finalizeAggregation(days)), ${inRange}) AS m
        FROM (SELECT pid, aid, toUInt32(month) AS base, days FROM ${t("active_months")}
          WHERE ${monthsOf(s, from, to)}${account == null ? "" : ` AND aid = cityHash64(${str(account)})`})
      ) WHERE m != 0)`;
    return scoped(s, q, resolvePid(s, source, ["aid", "base", "m"]), level);
  }

  /**
   * Rows of (who, aid, base, s0, s1, s2) at the account level for UTC days [from, to]: the days a person was
   * active under an account in the half year from day `base`, as bits (see halfWords). Days of those halves
   * outside [from, to] are left in: the caller tests only its own days.
   */
  function halves(s: Sql, q: RangeQuery, from: number, to: number): string {
    const source = `(SELECT pid, aid, toInt64(toUInt32(half)) AS base,
          finalizeAggregation(w0) AS s0, finalizeAggregation(w1) AS s1, finalizeAggregation(w2) AS s2
        FROM ${t("active_halves")} WHERE project_id = ${str(s.project)} AND half >= toDate(${str(isoDay(halfStart(from)))})
          AND half <= toDate(${str(isoDay(to))})${q.account == null ? "" : ` AND aid = cityHash64(${str(q.account)})`})`;
    return scoped(s, q, resolvePid(s, source, ["aid", "base", "s0", "s1", "s2"]), "account");
  }

  /**
   * Rows of (who, dn, aid, …metrics) whose sums per local day, person and account are the
   * metrics; `account` keeps one account's rows only.
   */
  function activity(s: Sql, q: RangeQuery, from: number, to: number, level: Level, metrics: Metric[] = [], one?: string): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const account = one ?? (level === "account" ? q.account : undefined);
    const cols = metrics.map((m) => `, ${hourly ? m : `${RAW[m]} AS ${m}`}`).join("");
    const only = account == null ? "" : ` AND aid = cityHash64(${str(account)})`;
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, pid, aid${cols} FROM ${t("activity_hours")}
          WHERE ${hourWhere(s.project, start, end)}${only})`
      : `(SELECT ${tsDay(q.tz)} AS dn, ${PID} AS pid, ${AID} AS aid${cols} FROM ${t("events")}
          WHERE ${rawWhere(s.project, start, end)}${account == null ? "" : ` AND account_id = ${str(account)}`})`;
    return scoped(s, q, resolvePid(s, source, ["dn", "aid", ...metrics]), level);
  }

  /** Rows of (who, dn, fid, feature, aid, account_id, uses) whose sums are the `Feature Used` events per local day, feature, person and account. */
  function featureUses(s: Sql, q: RangeQuery, from: number, to: number, level: Level, feature?: string): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const account = level === "account" && q.account != null
      ? (hourly ? ` AND aid = cityHash64(${str(q.account)})` : ` AND account_id = ${str(q.account)}`)
      : "";
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, fid, feature, pid, aid, account_id, uses
          FROM ${t("feature_hours")} WHERE ${hourWhere(s.project, start, end)}${feature != null ? ` AND fid = cityHash64(${str(feature)})` : ""}${account})`
      : `(SELECT ${tsDay(q.tz)} AS dn, cityHash64(feature) AS fid, feature, ${PID} AS pid, ${AID} AS aid, account_id, toUInt64(1) AS uses
          FROM ${t("events")} WHERE ${rawWhere(s.project, start, end)} AND feature != ''${feature != null ? ` AND feature = ${str(feature)}` : ""}${account})`;
    return scoped(s, q, resolvePid(s, source, ["dn", "fid", "feature", "aid", "account_id", "uses"]), level);
  }

  /**
   * Marked events named `names` in local days [from, to], as (who, dn, account_id, event, ts, message_id,
   * properties); `mentions` keeps only events whose properties contain that JSON string (a cheap first cut for
   * a survey or checklist id, checked exactly by the caller), and `q.account` only that account's events.
   */
  function marked(s: Sql, q: RangeQuery, from: number, to: number, level: Level, names: string[], mentions?: string): string {
    const { start, end } = span(q.tz, from, to);
    const only = (mentions == null ? "" : ` AND position(properties, ${str(JSON.stringify(mentions))}) > 0`)
      + (q.account == null ? "" : ` AND account_id = ${str(q.account)}`);
    const source = `(SELECT ${tsDay(q.tz)} AS dn, person, account_id, event, ts, message_id, properties FROM ${t("marked_events")}
        WHERE ${rawWhere(s.project, start, end)} AND event IN ${strList(names)}${only})`;
    const rows = resolve(s, source, ["dn", "account_id", "event", "ts", "message_id", "properties"]);
    if (level === "account") {
      return `(SELECT * FROM ${rows} WHERE account_id != ''${q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : ""})`;
    }
    return q.segment ? `(SELECT * FROM ${rows} WHERE cityHash64(who) IN ${segmentPids(s, q.segment)})` : rows;
  }

  /** SQL mapping day number `dn` in [from, to] to its bucket's index. */
  function bucketOf(from: number, to: number, interval: BucketQuery["interval"]) {
    const bs = buckets(from, to, interval);
    const idx: number[] = [];
    let b = 0;
    for (let d = from; d <= to; d++) {
      while (b + 1 < bs.length && bs[b + 1].first <= d) b++;
      idx.push(b);
    }
    return { bs, sql: (col: string) => `arrayElement([${idx.join(",")}], toInt64(${col}) - ${int(from)} + 1)` };
  }

  /** ` AND aid …` for account-level answers: the segment's accounts, and `q.account` alone when asked. */
  function accountScope(s: Sql, q: RangeQuery): string {
    return (q.segment ? ` AND aid IN (SELECT cityHash64(account_id) FROM ${segmentAccounts(s, q.segment)})` : "")
      + (q.account != null ? ` AND aid = cityHash64(${str(q.account)})` : "");
  }

  /**
   * Rows of (`columns`, v) from a table of UTC months with day columns d1…d31 (feature_months, login_months): v[i]
   * is the row's sum over UTC days `ranges[i]`. One SELECT per month, each range a sum of that month's day columns
   * (d5 + d6 + …), so no row builds an array of its days; `where` picks rows, and rows with nothing in any range
   * are left out.
   */
  function monthSums(s: Sql, table: string, columns: string[], ranges: (readonly [number, number])[], where: string): string {
    const from = Math.min(...ranges.map((r) => r[0]));
    const to = Math.max(...ranges.map((r) => r[1]));
    const cols = columns.join(", ");
    const parts: string[] = [];
    for (let m = monthStart(from); m <= to; m = monthStart(m + 31)) {
      const last = monthStart(m + 31) - 1;
      const v = ranges.map(([f, t]) => {
        const lo = Math.max(f, m);
        const hi = Math.min(t, last);
        return hi < lo ? "toUInt64(0)" : `toUInt64(${Array.from({ length: hi - lo + 1 }, (_, i) => `d${lo - m + 1 + i}`).join(" + ")})`;
      });
      parts.push(`SELECT ${cols}, [${v.join(", ")}] AS v FROM ${t(table)}
        WHERE project_id = ${str(s.project)} AND month = toDate(${str(isoDay(m))}) AND ${where}`);
    }
    return `(SELECT ${cols}, v FROM (${parts.join(" UNION ALL ")}) WHERE arraySum(v) > 0)`;
  }

  /** Rows of (fid, aid, feature, v) from feature_months: v[i] is the row's uses over UTC days `ranges[i]` (monthSums). */
  const featureMonthSums = (s: Sql, ranges: (readonly [number, number])[], where: string) =>
    monthSums(s, "feature_months", ["fid", "aid", "feature"], ranges, where);

  const range = (q: RangeQuery) => [dayNumber(q.from), dayNumber(q.to)] as const;
  /**
   * Reads under way, by what they ask: a route asks the store several questions at once, and a caller that
   * needs what another is already reading joins that read instead of sending its own. Nothing is kept once
   * a read is answered.
   */
  const underWay = new Map<string, Promise<unknown>>();
  function joined<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = underWay.get(key) as Promise<T> | undefined;
    if (!answer) {
      answer = read();
      underWay.set(key, answer);
      void answer.finally(() => underWay.delete(key)).catch(() => {});
    }
    return answer;
  }
  /**
   * The persons whose latest group call is to `account`. Their latest is one of the group calls to it under
   * one of their actors, so those few persons are found first and only their memberships are read, not every
   * person's (0.2 s over 100 M events); the account's pages ask this twice at once and share one read.
   */
  function accountMembers(project: string, account: string): Promise<string[]> {
    return joined(`members ${project} ${account}`, async () => {
      const s = { db, project };
      const p = str(project);
      const called = `(SELECT actor FROM ${t("memberships")} WHERE project_id = ${p} AND account_id = ${str(account)})`;
      const candidates = await http.query<{ who: string }>(
        `SELECT who FROM (SELECT actor AS who FROM ${called}
           UNION ALL SELECT user_id AS who FROM ${t("identities")} WHERE project_id = ${p} AND anonymous_id IN ${called})`,
      );
      if (candidates.length === 0) return [];
      // As an external table: a big account's thousands of ids would cost more to parse as literals.
      const rows = await http.query<{ who: string }>(`SELECT who FROM ${membershipsOf(s, "people")} WHERE account = ${str(account)}`, [
        { name: "people", column: "who", values: new Set(candidates.map((c) => c.who)) },
      ]);
      return rows.map((r) => r.who);
    });
  }
  const withTies = async (project: string): Promise<Sql> =>
    ({ db, project, ties: await joined(`ties ${project}`, () => lateTies(http, { db, project })) });

  async function readAccountFeatures(p: string, q: RangeQuery): Promise<AccountFeatureRow[]> {
    const s = await withTies(p);
    const [from, to] = range(q);
    const rows = await http.rows(
      span(q.tz, from, to).utc
        ? `SELECT account_id, feature, uses FROM (
             SELECT aid, any(feature) AS feature, sum(v[1]) AS uses
             FROM ${featureMonthSums(s, [[from, to]], `aid != 0${accountScope(s, q)}`)} GROUP BY aid, fid
           ) ANY LEFT JOIN ${accountNames(s)} USING aid`
        : `SELECT account_id, feature, uses FROM (
             SELECT aid, feature, uses FROM (SELECT aid, fid, sum(uses) AS uses FROM ${featureUses(s, q, from, to, "account")} GROUP BY aid, fid)
             ANY LEFT JOIN ${featureNames(s, from, to)} USING fid
           ) ANY LEFT JOIN ${accountNames(s)} USING aid`,
    );
    return rows.map(([accountId, feature, uses]): AccountFeatureRow => ({ accountId, feature, uses: Number(uses) }));
  }

  const analytics = {
    async activeDays(p: string, q: RangeQuery): Promise<ActiveDay[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const rows = await http.query<{ dn: number; actor: string }>(
        `SELECT dn, actor FROM (SELECT DISTINCT dn, who FROM ${activity(s, q, from, to, "actor")}) ANY LEFT JOIN ${personNames(s)} USING who`,
      );
      return rows.map((r) => ({ day: isoDay(r.dn), actor: r.actor }));
    },

    /**
     * Each person's active days as bits (one UInt64 per 64 days of the span, groupBitOr), so the read groups
     * by one number per person instead of collecting day sets. The gaps between a person's days are counted
     * here from the bits: 18.16 ran the array lambdas that did it in SQL (bits to days, differences, keys) at
     * about 180 ms for the 0.95 M active days of 10 M events (120 days), where this loop takes about 5.
     */
    async activityGaps(p: string, q: RangeQuery): Promise<ActivityGap[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const start = from - 30;
      const words = Math.ceil((to - start + 1) / 64);
      // Each word as two UInt32 halves, which JavaScript numbers hold exactly: half h holds days 32h to 32h + 31.
      const halves = Array.from({ length: words }, (_, j) => `toUInt32(bitAnd(w${j}, 4294967295)), toUInt32(bitShiftRight(w${j}, 32))`).join(", ");
      const masks = await http.uint32s(`SELECT ${halves} FROM (SELECT ${dayWords(start, words, !span(q.tz, start, to).utc)} FROM ${presence(s, q, start, to, "actor")} GROUP BY who)`);
      // Actors per (day, gap), keyed day * 32 + gap: a day's gap is the days since the person's previous one,
      // 30 for none within 30 days; only days from `from` on are counted, the 30 before them only give gaps.
      const actors = new Uint32Array(words * 64 * 32);
      for (let row = 0; row < masks.length; row += 2 * words) {
        let prev = -1;
        for (let h = 0; h < 2 * words; h++) {
          for (let x = masks[row + h] | 0; x !== 0; x &= x - 1) {
            const d = h * 32 + 31 - Math.clz32(x & -x);
            if (d >= 30) actors[d * 32 + (prev < 0 ? 30 : Math.min(d - prev, 30))]++;
            prev = d;
          }
        }
      }
      const gaps: ActivityGap[] = [];
      actors.forEach((n, key) => n && gaps.push({ day: isoDay(start + (key >> 5)), gap: key & 31, actors: n }));
      return gaps;
    },

    async activeTotals(p: string, q: RangeQuery): Promise<ActiveTotals> {
      const s = await withTies(p);
      const [from, to] = range(q);
      if (!q.segment) {
        // Without a segment the account level is the same rows with an account: one read for both.
        const [r] = await http.query<{ users: number; accounts: number }>(
          `SELECT uniqExact(who) AS users, uniqExactIf(aid, aid != 0) AS accounts FROM ${presence(s, q, from, to, "actor")}`,
        );
        return r;
      }
      const [[u], [a]] = await Promise.all([
        http.query<{ n: number }>(`SELECT uniqExact(who) AS n FROM ${presence(s, q, from, to, "actor")}`),
        http.query<{ n: number }>(`SELECT uniqExact(aid) AS n FROM ${presence(s, q, from, to, "account")}`),
      ]);
      return { users: u.n, accounts: a.n };
    },

    async loginStats(p: string, q: BucketQuery): Promise<LoginStats> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const series = bs.map((b) => ({ date: b.date, logins: 0, users: 0 }));
      if (span(q.tz, from, to).utc) {
        // Each person's sign-ins per bucket from the month rows (login_months), summed over their accounts and
        // months: the series, the frequency histogram (sumMap of each person's total) and nothing else from
        // one read. An account's active people and sign-ins are the account windows' rollups.
        const source = monthSums(s, "login_months", ["pid", "aid"], bs.map((b) => [b.first, b.last] as const), "1");
        const persons = `(SELECT who, sumForEach(v) AS l FROM ${scoped(s, q, resolvePid(s, source, ["aid", "v"]), "actor")} GROUP BY who)`;
        const [totals, perAccount] = await Promise.all([
          http.query<{ logins: number[]; users: number[]; n: number[]; actors: number[] }>(
            `SELECT sumForEach(l) AS logins, sumForEach(arrayMap(x -> toUInt64(x > 0), l)) AS users,
               (sumMap([arraySum(l)], [toUInt64(1)]) AS h).1 AS n, h.2 AS actors FROM ${persons}`,
          ),
          http.query<{ accountId: string; logins: number; activeUsers: number }>(
            `SELECT account_id AS accountId, logins, activeUsers FROM (
               SELECT aid, activeUsers, logins FROM (SELECT aid, uniqExact(who) AS activeUsers FROM ${presence(s, q, from, to, "account")} GROUP BY aid)
               ANY LEFT JOIN (
                 SELECT aid, sum(logins) AS logins FROM ${t("account_days")}
                 WHERE project_id = ${str(p)} AND day >= toDate(${str(isoDay(from))}) AND day <= toDate(${str(isoDay(to))})${accountScope(s, q)} GROUP BY aid
               ) USING aid
             ) ANY LEFT JOIN ${accountNames(s)} USING aid`,
          ),
        ]);
        const [r] = totals;
        (r?.logins ?? []).forEach((n, i) => Object.assign(series[i], { logins: n, users: r.users[i] }));
        // Only persons with a sign-in in range have rows (monthSums), so every total is above 0.
        const actorsByLogins = (r?.n ?? []).map((logins, i) => ({ logins, actors: r.actors[i] }));
        return { series, actorsByLogins, perAccount };
      }
      const logins = `(SELECT * FROM ${activity(s, q, from, to, "actor", ["logins"])} WHERE logins > 0)`;
      const [perBucket, actorsByLogins, perAccount] = await Promise.all([
        http.query<{ b: number; logins: number; users: number }>(
          `SELECT ${bucket("dn")} AS b, sum(logins) AS logins, uniqExact(who) AS users FROM ${logins} GROUP BY b`,
        ),
        http.query<LoginFrequency>(
          `SELECT logins, count() AS actors FROM (SELECT who, sum(logins) AS logins FROM ${logins} GROUP BY who) GROUP BY logins ORDER BY logins`,
        ),
        http.query<{ accountId: string; logins: number; activeUsers: number }>(
          `SELECT account_id AS accountId, logins, activeUsers FROM (
             SELECT aid, sum(logins) AS logins, uniqExact(who) AS activeUsers FROM ${activity(s, q, from, to, "account", ["logins"])} GROUP BY aid
           ) ANY LEFT JOIN ${accountNames(s)} USING aid`,
        ),
      ]);
      for (const r of perBucket) Object.assign(series[r.b], { logins: r.logins, users: r.users });
      return { series, actorsByLogins, perAccount };
    },

    async featureUsage(p: string, q: BucketQuery & { feature?: string }): Promise<FeatureUsage> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const actor = featureUses(s, q, from, to, "actor", q.feature);
      if (!q.segment && span(q.tz, from, to).utc) {
        // Distinct persons per feature and bucket from the hours (as states, merged for the totals); uses
        // and accounts from the month rows, as per-day counts over the range.
        const onlyFeature = q.feature != null ? ` AND fid = cityHash64(${str(q.feature)})` : "";
        // Each feature's accounts are its rows among every account's uses per feature, which the features
        // route reads at the same time: this joins that read rather than counting them in one of its own.
        const [perFeature, days, pairs] = await Promise.all([
          http.query<{ f: string; feature: string; b: number[]; users: number[]; total_users: number }>(
            `SELECT toString(fid) AS f, feature, b, users, total_users FROM (
               SELECT fid, groupArray(b) AS b, groupArray(finalizeAggregation(who_state)) AS users, uniqExactMerge(who_state) AS total_users
               FROM (SELECT fid, ${bucket("dn")} AS b, uniqExactState(who) AS who_state FROM ${actor} GROUP BY fid, b)
               GROUP BY fid
             ) ANY LEFT JOIN ${featureNames(s, from, to)} USING fid`,
          ),
          http.query<{ f: string; m: number; d: number[] }>(
            `SELECT toString(fid) AS f, toUInt32(month) AS m, [${DAY_COLUMNS.map((c) => `sum(${c})`).join(", ")}] AS d FROM ${t("feature_months")}
             WHERE ${monthsOf(s, from, to)}${onlyFeature} GROUP BY fid, month`,
          ),
          analytics.accountFeatures(p, { from: q.from, to: q.to, tz: q.tz }),
        ]);
        // Uses per feature and bucket: each month's day counts added to the bucket of their day.
        const of = new Array<number>(to - from + 1);
        bs.forEach((b, i) => of.fill(i, b.first - from, b.last - from + 1));
        const usesOf = new Map<string, number[]>();
        for (const r of days) {
          const uses = usesOf.get(r.f) ?? new Array<number>(bs.length).fill(0);
          r.d.forEach((n, i) => {
            if (n && r.m + i >= from && r.m + i <= to) uses[of[r.m + i - from]] += n;
          });
          usesOf.set(r.f, uses);
        }
        const accountsOf = new Map<string, number>();
        for (const r of pairs) accountsOf.set(r.feature, (accountsOf.get(r.feature) ?? 0) + 1);
        const totals: FeatureUsage["totals"] = [];
        const series: FeatureUsage["series"] = [];
        for (const r of perFeature) {
          const uses = usesOf.get(r.f) ?? [];
          totals.push({ feature: r.feature, users: r.total_users, accounts: accountsOf.get(r.feature) ?? 0, uses: uses.reduce((a, b) => a + b, 0) });
          r.b.forEach((b, i) => series.push({ feature: r.feature, date: bs[b].date, users: r.users[i], uses: uses[b] ?? 0 }));
        }
        return { totals, series };
      }
      // Per feature and bucket, the distinct persons as a state: the series reads each, the totals merge them,
      // so the range is read once. Without a segment the account level is the same rows with an account.
      const [perFeature, accounts] = await Promise.all([
        http.query<{ feature: string; b: number[]; users: number[]; uses: number[]; total_users: number; total_uses: number; accounts: number }>(
          `SELECT feature, b, users, uses, total_users, total_uses, accounts FROM (
             SELECT fid, groupArray(b) AS b, groupArray(finalizeAggregation(who_state)) AS users, groupArray(u) AS uses,
               uniqExactMerge(who_state) AS total_users, sum(u) AS total_uses, uniqExactIfMerge(account_state) AS accounts
             FROM (SELECT fid, ${bucket("dn")} AS b, uniqExactState(who) AS who_state, sum(uses) AS u,
                     uniqExactIfState(aid, aid != 0) AS account_state
                   FROM ${actor} GROUP BY fid, b)
             GROUP BY fid
           ) ANY LEFT JOIN ${featureNames(s, from, to)} USING fid`,
        ),
        q.segment
          ? http.query<{ feature: string; n: number }>(
              `SELECT feature, n FROM (SELECT fid, uniqExact(aid) AS n FROM ${featureUses(s, q, from, to, "account", q.feature)} GROUP BY fid)
               ANY LEFT JOIN ${featureNames(s, from, to)} USING fid`,
            )
          : null,
      ]);
      const byFeature = accounts && new Map(accounts.map((r) => [r.feature, r.n]));
      return {
        totals: perFeature.map((r) => ({
          feature: r.feature, users: r.total_users, accounts: byFeature ? (byFeature.get(r.feature) ?? 0) : r.accounts, uses: r.total_uses,
        })),
        series: perFeature.flatMap((r) => r.b.map((b, i) => ({ feature: r.feature, date: bs[b].date, users: r.users[i], uses: r.uses[i] }))),
      };
    },

    /** The same rows for every caller asking at the same time (see joined): none of them may change them. */
    accountFeatures(p: string, q: RangeQuery): Promise<AccountFeatureRow[]> {
      const key = JSON.stringify(["accountFeatures", p, q.from, q.to, q.tz, q.segment ?? null, q.account ?? null]);
      return joined(key, () => readAccountFeatures(p, q));
    },

    async accountFeatureUses(p: string, q: RangeQuery, except: string[]): Promise<FeatureUsesRow[]> {
      const [from, to] = range(q);
      if (!span(q.tz, from, to).utc) return featureUsesExcept(await analytics.accountFeatures(p, q), except);
      const s = await withTies(p);
      const skip = except.length ? ` AND aid NOT IN (SELECT cityHash64(arrayJoin([${except.map(str).join(", ")}])))` : "";
      const rows = await http.rows(
        `SELECT any(feature), sum(v[1]) AS uses FROM ${featureMonthSums(s, [[from, to]], `aid != 0${accountScope(s, q)}${skip}`)} GROUP BY fid HAVING uses > 0`,
      );
      return rows.map(([feature, uses]) => ({ feature, uses: Number(uses) }));
    },

    /**
     * Counted here, not sent as (account, feature) rows to be counted: the accounts list's 345 k pairs over
     * 100 M events were 6.3 MB of text for the collector to parse, where their counts are one row of arrays.
     */
    async accountBreadth(p: string, q: RangeQuery): Promise<AccountBreadth> {
      const [from, to] = range(q);
      if (!span(q.tz, from, to).utc) return breadthOf(await analytics.accountFeatures(p, q));
      const s = await withTies(p);
      const [r] = await http.query<{ a: string[]; n: number[]; f: number }>(
        `SELECT groupArray(account_id) AS a, groupArray(n) AS n, uniqExactMerge(fs) AS f FROM (
           SELECT account_id, n, fs FROM (
             SELECT aid, uniqExact(fid) AS n, uniqExactState(fid) AS fs
             FROM ${featureMonthSums(s, [[from, to]], `aid != 0${accountScope(s, q)}`)} GROUP BY aid
           ) ANY LEFT JOIN ${accountNames(s)} USING aid
         )`,
      );
      return { accounts: r.a.map((accountId, i) => ({ accountId, features: r.n[i] })), features: r.f };
    },

    /**
     * Per account and window: sums from one read of the day rows (account_days in UTC, else the hours), each
     * row summed into the piece of days holding it and each window the sum of its pieces; users from each
     * (account, person)'s day bits over the span, a window's users being the pairs with a bit in its days. Both
     * cross over as one row per account with an entry per piece or window.
     */
    async accountWindows(p: string, q: RangeQuery, windows: DayWindow[]): Promise<AccountWindows[]> {
      if (windows.length === 0) return [];
      const s = await withTies(p);
      const ws = windows.map((w) => [dayNumber(w.from), dayNumber(w.to)] as const);
      const from = Math.min(...ws.map((w) => w[0]));
      const to = Math.max(...ws.map((w) => w[1]));
      const words = Math.ceil((to - from + 1) / 64);
      const hit = ws.map(([f, t]) => {
        const parts = Array.from({ length: words }, (_, j) => [j, Math.max(0, f - from - 64 * j), Math.min(63, t - from - 64 * j)])
          .filter(([, lo, hi]) => lo <= hi)
          .map(([j, lo, hi]) => `bitAnd(w${j}, ${bits(lo, hi)})`);
        return `toUInt32(${parts.reduce((a, b) => `bitOr(${a}, ${b})`)} != 0)`;
      });
      // The days between the windows' edges are pieces, each in the same windows all through: a day row is
      // summed into its one piece (0: in no window) and each window is the sum of its pieces, so overlapping
      // windows (the 28 days over the last four weeks) do not copy rows, as an ARRAY JOIN per window did.
      const edges = [...new Set(ws.flatMap(([f, t]) => [f, t + 1]))].sort((a, b) => a - b);
      const windowsOf = edges.slice(0, -1).map((lo) => ws.flatMap(([f, t], i) => (lo >= f && lo <= t ? [i] : [])));
      const pieceOfDay: number[] = [];
      for (let d = from, k = 0; d <= to; d++) {
        while (edges[k + 1] <= d) k++;
        pieceOfDay.push(windowsOf[k].length ? k + 1 : 0);
      }
      const days = span(q.tz, from, to).utc
        ? `(SELECT toUInt32(day) AS dn, aid, events, logins, uses FROM ${t("account_days")}
            WHERE project_id = ${str(p)} AND day >= toDate(${str(isoDay(from))}) AND day <= toDate(${str(isoDay(to))})${accountScope(s, q)})`
        : activity(s, q, from, to, "account", ["events", "logins", "uses"]);
      // People in UTC from half-year rows (over 100 M events, 31 weeks' people took 0.47-0.50 s alone from the
      // month rows, 0.29-0.35 s from these); other zones from presence()'s day rows.
      const people = span(q.tz, from, to).utc
        ? `SELECT aid, who, ${halfWords(from, words)} FROM ${halves(s, q, from, to)}`
        : `SELECT aid, who, ${dayWords(from, words, true)} FROM ${presence(s, q, from, to, "account")}`;
      const [rows, users] = await Promise.all([
        http.query<{ a: string; name: string; k: number[]; e: number[]; l: number[]; u: number[] }>(
          `SELECT toString(aid) AS a, account_id AS name, k, e, l, u FROM (
             SELECT aid, groupArray(piece) AS k, groupArray(ev) AS e, groupArray(lg) AS l, groupArray(us) AS u FROM (
               SELECT piece, aid, sum(events) AS ev, sum(logins) AS lg, sum(uses) AS us FROM (
                 SELECT arrayElement([${pieceOfDay.join(",")}], toInt64(dn) - ${int(from)} + 1) AS piece, aid, events, logins, uses FROM ${days}
               ) WHERE piece != 0 GROUP BY piece, aid
             ) GROUP BY aid
           ) ANY LEFT JOIN ${accountNames(s)} USING aid`,
        ),
        http.query<{ a: string; users: number[] }>(
          `SELECT toString(aid) AS a, sumForEach([${hit.join(", ")}]) AS users
           FROM (${people} GROUP BY aid, who) GROUP BY aid`,
        ),
      ]);
      const usersOf = new Map(users.map((u) => [u.a, u.users]));
      const zeros = () => new Array<number>(windows.length).fill(0);
      return rows.map((r): AccountWindows => {
        const out = { accountId: r.name, users: usersOf.get(r.a) ?? zeros(), events: zeros(), logins: zeros(), uses: zeros() };
        r.k.forEach((piece, i) => {
          for (const window of windowsOf[piece - 1]) {
            out.events[window] += r.e[i];
            out.logins[window] += r.l[i];
            out.uses[window] += r.u[i];
          }
        });
        return out;
      });
    },

    async cohorts(p: string, q: BucketQuery): Promise<CohortCell[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const cells = await http.query<{ fb: number; pb: number; actors: number }>(
        `SELECT fb, pb, uniqExact(who) AS actors FROM (
           SELECT who, ${bucket("dn")} AS pb FROM ${activity(s, q, from, to, "actor")}
         ) ANY INNER JOIN (
           SELECT who, ${bucket("fdn")} AS fb FROM (
             SELECT who, toUInt32(toDate(toDateTime(intDiv(first, 1000)), ${str(q.tz)})) AS fdn FROM ${firstSeenPid(s)}
           ) WHERE fdn >= ${int(from)} AND fdn <= ${int(to)}
         ) USING who GROUP BY fb, pb`,
      );
      return cells.map((c) => ({ cohort: bs[c.fb].date, period: c.pb - c.fb, actors: c.actors }));
    },

    /**
     * Shown and dismissed are counted per day in ClickHouse (most survey events are these), so only the
     * responses, and the rare shown or dismissed event whose properties cannot be cut exactly, come back as rows.
     */
    async surveyEvents(p: string, q: RangeQuery, surveyId?: string): Promise<SurveyEvents> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const keys = ["survey_id", "kind", "score", "scale", "comment"];
      const seen = marked(s, q, from, to, "actor", ["Survey Shown", "Survey Dismissed"], surveyId);
      // Simple properties are told apart in SQL and counted as one group per day; others come back whole.
      const ours = surveyId == null ? "1" : `visitParamExtractRaw(properties, 'survey_id') = ${str(JSON.stringify(surveyId))}`;
      const [counted, answered] = await Promise.all([
        http.query<{ dn: number; event: string; n: number; json: string }>(
          `SELECT dn, event, if(${SIMPLE_PROPS}, '', properties) AS json, count() AS n FROM ${seen}
           WHERE ${ours} OR NOT (${SIMPLE_PROPS}) GROUP BY dn, event, json`,
        ),
        http.rows(
          `SELECT message_id, ts, dn, who, account_id, ${propsColumns(keys)}
           FROM ${marked(s, q, from, to, "actor", ["Survey Responded"], surveyId)} ORDER BY ts DESC, message_id DESC`,
        ),
      ]);
      const shown = new Map<number, number>();
      let dismissed = 0;
      for (const c of counted) {
        if (c.json !== "" && surveyId != null && (JSON.parse(c.json) as Record<string, unknown>).survey_id !== surveyId) continue;
        const n = Number(c.n);
        if (c.event === "Survey Shown") shown.set(c.dn, (shown.get(c.dn) ?? 0) + n);
        else dismissed += n;
      }
      const responses: SurveyResponse[] = [];
      for (const e of answered) {
        const props = readProps(e, 5, keys);
        if (surveyId != null && props.survey_id !== surveyId) continue;
        const r = toResponse(e[0], Number(e[1]), e[3], e[4] || null, props, q.tz);
        if (r) responses.push(r);
      }
      return { shown: [...shown].sort((a, b) => a[0] - b[0]).map(([dn, count]) => ({ day: isoDay(dn), count })), dismissed, responses };
    },

    async checklistEvents(p: string, q: RangeQuery, checklistId?: string, completedOnly = false): Promise<ChecklistEvent[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const keys = ["checklist_id", "item_id"];
      // Only what the answer needs crosses the wire, unsorted (the interface promises no order): the funnel's
      // 27 k rows over 10 M events were 2.9 MB sorted by message id.
      const rows = marked(s, q, from, to, "actor", completedOnly ? ["Checklist Completed"] : CHECKLIST, checklistId);
      // One account's few people need only their own first-seen rows, not every person's.
      const whos = q.account != null ? `(SELECT cityHash64(who) FROM ${rows})` : undefined;
      const events = await http.rows(
        `SELECT who, account_id, event = 'Checklist Completed', ts, first, ${propsColumns(keys)}
         FROM (SELECT *, cityHash64(who) AS wid FROM ${rows})
         ANY LEFT JOIN (SELECT who AS wid, first FROM ${firstSeenPid(s, whos)}) USING wid`,
      );
      const out: ChecklistEvent[] = [];
      for (const e of events) {
        const props = readProps(e, 5, keys);
        if (!hasChecklistId(props)) continue;
        const cid = props.checklist_id as string | number;
        if (checklistId != null && cid !== checklistId) continue;
        const itemId = e[2] === "1" ? null : props.item_id == null ? undefined : String(props.item_id);
        if (itemId === undefined) continue;
        out.push({ actor: e[0], accountId: e[1] || null, checklistId: String(cid), itemId, timestamp: Number(e[3]), firstSeen: Number(e[4]) });
      }
      return out;
    },

    /** Each answer's account and the three properties a score needs; no comments, days or order cross the wire. */
    async surveyScores(p: string, q: RangeQuery): Promise<SurveyScore[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const keys = ["kind", "score", "scale"];
      const rows = await http.rows(
        `SELECT account_id, ${propsColumns(keys)} FROM ${marked(s, q, from, to, "actor", ["Survey Responded"])} WHERE account_id != ''`,
      );
      const scores: SurveyScore[] = [];
      for (const r of rows) {
        const scored = scoreOf(readProps(r, 1, keys));
        if (scored) scores.push({ accountId: r[0], ...scored });
      }
      return scores;
    },

    /**
     * Counted in ClickHouse: a person whose completions are all simple JSON is decided there, and only the rare
     * person with another kind of properties comes back, with those properties, for JSON.parse to decide (a
     * checklist id nested deeper than the top level does not count). No first-seen join, unlike checklistEvents.
     */
    async checklistFinishers(p: string, q: RangeQuery): Promise<ChecklistFinishers[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const ok = `${SIMPLE_PROPS} AND match(visitParamExtractRaw(properties, 'checklist_id'), '^["0-9-]')`;
      const rows = await http.query<{ account_id: string; w: string; o: string[]; n: string }>(
        `SELECT account_id, if(ok, '', who) AS w, if(ok, emptyArrayString(), others) AS o, count() AS n FROM (
           SELECT account_id, who, max(${ok}) AS ok, groupArrayIf(properties, NOT (${SIMPLE_PROPS})) AS others
           FROM ${marked(s, q, from, to, "actor", ["Checklist Completed"])} WHERE account_id != '' GROUP BY account_id, who
         ) WHERE ok OR notEmpty(others) GROUP BY account_id, w, o`,
      );
      const people = new Map<string, number>();
      for (const r of rows) {
        const n = r.w === "" ? Number(r.n) : r.o.some((props) => hasChecklistId(JSON.parse(props) as Record<string, unknown>)) ? 1 : 0;
        if (n) people.set(r.account_id, (people.get(r.account_id) ?? 0) + n);
      }
      return [...people].map(([accountId, n]) => ({ accountId, people: n }));
    },

    async accountOutcomes(p: string, q: RangeQuery): Promise<AccountOutcome[]> {
      const [from, to] = range(q);
      const events = await http.rows(
        `SELECT account_id, event, ts, dn FROM ${marked({ db, project: p }, q, from, to, "account", OUTCOMES)} ORDER BY ts, message_id`,
      );
      return events.map((e) => ({
        accountId: e[0],
        kind: e[1] === "Account Renewed" ? ("renewed" as const) : ("churned" as const),
        timestamp: Number(e[2]),
        day: isoDay(Number(e[3])),
      }));
    },

    /**
     * Over 100 M events every account's traits were 6.5 MB of answer and their people counts 0.15 s of
     * ClickHouse time, so a caller that says it needs neither (alerts, renewals) is spared both.
     */
    async accountProfiles(p: string, q: RangeQuery, parts: ProfileParts = {}): Promise<AccountProfile[]> {
      const s = { db, project: p };
      const only = parts.accounts ? [{ name: "only", column: "account_id", values: parts.accounts }] : [];
      const seg = (q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : "") + (q.account != null ? ` AND account_id = ${str(q.account)}` : "")
        + (only.length ? " AND account_id IN only" : "");
      type TraitRow = { key: string; json: string; is_null: number };
      const [accounts, traits, users] = await Promise.all([
        http.query<{ account_id: string; first: number; last: number; last_login: number }>(
          `SELECT account_id, minMerge(first_ts) AS first, maxMerge(last_ts) AS last, maxMerge(last_login) AS last_login
           FROM ${t("accounts")} WHERE project_id = ${str(p)}${seg} GROUP BY account_id ORDER BY account_id`,
          only,
        ),
        // As text rows: over 100 M events every account's traits were 6.5 MB as JSON objects, 2.4 MB as text.
        parts.traits === false
          ? []
          : http.rows(
              `SELECT account_id, key, argMax(json, seq) AS json, argMax(is_null, seq) AS is_null FROM ${t("account_traits")}
               WHERE project_id = ${str(p)}${seg} GROUP BY account_id, key`,
              only,
            ),
        parts.users === false
          ? []
          : q.account != null
            ? accountMembers(p, q.account).then((who) => [{ account: q.account as string, n: who.length }])
            : http.query<{ account: string; n: number }>(`SELECT account, n FROM ${memberCounts(s)}`),
      ]);
      const traitRowsOf = new Map<string, TraitRow[]>();
      for (const [account, key, json, isNull] of traits) {
        const row = { key, json, is_null: Number(isNull) };
        const rows = traitRowsOf.get(account);
        if (rows) rows.push(row);
        else traitRowsOf.set(account, [row]);
      }
      const usersOf = new Map(users.map((r) => [r.account, r.n]));
      return accounts.map((a) => ({
        accountId: a.account_id,
        traits: traitsObject(traitRowsOf.get(a.account_id) ?? []),
        firstSeen: a.first,
        lastSeen: a.last,
        users: usersOf.get(a.account_id) ?? 0,
        // Signed In events are never older than 1970, so 0 is "never".
        lastLogin: a.last_login > 0 ? a.last_login : null,
      }));
    },

    async accountActivity(p: string, accountId: string, q: RangeQuery): Promise<AccountActivity> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { start, end } = span(q.tz, from, to);
      const account = str(accountId);
      const [counts, members] = await Promise.all([
        http.query<{ actor: string; events: number; logins: number }>(
          `SELECT actor, events, logins FROM (
             SELECT who, sum(events) AS events, sum(logins) AS logins
             FROM ${activity(s, { ...q, segment: undefined }, from, to, "account", ["events", "logins"], accountId)} GROUP BY who
           ) ANY LEFT JOIN ${personNames(s)} USING who`,
        ).then((rows) => rows.map((r) => ({ who: r.actor, events: r.events, logins: r.logins }))),
        accountMembers(p, accountId),
      ]);
      const actors = [...new Set([...members, ...counts.map((c) => c.who)])];
      if (actors.length === 0) return { users: [], features: [] };
      const list = strList(actors);
      // The latest use per feature is in no rollup, so read the raw rows, and only the account's people's:
      // an event filed under the account has one of them as user_id, or none (anonymous), and user_id is in
      // the events key after the day, so the primary key skips everyone else's rows.
      const used = `(SELECT feature, person, ts FROM ${t("events")}
          WHERE ${rawWhere(p, start, end)} AND user_id IN ${strList(["", ...counts.map((c) => c.who)])}
            AND account_id = ${account} AND feature != '')`;
      const [features, traits, seen] = await Promise.all([
        http.query<AccountFeatureActivity>(
          `SELECT feature, count() AS uses, uniqExact(who) AS users, max(ts) AS lastUsed FROM ${resolve(s, used, ["feature", "ts"])} GROUP BY feature`,
        ),
        http.query<{ who: string; key: string; json: string; is_null: number }>(
          `SELECT who, key, argMax(json, seq) AS json, argMax(is_null, seq) AS is_null FROM (
             SELECT if(resolved_user != '', resolved_user, actor) AS who, key, json, is_null, seq
             FROM (SELECT actor, key, json, is_null, seq FROM ${t("user_traits")} WHERE project_id = ${str(p)} AND ${actorsOf(s, list)})
             ANY LEFT JOIN ${identities(s, "actor", list)} USING actor
           ) WHERE who IN ${list} GROUP BY who, key`,
        ),
        http.query<{ who: string; last: number }>(
          `SELECT who, max(l) AS last FROM ${resolve(s, `(SELECT person, maxMerge(last_ts) AS l FROM ${t("persons")}
             WHERE project_id = ${str(p)} AND ${actorsOf(s, list, "person")} GROUP BY person)`, ["l"])} WHERE who IN ${list} GROUP BY who`,
        ),
      ]);
      const traitRows = new Map<string, typeof traits>();
      for (const r of traits) traitRows.set(r.who, [...(traitRows.get(r.who) ?? []), r]);
      const lastSeen = new Map(seen.map((r) => [r.who, r.last]));
      const activityOf = new Map(counts.map((c) => [c.who, c]));
      return {
        users: actors.map((actor) => ({
          actor,
          traits: traitsObject(traitRows.get(actor) ?? []),
          lastSeen: lastSeen.get(actor) ?? 0,
          logins: activityOf.get(actor)?.logins ?? 0,
          events: activityOf.get(actor)?.events ?? 0,
        })),
        features,
      };
    },

    async traitValues(p: string, scope: "user" | "account", trait: string, limit: number): Promise<string[]> {
      const s = { db, project: p };
      const latest =
        scope === "user"
          ? `SELECT if(resolved_user != '', resolved_user, actor) AS owner, argMax(value, seq) AS v, argMax(is_null, seq) AS n
             FROM (SELECT actor, value, is_null, seq FROM ${t("user_traits")} WHERE project_id = ${str(p)} AND key = ${str(trait)})
             ANY LEFT JOIN ${identities(s, "actor")} USING actor GROUP BY owner`
          : `SELECT account_id AS owner, argMax(value, seq) AS v, argMax(is_null, seq) AS n
             FROM ${t("account_traits")} WHERE project_id = ${str(p)} AND key = ${str(trait)} GROUP BY owner`;
      const rs = await http.query<{ v: string }>(
        `SELECT v FROM (${latest}) WHERE n = 0 GROUP BY v ORDER BY count() DESC, v LIMIT ${int(limit)}`,
      );
      return rs.map((r) => r.v);
    },
  };
  return analytics;
}

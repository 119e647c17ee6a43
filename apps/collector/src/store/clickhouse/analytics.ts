/**
 * The ClickHouse engine's AnalyticsStore. Every answer is an exact aggregate (uniqExact, sum of counts)
 * over rollups filled at insert (activity_hours, feature_hours, accounts, persons, marked_events; see
 * migrations/040 and 050), with late identity ties applied by resolvePid()/resolve(). The counting rollups
 * key persons, accounts and features by 64-bit hashes (pid, aid, fid) and every GROUP BY and distinct count
 * runs over those numbers; strings are looked up only for the rows of an answer. The rollups are per UTC
 * hour, so local days in any zone whose midnights fall on whole UTC hours are exact unions of rollup rows;
 * other zones (India, Nepal, …) read raw events instead. Buckets are mapped with an array built by
 * analytics/buckets.ts, so bucket edges are the same code as in every other engine.
 */
import { buckets } from "../../analytics/buckets.ts";
import type {
  AccountActivity, AccountFeatureActivity, AccountFeatureRow, AccountOutcome, AccountProfile, AccountWindowRow, ActiveTotals, ActivityGap, BucketQuery,
  ChecklistEvent, CohortCell, DayWindow, FeatureUsage, LoginStats, SurveyEvents, SurveyResponse,
} from "../analytics-types.ts";
import type { ActiveDay, RangeQuery } from "../types.ts";
import { toResponse } from "../sqlite/analytics.ts";
import { dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import type { ClickHouseHttp } from "./http.ts";
import {
  firstSeenPid, identities, lateTies, memberships, personNames, resolve, resolvePid, segmentAccounts, segmentPersons, type Sql,
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
const SURVEY = ["Survey Shown", "Survey Dismissed", "Survey Responded"];
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
  if (tz === "UTC") return { start, end, hourly: true };
  const onTheHour = (d: number) => {
    const h = Math.floor(localDayStart(d, tz) / 3_600_000) * 3_600_000;
    return localDayNumber(h, tz) === d && localDayNumber(h - 1, tz) === d - 1;
  };
  let hourly = true;
  for (let d = from; d <= to + 1 && hourly; d++) hourly = onTheHour(d);
  return hourly
    ? { start: Math.floor(start / 3_600_000) * 3_600_000, end: Math.floor(end / 3_600_000) * 3_600_000, hourly }
    : { start, end, hourly };
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

  /** Keeps the segment's persons (actor level), or rows filed under a segment account (account level). */
  function scoped(s: Sql, q: RangeQuery, rows: string, level: Level): string {
    let seg = "";
    if (level === "account") seg = `aid != 0${q.segment ? ` AND aid IN (SELECT cityHash64(account_id) FROM ${segmentAccounts(s, q.segment)})` : ""}`;
    else if (q.segment) seg = `who IN (SELECT cityHash64(who) FROM ${segmentPersons(s, q.segment)})`;
    return seg ? `(SELECT * FROM ${rows} WHERE ${seg})` : rows;
  }

  /**
   * Rows of (who, dn, aid, account_id, …metrics) whose sums per local day, person and account are the
   * metrics; `account` keeps one account's rows only.
   */
  function activity(s: Sql, q: RangeQuery, from: number, to: number, level: Level, metrics: Metric[] = [], account?: string): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const cols = metrics.map((m) => `, ${hourly ? m : `${RAW[m]} AS ${m}`}`).join("");
    const only = account == null ? "" : ` AND aid = cityHash64(${str(account)})`;
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, pid, aid, account_id${cols} FROM ${t("activity_hours")}
          WHERE ${hourWhere(s.project, start, end)}${only})`
      : `(SELECT ${tsDay(q.tz)} AS dn, ${PID} AS pid, ${AID} AS aid, account_id${cols} FROM ${t("events")}
          WHERE ${rawWhere(s.project, start, end)}${account == null ? "" : ` AND account_id = ${str(account)}`})`;
    return scoped(s, q, resolvePid(s, source, ["dn", "aid", "account_id", ...metrics]), level);
  }

  /** Rows of (who, dn, fid, feature, aid, account_id, uses) whose sums are the `Feature Used` events per local day, feature, person and account. */
  function featureUses(s: Sql, q: RangeQuery, from: number, to: number, level: Level, feature?: string): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, fid, feature, pid, aid, account_id, uses
          FROM ${t("feature_hours")} WHERE ${hourWhere(s.project, start, end)}${feature != null ? ` AND fid = cityHash64(${str(feature)})` : ""})`
      : `(SELECT ${tsDay(q.tz)} AS dn, cityHash64(feature) AS fid, feature, ${PID} AS pid, ${AID} AS aid, account_id, toUInt64(1) AS uses
          FROM ${t("events")} WHERE ${rawWhere(s.project, start, end)} AND feature != ''${feature != null ? ` AND feature = ${str(feature)}` : ""})`;
    return scoped(s, q, resolvePid(s, source, ["dn", "fid", "feature", "aid", "account_id", "uses"]), level);
  }

  /** Marked events named `names` in local days [from, to], as (who, dn, account_id, event, ts, message_id, properties). */
  function marked(s: Sql, q: RangeQuery, from: number, to: number, level: Level, names: string[]): string {
    const { start, end } = span(q.tz, from, to);
    const source = `(SELECT ${tsDay(q.tz)} AS dn, person, account_id, event, ts, message_id, properties FROM ${t("marked_events")}
        WHERE ${rawWhere(s.project, start, end)} AND event IN ${strList(names)})`;
    const rows = resolve(s, source, ["dn", "account_id", "event", "ts", "message_id", "properties"]);
    if (level === "account") {
      return `(SELECT * FROM ${rows} WHERE account_id != ''${q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : ""})`;
    }
    return q.segment ? `(SELECT * FROM ${rows} WHERE who IN ${segmentPersons(s, q.segment)})` : rows;
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

  const range = (q: RangeQuery) => [dayNumber(q.from), dayNumber(q.to)] as const;
  const withTies = async (project: string): Promise<Sql> => ({ db, project, ties: await lateTies(http, { db, project }) });

  return {
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
     * by one number per person instead of collecting day sets: a sorted day list per person comes back out of
     * the bits, and each day's gap is its difference from the one before.
     */
    async activityGaps(p: string, q: RangeQuery): Promise<ActivityGap[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const start = from - 30;
      const words = Math.ceil((to - start + 1) / 64);
      const masks = Array.from({ length: words }, (_, j) =>
        `groupBitOr(if(intDiv(x, 64) = ${j}, bit, toUInt64(0))) AS m${j}`).join(", ");
      const days = Array.from({ length: words }, (_, j) =>
        `arrayMap(b -> toUInt32(round(log2(b))) + ${64 * j}, bitmaskToArray(m${j}))`);
      const out = await http.query<{ dn: number; gap: number; actors: number }>(
        `SELECT toUInt32(d + ${int(start)}) AS dn, if(diff = 0, 30, least(diff, 30)) AS gap, count() AS actors FROM (
           SELECT ${words > 1 ? `arrayConcat(${days.join(", ")})` : days[0]} AS ds FROM (
             SELECT ${masks} FROM (
               SELECT who, toUInt32(dn - ${int(start)}) AS x, bitShiftLeft(toUInt64(1), toUInt8(x % 64)) AS bit
               FROM ${activity(s, q, start, to, "actor")}
             ) GROUP BY who
           )
         ) ARRAY JOIN ds AS d, arrayDifference(ds) AS diff
         WHERE d >= 30 GROUP BY dn, gap`,
      );
      return out.map((r) => ({ day: isoDay(r.dn), gap: r.gap, actors: r.actors }));
    },

    async activeTotals(p: string, q: RangeQuery): Promise<ActiveTotals> {
      const s = await withTies(p);
      const [from, to] = range(q);
      if (!q.segment) {
        // Without a segment the account level is the same rows with an account: one read for both.
        const [r] = await http.query<{ users: number; accounts: number }>(
          `SELECT uniqExact(who) AS users, uniqExactIf(aid, aid != 0) AS accounts FROM ${activity(s, q, from, to, "actor")}`,
        );
        return r;
      }
      const [[u], [a]] = await Promise.all([
        http.query<{ n: number }>(`SELECT uniqExact(who) AS n FROM ${activity(s, q, from, to, "actor")}`),
        http.query<{ n: number }>(`SELECT uniqExact(aid) AS n FROM ${activity(s, q, from, to, "account")}`),
      ]);
      return { users: u.n, accounts: a.n };
    },

    async loginStats(p: string, q: BucketQuery): Promise<LoginStats> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const logins = `(SELECT * FROM ${activity(s, q, from, to, "actor", ["logins"])} WHERE logins > 0)`;
      const [perBucket, perActor, perAccount] = await Promise.all([
        http.query<{ b: number; logins: number; users: number }>(
          `SELECT ${bucket("dn")} AS b, sum(logins) AS logins, uniqExact(who) AS users FROM ${logins} GROUP BY b`,
        ),
        http.query<{ actor: string; logins: number }>(
          `SELECT actor, logins FROM (SELECT who, sum(logins) AS logins FROM ${logins} GROUP BY who) ANY LEFT JOIN ${personNames(s)} USING who`,
        ),
        http.query<{ accountId: string; logins: number; activeUsers: number }>(
          `SELECT any(account_id) AS accountId, sum(logins) AS logins, uniqExact(who) AS activeUsers
           FROM ${activity(s, q, from, to, "account", ["logins"])} GROUP BY aid`,
        ),
      ]);
      const series = bs.map((b) => ({ date: b.date, logins: 0, users: 0 }));
      for (const r of perBucket) Object.assign(series[r.b], { logins: r.logins, users: r.users });
      return { series, perActor, perAccount };
    },

    async featureUsage(p: string, q: BucketQuery & { feature?: string }): Promise<FeatureUsage> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const actor = featureUses(s, q, from, to, "actor", q.feature);
      // Per feature and bucket, the distinct persons as a state: the series reads each, the totals merge them,
      // so the range is read once. Without a segment the account level is the same rows with an account.
      const [perFeature, accounts] = await Promise.all([
        http.query<{ feature: string; b: number[]; users: number[]; uses: number[]; total_users: number; total_uses: number; accounts: number }>(
          `SELECT any(name) AS feature, groupArray(b) AS b, groupArray(finalizeAggregation(who_state)) AS users, groupArray(u) AS uses,
             uniqExactMerge(who_state) AS total_users, sum(u) AS total_uses, uniqExactIfMerge(account_state) AS accounts
           FROM (SELECT fid, any(feature) AS name, ${bucket("dn")} AS b, uniqExactState(who) AS who_state, sum(uses) AS u,
                   uniqExactIfState(aid, aid != 0) AS account_state
                 FROM ${actor} GROUP BY fid, b)
           GROUP BY fid`,
        ),
        q.segment
          ? http.query<{ feature: string; n: number }>(
              `SELECT any(feature) AS feature, uniqExact(aid) AS n FROM ${featureUses(s, q, from, to, "account", q.feature)} GROUP BY fid`,
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

    async accountFeatures(p: string, q: RangeQuery): Promise<AccountFeatureRow[]> {
      const [from, to] = range(q);
      return http.query<AccountFeatureRow>(
        `SELECT any(account_id) AS accountId, any(feature) AS feature, sum(uses) AS uses
         FROM ${featureUses(await withTies(p), q, from, to, "account")} GROUP BY aid, fid`,
      );
    },

    /** One read over the span of all windows; each row counts in every window holding its day (ARRAY JOIN). */
    async accountWindows(p: string, q: RangeQuery, windows: DayWindow[]): Promise<AccountWindowRow[]> {
      if (windows.length === 0) return [];
      const ws = windows.map((w) => [dayNumber(w.from), dayNumber(w.to)] as const);
      const from = Math.min(...ws.map((w) => w[0]));
      const to = Math.max(...ws.map((w) => w[1]));
      const holding: string[] = [];
      for (let d = from; d <= to; d++) holding.push(`[${ws.flatMap(([f, t], i) => (d >= f && d <= t ? [i] : [])).join(",")}]`);
      const rows = activity(await withTies(p), q, from, to, "account", ["events", "logins", "uses"]);
      return http.query<AccountWindowRow>(
        `SELECT window, any(account_id) AS accountId, uniqExact(who) AS users, sum(events) AS events, sum(logins) AS logins, sum(uses) AS uses
         FROM ${rows} ARRAY JOIN arrayElement(CAST([${holding.join(",")}] AS Array(Array(UInt32))), toInt64(dn) - ${int(from)} + 1) AS window
         GROUP BY window, aid`,
      );
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

    async surveyEvents(p: string, q: RangeQuery, surveyId?: string): Promise<SurveyEvents> {
      const [from, to] = range(q);
      const events = await http.query<{ message_id: string; ts: number; who: string; account_id: string; event: string; properties: string }>(
        `SELECT message_id, ts, who, account_id, event, properties FROM ${marked({ db, project: p }, q, from, to, "actor", SURVEY)}
         ORDER BY ts DESC, message_id DESC`,
      );
      const shown = new Map<string, number>();
      let dismissed = 0;
      const responses: SurveyResponse[] = [];
      for (const e of events) {
        const props = JSON.parse(e.properties) as Record<string, unknown>;
        if (surveyId != null && props.survey_id !== surveyId) continue;
        if (e.event === "Survey Shown") {
          const day = isoDay(localDayNumber(e.ts, q.tz));
          shown.set(day, (shown.get(day) ?? 0) + 1);
        } else if (e.event === "Survey Dismissed") dismissed++;
        else {
          const r = toResponse(e.message_id, e.ts, e.who, e.account_id || null, props, q.tz);
          if (r) responses.push(r);
        }
      }
      return { shown: [...shown].map(([day, count]) => ({ day, count })), dismissed, responses };
    },

    async checklistEvents(p: string, q: RangeQuery, checklistId?: string): Promise<ChecklistEvent[]> {
      const s = await withTies(p);
      const [from, to] = range(q);
      const events = await http.query<{ who: string; account_id: string; event: string; ts: number; first: number; properties: string }>(
        `SELECT who, account_id, event, ts, first, properties FROM (SELECT *, cityHash64(who) AS wid FROM ${marked(s, q, from, to, "actor", CHECKLIST)})
         ANY LEFT JOIN (SELECT who AS wid, first FROM ${firstSeenPid(s)}) USING wid ORDER BY ts, message_id`,
      );
      const out: ChecklistEvent[] = [];
      for (const e of events) {
        const props = JSON.parse(e.properties) as Record<string, unknown>;
        const cid = props.checklist_id;
        if (typeof cid !== "string" && typeof cid !== "number") continue;
        if (checklistId != null && cid !== checklistId) continue;
        const itemId = e.event === "Checklist Completed" ? null : props.item_id == null ? undefined : String(props.item_id);
        if (itemId === undefined) continue;
        out.push({ actor: e.who, accountId: e.account_id || null, checklistId: String(cid), itemId, timestamp: e.ts, firstSeen: e.first });
      }
      return out;
    },

    async accountOutcomes(p: string, q: RangeQuery): Promise<AccountOutcome[]> {
      const [from, to] = range(q);
      const events = await http.query<{ account_id: string; event: string; ts: number }>(
        `SELECT account_id, event, ts FROM ${marked({ db, project: p }, q, from, to, "account", OUTCOMES)} ORDER BY ts, message_id`,
      );
      return events.map((e) => ({
        accountId: e.account_id,
        kind: e.event === "Account Renewed" ? ("renewed" as const) : ("churned" as const),
        timestamp: e.ts,
        day: isoDay(localDayNumber(e.ts, q.tz)),
      }));
    },

    async accountProfiles(p: string, q: RangeQuery): Promise<AccountProfile[]> {
      const s = { db, project: p };
      const seg = q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : "";
      const [accounts, traits, users] = await Promise.all([
        http.query<{ account_id: string; first: number; last: number; logins: number; last_login: number }>(
          `SELECT account_id, minMerge(first_ts) AS first, maxMerge(last_ts) AS last, sumMerge(logins) AS logins,
             maxMerge(last_login) AS last_login
           FROM ${t("accounts")} WHERE project_id = ${str(p)}${seg} GROUP BY account_id ORDER BY account_id`,
        ),
        http.query<{ account_id: string; key: string; json: string; is_null: number }>(
          `SELECT account_id, key, argMax(json, seq) AS json, argMax(is_null, seq) AS is_null FROM ${t("account_traits")}
           WHERE project_id = ${str(p)}${seg} GROUP BY account_id, key`,
        ),
        http.query<{ account: string; n: number }>(`SELECT account, count() AS n FROM ${memberships(s)} GROUP BY account`),
      ]);
      const traitRowsOf = new Map<string, typeof traits>();
      for (const r of traits) traitRowsOf.set(r.account_id, [...(traitRowsOf.get(r.account_id) ?? []), r]);
      const usersOf = new Map(users.map((r) => [r.account, r.n]));
      return accounts.map((a) => ({
        accountId: a.account_id,
        traits: traitsObject(traitRowsOf.get(a.account_id) ?? []),
        firstSeen: a.first,
        lastSeen: a.last,
        users: usersOf.get(a.account_id) ?? 0,
        lastLogin: a.logins > 0 ? a.last_login : null,
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
        http.query<{ who: string }>(`SELECT who FROM ${memberships(s)} WHERE account = ${account}`),
      ]);
      const actors = [...new Set([...members.map((m) => m.who), ...counts.map((c) => c.who)])];
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
             FROM (SELECT actor, key, json, is_null, seq FROM ${t("user_traits")} WHERE project_id = ${str(p)})
             ANY LEFT JOIN ${identities(s, "actor")} USING actor
           ) WHERE who IN ${list} GROUP BY who, key`,
        ),
        http.query<{ who: string; last: number }>(
          `SELECT who, max(l) AS last FROM ${resolve(s, `(SELECT person, maxMerge(last_ts) AS l FROM ${t("persons")}
             WHERE project_id = ${str(p)} GROUP BY person)`, ["l"])} WHERE who IN ${list} GROUP BY who`,
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
}


/**
 * The ClickHouse engine's AnalyticsStore. Every answer is an exact aggregate (uniqExact, sum of counts)
 * over rollups filled at insert (activity, feature_uses, persons, marked_events; see migrations/040), with
 * late identity ties applied by resolve(). The rollups are per UTC hour, so local days in any zone whose
 * midnights fall on whole UTC hours are exact unions of rollup rows; other zones (India, Nepal, …) read
 * raw events instead. Buckets are mapped with an array built by analytics/buckets.ts, so bucket edges are
 * the same code as in every other engine.
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
import { firstSeen, identities, memberships, resolve, segmentAccounts, segmentPersons, type Sql } from "./queries.ts";
import { ident, int, str, strList } from "./sql.ts";
import { traitsObject } from "./traits.ts";

type Level = "actor" | "account";
type Metric = "events" | "logins" | "uses";

/**
 * Rollup rows are read one by one (finalizeAggregation), not grouped first: a (day, person, account) may
 * come as several rows (hours, parts not merged yet), which every reader sums or counts distinct anyway,
 * and skipping the GROUP BY over four string keys makes reads several times faster.
 */
const ROLLUP: Record<Metric, string> = {
  events: "finalizeAggregation(events)",
  logins: "finalizeAggregation(logins)",
  uses: "finalizeAggregation(uses)",
};
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

  /** Keeps the segment's persons (actor level), or events filed under a segment account (account level). */
  function scoped(s: Sql, q: RangeQuery, rows: string, level: Level): string {
    let seg = "";
    if (level === "account") seg = `account_id != ''${q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : ""}`;
    else if (q.segment) seg = `who IN ${segmentPersons(s, q.segment)}`;
    return seg ? `(SELECT * FROM ${rows} WHERE ${seg})` : rows;
  }

  /** Rows of (who, dn, account_id, …metrics) whose sums per local day, person and account are the metrics. */
  function activity(s: Sql, q: RangeQuery, from: number, to: number, level: Level, metrics: Metric[] = [], where = ""): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const cols = metrics.map((m) => `, ${(hourly ? ROLLUP : RAW)[m]} AS ${m}`).join("");
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, person, account_id${cols} FROM ${t("activity")} WHERE ${hourWhere(s.project, start, end)}${where})`
      : `(SELECT ${tsDay(q.tz)} AS dn, person, account_id${cols} FROM ${t("events")} WHERE ${rawWhere(s.project, start, end)}${where})`;
    return scoped(s, q, resolve(s, source, ["dn", "account_id", ...metrics]), level);
  }

  /** Rows of (who, dn, feature, account_id, uses) whose sums are the `Feature Used` events per local day, feature, person and account. */
  function featureUses(s: Sql, q: RangeQuery, from: number, to: number, level: Level, feature?: string): string {
    const { start, end, hourly } = span(q.tz, from, to);
    const only = feature != null ? ` AND feature = ${str(feature)}` : "";
    const source = hourly
      ? `(SELECT ${localDay("hour", q.tz)} AS dn, feature, person, account_id, uses
          FROM ${t("feature_uses")} WHERE ${hourWhere(s.project, start, end)}${only})`
      : `(SELECT ${tsDay(q.tz)} AS dn, feature, person, account_id, toUInt64(1) AS uses
          FROM ${t("events")} WHERE ${rawWhere(s.project, start, end)} AND feature != ''${only})`;
    return scoped(s, q, resolve(s, source, ["dn", "feature", "account_id", "uses"]), level);
  }

  /** Marked events named `names` in local days [from, to], as (who, dn, account_id, event, ts, message_id, properties). */
  function marked(s: Sql, q: RangeQuery, from: number, to: number, level: Level, names: string[]): string {
    const { start, end } = span(q.tz, from, to);
    const source = `(SELECT ${tsDay(q.tz)} AS dn, person, account_id, event, ts, message_id, properties FROM ${t("marked_events")}
        WHERE ${rawWhere(s.project, start, end)} AND event IN ${strList(names)})`;
    return scoped(s, q, resolve(s, source, ["dn", "account_id", "event", "ts", "message_id", "properties"]), level);
  }

  /** Distinct (dn, who) of local days [from, to] for the segment's persons. */
  const personDays = (s: Sql, q: RangeQuery, from: number, to: number) =>
    `(SELECT DISTINCT dn, who FROM ${activity(s, q, from, to, "actor")})`;

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

  return {
    async activeDays(p: string, q: RangeQuery): Promise<ActiveDay[]> {
      const [from, to] = range(q);
      const rows = await http.query<{ dn: number; who: string }>(`SELECT dn, who FROM ${personDays({ db, project: p }, q, from, to)}`);
      return rows.map((r) => ({ day: isoDay(r.dn), actor: r.who }));
    },

    async activityGaps(p: string, q: RangeQuery): Promise<ActivityGap[]> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const out = await http.query<{ dn: number; gap: number; actors: number }>(
        `SELECT dn, gap, count() AS actors FROM (
           SELECT who, arraySort(groupUniqArray(dn)) AS ds FROM ${activity(s, q, from - 30, to, "actor")} GROUP BY who
         ) ARRAY JOIN ds AS dn, arrayMap(i -> if(i = 1, 30, least(toInt64(ds[i]) - toInt64(ds[i - 1]), 30)), arrayEnumerate(ds)) AS gap
         WHERE dn >= ${int(from)} GROUP BY dn, gap`,
      );
      return out.map((r) => ({ day: isoDay(r.dn), gap: r.gap, actors: r.actors }));
    },

    async activeTotals(p: string, q: RangeQuery): Promise<ActiveTotals> {
      const s = { db, project: p };
      const [from, to] = range(q);
      if (!q.segment) {
        // Without a segment the account level is the same rows with an account: one read for both.
        const [r] = await http.query<{ users: number; accounts: number }>(
          `SELECT uniqExact(who) AS users, uniqExactIf(account_id, account_id != '') AS accounts FROM ${activity(s, q, from, to, "actor")}`,
        );
        return r;
      }
      const [[u], [a]] = await Promise.all([
        http.query<{ n: number }>(`SELECT uniqExact(who) AS n FROM ${activity(s, q, from, to, "actor")}`),
        http.query<{ n: number }>(`SELECT uniqExact(account_id) AS n FROM ${activity(s, q, from, to, "account")}`),
      ]);
      return { users: u.n, accounts: a.n };
    },

    async loginStats(p: string, q: BucketQuery): Promise<LoginStats> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const logins = `(SELECT * FROM ${activity(s, q, from, to, "actor", ["logins"])} WHERE logins > 0)`;
      const [perBucket, perActor, perAccount] = await Promise.all([
        http.query<{ b: number; logins: number; users: number }>(
          `SELECT ${bucket("dn")} AS b, sum(logins) AS logins, uniqExact(who) AS users FROM ${logins} GROUP BY b`,
        ),
        http.query<{ actor: string; logins: number }>(`SELECT who AS actor, sum(logins) AS logins FROM ${logins} GROUP BY who`),
        http.query<{ accountId: string; logins: number; activeUsers: number }>(
          `SELECT account_id AS accountId, sum(logins) AS logins, uniqExact(who) AS activeUsers
           FROM ${activity(s, q, from, to, "account", ["logins"])} GROUP BY account_id`,
        ),
      ]);
      const series = bs.map((b) => ({ date: b.date, logins: 0, users: 0 }));
      for (const r of perBucket) Object.assign(series[r.b], { logins: r.logins, users: r.users });
      return { series, perActor, perAccount };
    },

    async featureUsage(p: string, q: BucketQuery & { feature?: string }): Promise<FeatureUsage> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const actor = featureUses(s, q, from, to, "actor", q.feature);
      // Per feature and bucket, the distinct persons as a state: the series reads each, the totals merge them,
      // so the range is read once. Without a segment the account level is the same rows with an account.
      const [perFeature, accounts] = await Promise.all([
        http.query<{ feature: string; b: number[]; users: number[]; uses: number[]; total_users: number; total_uses: number; accounts: number }>(
          `SELECT feature, groupArray(b) AS b, groupArray(finalizeAggregation(who_state)) AS users, groupArray(u) AS uses,
             uniqExactMerge(who_state) AS total_users, sum(u) AS total_uses, uniqExactIfMerge(account_state) AS accounts
           FROM (SELECT feature, ${bucket("dn")} AS b, uniqExactState(who) AS who_state, sum(uses) AS u,
                   uniqExactIfState(account_id, account_id != '') AS account_state
                 FROM ${actor} GROUP BY feature, b)
           GROUP BY feature`,
        ),
        q.segment
          ? http.query<{ feature: string; n: number }>(
              `SELECT feature, uniqExact(account_id) AS n FROM ${featureUses(s, q, from, to, "account", q.feature)} GROUP BY feature`,
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

    accountFeatures(p: string, q: RangeQuery): Promise<AccountFeatureRow[]> {
      const [from, to] = range(q);
      return http.query<AccountFeatureRow>(
        `SELECT account_id AS accountId, feature, sum(uses) AS uses
         FROM ${featureUses({ db, project: p }, q, from, to, "account")} GROUP BY account_id, feature`,
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
      const rows = activity({ db, project: p }, q, from, to, "account", ["events", "logins", "uses"]);
      return http.query<AccountWindowRow>(
        `SELECT window, account_id AS accountId, uniqExact(who) AS users, sum(events) AS events, sum(logins) AS logins, sum(uses) AS uses
         FROM ${rows} ARRAY JOIN arrayElement(CAST([${holding.join(",")}] AS Array(Array(UInt32))), toInt64(dn) - ${int(from)} + 1) AS window
         GROUP BY window, account_id`,
      );
    },

    async cohorts(p: string, q: BucketQuery): Promise<CohortCell[]> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const cells = await http.query<{ fb: number; pb: number; actors: number }>(
        `SELECT fb, pb, uniqExact(who) AS actors FROM (
           SELECT who, ${bucket("dn")} AS pb FROM ${personDays(s, q, from, to)}
         ) ANY INNER JOIN (
           SELECT who, ${bucket("fdn")} AS fb FROM (
             SELECT who, toUInt32(toDate(toDateTime(intDiv(first, 1000)), ${str(q.tz)})) AS fdn FROM ${firstSeen(s)}
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
      const s = { db, project: p };
      const [from, to] = range(q);
      const events = await http.query<{ who: string; account_id: string; event: string; ts: number; first: number; properties: string }>(
        `SELECT who, account_id, event, ts, first, properties FROM ${marked(s, q, from, to, "actor", CHECKLIST)}
         ANY LEFT JOIN ${firstSeen(s)} USING who ORDER BY ts, message_id`,
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
           FROM ${t("activity")} WHERE project_id = ${str(p)} AND account_id != ''${seg} GROUP BY account_id ORDER BY account_id`,
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
      const s = { db, project: p };
      const [from, to] = range(q);
      const { start, end } = span(q.tz, from, to);
      const account = str(accountId);
      const [counts, members] = await Promise.all([
        http.query<{ who: string; events: number; logins: number }>(
          `SELECT who, sum(events) AS events, sum(logins) AS logins
           FROM ${activity(s, { ...q, segment: undefined }, from, to, "account", ["events", "logins"], ` AND account_id = ${account}`)} GROUP BY who`,
        ),
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


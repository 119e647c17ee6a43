/**
 * The ClickHouse engine's AnalyticsStore. Every answer is an exact aggregate (uniqExact, count) over the
 * events of the range with identity resolved at read time; per-person days come from the user_days rollup
 * in UTC. Buckets are mapped with an array built by analytics/buckets.ts, so bucket edges are the same
 * code as in every other engine.
 */
import { buckets } from "../../analytics/buckets.ts";
import type {
  AccountFeatureRow, AccountOutcome, AccountProfile, AccountWindowRow, ActiveTotals, ActivityGap, BucketQuery,
  ChecklistEvent, CohortCell, DayWindow, FeatureUsage, LoginStats, SurveyEvents, SurveyResponse,
} from "../analytics-types.ts";
import type { RangeQuery } from "../types.ts";
import { toResponse } from "../sqlite/analytics.ts";
import { dayNumber, isoDay, localDayNumber, localDayStart } from "../../time.ts";
import type { ClickHouseHttp } from "./http.ts";
import { firstSeen, identities, memberships, personOf, segmentAccounts, segmentPersons, type Sql } from "./queries.ts";
import { ident, int, str } from "./sql.ts";
import { traitsObject } from "./traits.ts";

type Level = "actor" | "account";

export function createClickHouseAnalytics(http: ClickHouseHttp, db: string) {
  const t = (table: string) => `${ident(db)}.${ident(table)}`;

  /** Local day number of an event, as SQL. */
  const dayExpr = (tz: string) =>
    tz === "UTC" ? "toUInt32(day)" : `toUInt32(toDate(toDateTime(intDiv(ts, 1000)), ${str(tz)}))`;

  /** The rows filter of the UTC `day` key and the exact instants of local days [from, to]. */
  function timeWhere(tz: string, from: number, to: number): string {
    if (tz === "UTC") return `day >= toDate(${str(isoDay(from))}) AND day <= toDate(${str(isoDay(to))})`;
    const start = localDayStart(from, tz);
    const end = localDayStart(to + 1, tz);
    return `day >= toDate(${str(isoDay(Math.floor(start / 86_400_000)))}) AND day <= toDate(${str(isoDay(Math.floor(end / 86_400_000)))})
      AND ts >= ${int(start)} AND ts < ${int(end)}`;
  }

  /**
   * Events of local days [from, to] as (dn, who, account_id, login, feature, ts, message_id, event, type[, properties]);
   * the actor level keeps the segment's persons, the account level events filed under a segment account.
   */
  function rows(s: Sql, q: RangeQuery, from: number, to: number, level: Level, opts: { where?: string; properties?: boolean } = {}): string {
    let seg = "";
    if (level === "account") seg = `account_id != ''${q.segment ? ` AND account_id IN ${segmentAccounts(s, q.segment)}` : ""}`;
    else if (q.segment) seg = `who IN ${segmentPersons(s, q.segment)}`;
    const props = opts.properties ? ", properties" : "";
    return `(SELECT dn, who, account_id, login, feature, ts, message_id, name AS event, type${props} FROM (
        SELECT ${dayExpr(q.tz)} AS dn, ${personOf("anonymous_id")} AS who, account_id,
          type = 'track' AND ifNull(event, '') = 'Signed In' AS login, feature, ts, message_id, ifNull(event, '') AS name, type${props}
        FROM (SELECT ts, day, user_id, anonymous_id, account_id, type, event, feature, message_id${props} FROM ${t("events")}
              WHERE project_id = ${str(s.project)} AND ${timeWhere(q.tz, from, to)}${opts.where ? ` AND ${opts.where}` : ""})
        ANY LEFT JOIN ${identities(s)} USING anonymous_id
      )${seg ? ` WHERE ${seg}` : ""})`;
  }

  /** Distinct (dn, who) of local days [from, to] for the segment's persons; UTC reads the day rollup. */
  function personDays(s: Sql, q: RangeQuery, from: number, to: number): string {
    const seg = q.segment ? ` WHERE who IN ${segmentPersons(s, q.segment)}` : "";
    if (q.tz !== "UTC") return `(SELECT DISTINCT dn, who FROM ${rows(s, { ...q, segment: undefined }, from, to, "actor")}${seg})`;
    return `(SELECT DISTINCT dn, who FROM (
        SELECT toUInt32(d) AS dn, ${personOf("anon_id")} AS who
        FROM (SELECT day AS d, user_id, anon_id FROM ${t("user_days")} WHERE project_id = ${str(s.project)}
              AND day >= toDate(${str(isoDay(from))}) AND day <= toDate(${str(isoDay(to))}))
        ANY LEFT JOIN ${identities(s, "anon_id")} USING anon_id
      )${seg})`;
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

  return {
    async activityGaps(p: string, q: RangeQuery): Promise<ActivityGap[]> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const out = await http.query<{ dn: number; gap: number; actors: number }>(
        `SELECT dn, gap, count() AS actors FROM (
           SELECT who, arraySort(groupArray(dn)) AS ds FROM ${personDays(s, q, from - 30, to)} GROUP BY who
         ) ARRAY JOIN ds AS dn, arrayMap(i -> if(i = 1, 30, least(toInt64(ds[i]) - toInt64(ds[i - 1]), 30)), arrayEnumerate(ds)) AS gap
         WHERE dn >= ${int(from)} GROUP BY dn, gap`,
      );
      return out.map((r) => ({ day: isoDay(r.dn), gap: r.gap, actors: r.actors }));
    },

    async activeTotals(p: string, q: RangeQuery): Promise<ActiveTotals> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const [u] = await http.query<{ n: number }>(`SELECT uniqExact(who) AS n FROM ${personDays(s, q, from, to)}`);
      const [a] = await http.query<{ n: number }>(`SELECT uniqExact(account_id) AS n FROM ${rows(s, q, from, to, "account")}`);
      return { users: u.n, accounts: a.n };
    },

    async loginStats(p: string, q: BucketQuery): Promise<LoginStats> {
      const s = { db, project: p };
      const [from, to] = range(q);
      const { bs, sql: bucket } = bucketOf(from, to, q.interval);
      const logins = rows(s, q, from, to, "actor", { where: "type = 'track' AND event = 'Signed In'" });
      const [perBucket, perActor, perAccount] = await Promise.all([
        http.query<{ b: number; logins: number; users: number }>(
          `SELECT ${bucket("dn")} AS b, count() AS logins, uniqExact(who) AS users FROM ${logins} GROUP BY b`,
        ),
        http.query<{ actor: string; logins: number }>(`SELECT who AS actor, count() AS logins FROM ${logins} GROUP BY who`),
        http.query<{ accountId: string; logins: number; activeUsers: number }>(
          `SELECT account_id AS accountId, toUInt64(sum(login)) AS logins, uniqExact(who) AS activeUsers
           FROM ${rows(s, q, from, to, "account")} GROUP BY account_id`,
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
      const where = `feature != ''${q.feature != null ? ` AND feature = ${str(q.feature)}` : ""}`;
      const actor = rows(s, q, from, to, "actor", { where });
      const [totals, accounts, series] = await Promise.all([
        http.query<{ feature: string; users: number; uses: number }>(
          `SELECT feature, uniqExact(who) AS users, count() AS uses FROM ${actor} GROUP BY feature`,
        ),
        http.query<{ feature: string; n: number }>(
          `SELECT feature, uniqExact(account_id) AS n FROM ${rows(s, q, from, to, "account", { where })} GROUP BY feature`,
        ),
        http.query<{ feature: string; b: number; users: number; uses: number }>(
          `SELECT feature, ${bucket("dn")} AS b, uniqExact(who) AS users, count() AS uses FROM ${actor} GROUP BY feature, b`,
        ),
      ]);
      const byFeature = new Map(accounts.map((r) => [r.feature, r.n]));
      return {
        totals: totals.map((r) => ({ feature: r.feature, users: r.users, accounts: byFeature.get(r.feature) ?? 0, uses: r.uses })),
        series: series.map((r) => ({ feature: r.feature, date: bs[r.b].date, users: r.users, uses: r.uses })),
      };
    },

    accountFeatures(p: string, q: RangeQuery): Promise<AccountFeatureRow[]> {
      const [from, to] = range(q);
      return http.query<AccountFeatureRow>(
        `SELECT account_id AS accountId, feature, count() AS uses
         FROM ${rows({ db, project: p }, q, from, to, "account", { where: "feature != ''" })} GROUP BY account_id, feature`,
      );
    },

    async accountWindows(p: string, q: RangeQuery, windows: DayWindow[]): Promise<AccountWindowRow[]> {
      const s = { db, project: p };
      const out = await Promise.all(
        windows.map((w, window) =>
          http.query<Omit<AccountWindowRow, "window">>(
            `SELECT account_id AS accountId, uniqExact(who) AS users, count() AS events, toUInt64(sum(login)) AS logins,
               countIf(feature != '') AS uses
             FROM ${rows(s, q, dayNumber(w.from), dayNumber(w.to), "account")} GROUP BY account_id`,
          ).then((rs) => rs.map((r) => ({ ...r, window }))),
        ),
      );
      return out.flat();
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
        `SELECT message_id, ts, who, account_id, event, properties FROM ${rows({ db, project: p }, q, from, to, "actor", {
          where: "type = 'track' AND event IN ('Survey Shown', 'Survey Dismissed', 'Survey Responded')", properties: true,
        })} ORDER BY ts DESC, message_id DESC`,
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
        `SELECT who, account_id, event, ts, first, properties FROM ${rows(s, q, from, to, "actor", {
          where: "type = 'track' AND event IN ('Checklist Item Completed', 'Checklist Completed')", properties: true,
        })} ANY LEFT JOIN ${firstSeen(s)} USING who ORDER BY ts, message_id`,
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
        `SELECT account_id, event, ts FROM ${rows({ db, project: p }, q, from, to, "account", {
          where: "type = 'track' AND event IN ('Account Renewed', 'Account Churned')",
        })} ORDER BY ts, message_id`,
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
          `SELECT account_id, min(ts) AS first, max(ts) AS last,
             countIf(type = 'track' AND ifNull(event, '') = 'Signed In') AS logins,
             maxIf(ts, type = 'track' AND ifNull(event, '') = 'Signed In') AS last_login
           FROM ${t("events")} WHERE project_id = ${str(p)} AND account_id != ''${seg} GROUP BY account_id ORDER BY account_id`,
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


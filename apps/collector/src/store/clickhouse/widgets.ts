/**
 * The widget questions of one person, read from ClickHouse: their profile (traits, account, first seen),
 * their survey history and when configured events last happened, all from stored events and profiles.
 */
import type { EventMatcher, MatchResult, SurveyHistory, WidgetProfile } from "../widget-types.ts";
import type { ClickHouseHttp } from "./http.ts";
import { actorsOfPerson, eventsOfPerson, firstSeen, identities, membershipsOf, tiedTo, type Sql } from "./queries.ts";
import { ident, str, strList } from "./sql.ts";
import { traitsObject } from "./traits.ts";

const SURVEY_EVENTS = ["Survey Shown", "Survey Responded", "Survey Dismissed"];

export function createClickHouseWidgets(http: ClickHouseHttp, db: string) {
  const t = (table: string) => `${ident(db)}.${ident(table)}`;
  const sql = (project: string): Sql => ({ db, project });

  async function latestTraits(table: string, where: string, s: Sql) {
    return http.query<{ key: string; json: string; is_null: number }>(
      `SELECT key, argMax(json, seq) AS json, argMax(is_null, seq) AS is_null FROM ${t(table)}
       WHERE project_id = ${str(s.project)} AND ${where} GROUP BY key`,
    );
  }

  return {
    async widgetProfile(projectId: string, ids: { userId?: string; anonymousId?: string }): Promise<WidgetProfile> {
      const s = sql(projectId);
      let actor = ids.userId ?? "";
      if (!ids.userId && ids.anonymousId) {
        const [tied] = await http.query<{ resolved_user: string }>(
          `SELECT resolved_user FROM ${identities(s)} WHERE anonymous_id = ${str(ids.anonymousId)}`,
        );
        actor = tied?.resolved_user || ids.anonymousId;
      }
      const [traits, account, first] = await Promise.all([
        latestTraits("user_traits", actorsOfPerson(s, actor), s),
        http.query<{ account: string }>(`SELECT account FROM ${membershipsOf(s, strList([actor]))}`),
        http.query<{ first: number }>(`SELECT first FROM ${firstSeen(s, `(person = ${str(actor)} OR person IN (${tiedTo(s, actor)}))`)} WHERE who = ${str(actor)}`),
      ]);
      const accountId = account[0]?.account ?? null;
      const accountTraits = accountId == null ? [] : await latestTraits("account_traits", `account_id = ${str(accountId)}`, s);
      return {
        actor,
        traits: traitsObject(traits),
        accountId,
        accountTraits: traitsObject(accountTraits),
        firstSeen: first[0]?.first ?? null,
      };
    },

    async surveyHistory(projectId: string, actor: string): Promise<SurveyHistory[]> {
      const rows = await http.query<{ event: string; ts: number; properties: string }>(
        `SELECT event, ts, properties FROM ${t("marked_events")}
         WHERE ${eventsOfPerson(sql(projectId), actor)} AND event IN ${strList(SURVEY_EVENTS)} LIMIT 1 BY message_id`,
      );
      const bySurvey = new Map<string, SurveyHistory>();
      const later = (a: number | null, b: number) => Math.max(a ?? b, b);
      for (const r of rows) {
        const props = JSON.parse(r.properties) as Record<string, unknown>;
        if (props.survey_id == null) continue;
        const surveyId = String(props.survey_id);
        const h = bySurvey.get(surveyId) ?? {
          surveyId, shown: 0, lastShownAt: null, lastRespondedAt: null, lastDismissedAt: null, lastSnoozedAt: null,
        };
        if (r.event === "Survey Shown") {
          h.shown++;
          h.lastShownAt = later(h.lastShownAt, r.ts);
        } else if (r.event === "Survey Responded") h.lastRespondedAt = later(h.lastRespondedAt, r.ts);
        else if (props.snooze === true || props.snooze === 1) h.lastSnoozedAt = later(h.lastSnoozedAt, r.ts);
        else h.lastDismissedAt = later(h.lastDismissedAt, r.ts);
        bySurvey.set(surveyId, h);
      }
      return [...bySurvey.values()];
    },

    async eventMatches(
      projectId: string, q: { actor: string; accountId: string | null; matchers: EventMatcher[] },
    ): Promise<MatchResult[]> {
      if (q.matchers.length === 0) return [];
      const s = sql(projectId);
      const mine = `(${eventsOfPerson(s, q.actor)})`;
      const scope = q.accountId == null ? mine : `(${mine} OR (project_id = ${str(projectId)} AND account_id = ${str(q.accountId)}))`;
      const rows = await http.query<{ event: string; ts: number; properties: string; own: number }>(
        `SELECT event, ts, properties, ${mine} AS own FROM ${t("events")}
         WHERE ${scope} AND event IN ${strList(q.matchers.map((m) => m.event))}`,
      );
      return q.matchers.map((m) => {
        let userAt: number | null = null;
        let accountAt: number | null = null;
        for (const r of rows) {
          if (r.event !== m.event) continue;
          const props = JSON.parse(r.properties) as Record<string, unknown>;
          if (!Object.entries(m.where ?? {}).every(([k, v]) => props[k] === v)) continue;
          if (r.own) userAt = Math.max(userAt ?? r.ts, r.ts);
          if (q.accountId != null) accountAt = Math.max(accountAt ?? r.ts, r.ts);
        }
        return { key: m.key, userAt, accountAt };
      });
    },
  };
}

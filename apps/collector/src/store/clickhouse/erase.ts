/**
 * eraseUser() for ClickHouse (LGPD/GDPR): the user's and their anonymous ids' rows go from every table that
 * holds them by person; the rollups whose rows sum every person of an account (account_days, feature_months,
 * whose aid 0 sums every person without one, and accounts) are recounted from the events left, for the
 * accounts the user's events were filed under.
 */
import type { ClickHouseHttp } from "./http.ts";
import type { Mutations } from "./mutations.ts";
import { eventsOfPerson, identities, type Sql } from "./queries.ts";
import { ident, str, strList } from "./sql.ts";

const LOGIN = "type = 'track' AND ifNull(event, '') = 'Signed In'";
const DAYS = Array.from({ length: 31 }, (_, i) => `d${i + 1}`).join(", ");
const DAY_SUMS = Array.from({ length: 31 }, (_, i) => `sum(toUInt32(toDayOfMonth(day) = ${i + 1}))`).join(", ");

export async function eraseUser(
  http: ClickHouseHttp, s: Sql, userId: string, mutations: Mutations,
): Promise<number> {
  const db = ident(s.db);
  const anons = (
    await http.query<{ anonymous_id: string }>(`SELECT anonymous_id FROM ${identities(s)} WHERE resolved_user = ${str(userId)}`)
  ).map((r) => r.anonymous_id);
  const [{ n }] = await http.query<{ n: number }>(`SELECT uniqExact(message_id) AS n FROM ${db}.events WHERE ${eventsOfPerson(s, userId)}`);
  const p = str(s.project);
  const people = strList([userId, ...anons]);
  const pids = `(${[userId, ...anons].map((x) => `cityHash64(${str(x)})`).join(", ")})`;
  const touched = (
    await http.query<{ account_id: string }>(`SELECT DISTINCT account_id FROM ${db}.events WHERE project_id = ${p} AND person IN ${people}`)
  ).map((r) => r.account_id);
  const aids = `(${["", ...touched].map((a) => (a === "" ? "toUInt64(0)" : `cityHash64(${str(a)})`)).join(", ")})`;
  // Literal lists, not subqueries: the identities rows are deleted in the same breath.
  // message_ids are kept on purpose: they are random ids, and a late retry must not bring the user back.
  const deletes: [string, string][] = [
    ["events", `project_id = ${p} AND person IN ${people}`],
    ["activity_hours", `project_id = ${p} AND pid IN ${pids}`],
    ["feature_hours", `project_id = ${p} AND pid IN ${pids}`],
    ["active_months", `project_id = ${p} AND pid IN ${pids}`],
    ["active_halves", `project_id = ${p} AND pid IN ${pids}`],
    ["login_months", `project_id = ${p} AND pid IN ${pids}`],
    ["persons", `project_id = ${p} AND person IN ${people}`],
    ["marked_events", `project_id = ${p} AND person IN ${people}`],
    ["account_days", `project_id = ${p} AND aid IN ${aids} AND aid != 0`],
    ["feature_months", `project_id = ${p} AND aid IN ${aids}${touched.includes("") ? "" : " AND aid != 0"}`],
    ["accounts", `project_id = ${p} AND account_id IN ${strList(touched.filter((a) => a !== ""))}`],
    ["user_traits", `project_id = ${p} AND actor IN ${people}`],
    ["memberships", `project_id = ${p} AND actor IN ${people}`],
    ["identities", `project_id = ${p} AND (user_id = ${str(userId)} OR anonymous_id IN ${strList(anons)})`],
  ];
  await mutations.deleteWhere(deletes);
  if (touched.length === 0) return n;
  const left = `project_id = ${p} AND account_id IN ${strList(touched)}`;
  await Promise.all([
    http.exec(
      `INSERT INTO ${db}.account_days SELECT project_id, day, cityHash64(account_id), count(), sum(toUInt64(${LOGIN})), sum(toUInt64(feature != ''))
       FROM ${db}.events WHERE ${left} AND account_id != '' GROUP BY project_id, day, account_id`,
    ),
    http.exec(
      `INSERT INTO ${db}.feature_months (project_id, month, fid, aid, feature, ${DAYS})
       SELECT project_id, toStartOfMonth(day) AS month, cityHash64(feature), if(account_id = '', toUInt64(0), cityHash64(account_id)), feature,
         ${DAY_SUMS}
       FROM ${db}.events WHERE ${left} AND feature != '' GROUP BY project_id, month, feature, account_id`,
    ),
    http.exec(
      `INSERT INTO ${db}.accounts SELECT project_id, account_id, minState(ts), maxState(ts), maxState(if(${LOGIN}, ts, toInt64(0)))
       FROM ${db}.events WHERE ${left} AND account_id != '' GROUP BY project_id, account_id`,
    ),
  ]);
  return n;
}

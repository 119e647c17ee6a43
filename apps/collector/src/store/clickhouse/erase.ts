/**
 * eraseUser() for ClickHouse (LGPD/GDPR): the user's and their anonymous ids' rows go from every table that
 * holds them by person; account_months, whose rows sum every person of an account (and aid 0 every person
 * without one), is recounted from the events left for the accounts the user's events were filed under.
 */
import type { ClickHouseHttp } from "./http.ts";
import { eventsOfPerson, identities, type Sql } from "./queries.ts";
import { ident, str, strList } from "./sql.ts";

export async function eraseUser(
  http: ClickHouseHttp, s: Sql, userId: string, waitForMutations: (tables: string[]) => Promise<void>,
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
    ["persons", `project_id = ${p} AND person IN ${people}`],
    ["marked_events", `project_id = ${p} AND person IN ${people}`],
    ["account_months", `project_id = ${p} AND aid IN ${aids}${touched.includes("") ? "" : " AND aid != 0"}`],
    ["user_traits", `project_id = ${p} AND actor IN ${people}`],
    ["memberships", `project_id = ${p} AND actor IN ${people}`],
    ["identities", `project_id = ${p} AND (user_id = ${str(userId)} OR anonymous_id IN ${strList(anons)})`],
  ];
  for (const [table, where] of deletes) await http.exec(`ALTER TABLE ${db}.${ident(table)} DELETE WHERE ${where}`);
  await waitForMutations(deletes.map(([t]) => t));
  if (touched.length) {
    await http.exec(
      `INSERT INTO ${db}.account_months SELECT project_id, toStartOfMonth(day) AS month, if(account_id = '', toUInt64(0), cityHash64(account_id)),
         arrayJoin(arrayConcat(['*'], if(type = 'track' AND ifNull(event, '') = 'Signed In', ['login'], emptyArrayString()),
           if(feature != '', ['use', concat('f:', feature)], emptyArrayString()))) AS k,
         account_id,
         sumForEachState(arrayResize(arrayPushBack(arrayResize(CAST([] AS Array(UInt64)), toDayOfMonth(day) - 1, toUInt64(0)), toUInt64(1)), 31, toUInt64(0))),
         minState(ts), maxState(ts)
       FROM ${db}.events WHERE project_id = ${p} AND account_id IN ${strList(touched)} GROUP BY project_id, month, account_id, k`,
    );
  }
  return n;
}

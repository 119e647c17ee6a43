/**
 * eraseUser() for ClickHouse (LGPD/GDPR): the user's and their anonymous ids' rows go from every table that
 * holds them by person; the rollups that sum many persons per account (accounts, account_days, and
 * feature_months, whose account-less rows sum every account-less person) are recounted from the events
 * left, for the accounts the user's events were filed under.
 */
import type { ClickHouseHttp } from "./http.ts";
import { eventsOfPerson, identities, type Sql } from "./queries.ts";
import { ident, str, strList } from "./sql.ts";

const LOGIN = "toUInt64(type = 'track' AND ifNull(event, '') = 'Signed In')";
const AID = "if(account_id = '', toUInt64(0), cityHash64(account_id))";

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
  const accounts = touched.filter((a) => a !== "");
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
    ["accounts", `project_id = ${p} AND account_id IN ${strList(accounts)}`],
    ["account_days", `project_id = ${p} AND aid IN ${aids} AND aid != 0`],
    ["feature_months", `project_id = ${p} AND aid IN ${aids}${touched.includes("") ? "" : " AND aid != 0"}`],
    ["user_traits", `project_id = ${p} AND actor IN ${people}`],
    ["memberships", `project_id = ${p} AND actor IN ${people}`],
    ["identities", `project_id = ${p} AND (user_id = ${str(userId)} OR anonymous_id IN ${strList(anons)})`],
  ];
  for (const [table, where] of deletes) await http.exec(`ALTER TABLE ${db}.${ident(table)} DELETE WHERE ${where}`);
  await waitForMutations(deletes.map(([t]) => t));
  if (touched.length === 0) return n;
  const left = `project_id = ${p} AND account_id IN ${strList(touched)}`;
  await Promise.all([
    accounts.length
      ? http.exec(
          `INSERT INTO ${db}.accounts SELECT project_id, account_id, minState(ts), maxState(ts), sumState(${LOGIN}),
             maxState(if(${LOGIN} = 1, ts, toInt64(0)))
           FROM ${db}.events WHERE ${left} AND account_id != '' GROUP BY project_id, account_id`,
        )
      : null,
    accounts.length
      ? http.exec(
          `INSERT INTO ${db}.account_days SELECT project_id, day, cityHash64(account_id), count(), sum(${LOGIN}), sum(toUInt64(feature != ''))
           FROM ${db}.events WHERE ${left} AND account_id != '' GROUP BY project_id, day, account_id`,
        )
      : null,
    http.exec(
      `INSERT INTO ${db}.feature_months SELECT project_id, toStartOfMonth(day) AS month, cityHash64(feature), ${AID},
         sumForEachState(arrayResize(arrayPushBack(arrayResize(CAST([] AS Array(UInt64)), toDayOfMonth(day) - 1, toUInt64(0)), toUInt64(1)), 31, toUInt64(0)))
       FROM ${db}.events WHERE ${left} AND feature != '' GROUP BY project_id, month, feature, account_id`,
    ),
  ]);
  return n;
}

/**
 * SQL fragments shared by the ClickHouse engine's reads. Identity is resolved when reading: an event's
 * person is its userId, else the user its anonymous id was tied to (first identify wins), else the
 * anonymous id. That gives the SQLite engine's answers without rewriting stored events on identify.
 */
import { ident, str } from "./sql.ts";

export type Sql = { db: string; project: string };

/** anonymous id → the user it became, as a subquery whose key column is named `as`. */
export function identities({ db, project }: Sql, as = "anonymous_id"): string {
  return `(SELECT anonymous_id AS ${as}, argMin(user_id, seq) AS resolved_user FROM ${ident(db)}.identities
    WHERE project_id = ${str(project)} GROUP BY anonymous_id)`;
}

/** The resolved person of a row with `user_id` and an anonymous id column, after joining identities(). */
export function personOf(anonColumn: string): string {
  return `if(user_id != '', user_id, if(resolved_user != '', resolved_user, ${anonColumn}))`;
}

/** Raw actors whose traits/memberships were stored under them, resolved to the person. */
function resolvedActor(): string {
  return "if(resolved_user != '', resolved_user, actor)";
}

/** person → the account of their latest group call. */
export function memberships(s: Sql): string {
  return `(SELECT who, argMax(account_id, seq) AS account FROM (
      SELECT ${resolvedActor()} AS who, account_id, seq
      FROM (SELECT actor, account_id, seq FROM ${ident(s.db)}.memberships WHERE project_id = ${str(s.project)})
      ANY LEFT JOIN ${identities(s, "actor")} USING actor
    ) GROUP BY who)`;
}

export type Segment = { scope: "user" | "account"; trait: string; value: string };

/** The persons matching a `segment=` filter, as a subquery of one column `who`. */
export function segmentPersons(s: Sql, segment: Segment): string {
  const key = str(segment.trait);
  const value = str(segment.value);
  if (segment.scope === "user") {
    return `(SELECT who FROM (
        SELECT ${resolvedActor()} AS who, argMax(value, seq) AS v, argMax(is_null, seq) AS n
        FROM (SELECT actor, value, is_null, seq FROM ${ident(s.db)}.user_traits WHERE project_id = ${str(s.project)} AND key = ${key})
        ANY LEFT JOIN ${identities(s, "actor")} USING actor
        GROUP BY who
      ) WHERE n = 0 AND v = ${value})`;
  }
  return `(SELECT who FROM ${memberships(s)} WHERE account IN (
      SELECT account_id FROM (
        SELECT account_id, argMax(value, seq) AS v, argMax(is_null, seq) AS n
        FROM ${ident(s.db)}.account_traits WHERE project_id = ${str(s.project)} AND key = ${key}
        GROUP BY account_id
      ) WHERE n = 0 AND v = ${value}))`;
}

/** Events of one person: their own, plus anonymous ones tied to them. */
export function eventsOfPerson(s: Sql, userId: string): string {
  return `project_id = ${str(s.project)} AND (user_id = ${str(userId)} OR (user_id = '' AND anonymous_id IN (
    SELECT anonymous_id FROM ${identities(s)} WHERE resolved_user = ${str(userId)})))`;
}

/** The accounts an account-level answer keeps: with the account trait, or holding a person with the user trait. */
export function segmentAccounts(s: Sql, segment: Segment): string {
  if (segment.scope === "user") return `(SELECT account FROM ${memberships(s)} WHERE who IN ${segmentPersons(s, segment)})`;
  return `(SELECT account_id FROM (
      SELECT account_id, argMax(value, seq) AS v, argMax(is_null, seq) AS n
      FROM ${ident(s.db)}.account_traits WHERE project_id = ${str(s.project)} AND key = ${str(segment.trait)}
      GROUP BY account_id
    ) WHERE n = 0 AND v = ${str(segment.value)})`;
}

/** person → their first event ever (ms), from the day rollup. */
export function firstSeen(s: Sql): string {
  return `(SELECT who, min(f) AS first FROM (
      SELECT ${personOf("anon_id")} AS who, f FROM (
        SELECT user_id, anon_id, minMerge(first_ts) AS f FROM ${ident(s.db)}.user_days
        WHERE project_id = ${str(s.project)} GROUP BY user_id, anon_id
      ) ANY LEFT JOIN ${identities(s, "anon_id")} USING anon_id
    ) GROUP BY who)`;
}

/** Raw actors (the person and the anonymous ids tied to them) whose profile rows are the person's. */
export function actorsOfPerson(s: Sql, who: string): string {
  return `(actor = ${str(who)} OR actor IN (SELECT anonymous_id FROM ${identities(s)} WHERE resolved_user = ${str(who)}))`;
}

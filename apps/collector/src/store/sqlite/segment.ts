/** Turns a `segment=` filter into a SQLite condition on the people (or their accounts) whose trait matches. */
import type { RangeQuery } from "../types.ts";

export type SegmentSql = { where: string; whereParams: unknown[] };

/**
 * `<actorColumn> IN (the segment's people)`. The set is read once, before the rows it filters: joining users
 * and accounts to every row instead, and reading the trait from its JSON on each, made one segment's active
 * users over 10 M events take 3 s (0.5 s this way). Trait names are spliced into a JSON path, so only plain
 * identifiers are accepted upstream.
 */
export function segmentClause(segment: RangeQuery["segment"], actorColumn: string, projectId: string): SegmentSql | null {
  const people = segmentPeopleSql(segment, projectId);
  return people && { where: `${actorColumn} IN (${people.sql})`, whereParams: people.params };
}

/** The segment's people, as a query of one column (`actor`). */
export function segmentPeopleSql(segment: RangeQuery["segment"], projectId: string): { sql: string; params: unknown[] } | null {
  if (!segment) return null;
  const path = `$."${segment.trait}"`;
  if (segment.scope === "user") {
    return {
      sql: "SELECT su.actor FROM users su WHERE su.project_id = ? AND CAST(json_extract(su.traits, ?) AS TEXT) = ?",
      params: [projectId, path, segment.value],
    };
  }
  // The trait is read once per account, not once per person through a join (over 10 M events: 2.3 k reads
  // against 26.5 k, 5.5 ms against 21 for each query a segment filters).
  return {
    sql:
      "SELECT su.actor FROM users su WHERE su.project_id = ? AND su.account_id IN " +
      "(SELECT sa.account_id FROM accounts sa WHERE sa.project_id = ? AND CAST(json_extract(sa.traits, ?) AS TEXT) = ?)",
    params: [projectId, projectId, path, segment.value],
  };
}

/** The accounts that match an account trait or hold a person who matches a person trait, as a query of one column (`account_id`). */
export function segmentAccountsSql(segment: RangeQuery["segment"], projectId: string): { sql: string; params: unknown[] } | null {
  if (!segment) return null;
  const path = `$."${segment.trait}"`;
  return segment.scope === "account"
    ? { sql: "SELECT sa.account_id FROM accounts sa WHERE sa.project_id = ? AND CAST(json_extract(sa.traits, ?) AS TEXT) = ?", params: [projectId, path, segment.value] }
    : {
        sql: "SELECT su.account_id FROM users su WHERE su.project_id = ? AND su.account_id IS NOT NULL AND CAST(json_extract(su.traits, ?) AS TEXT) = ?",
        params: [projectId, path, segment.value],
      };
}

/** Turns a `segment=` filter into a SQLite join on the users (and accounts) tables. */
import type { RangeQuery } from "../types.ts";

export type SegmentSql = { join: string; params: unknown[]; where: string; whereParams: unknown[] };

/** Trait names are spliced into a JSON path, so only plain identifiers are accepted upstream. */
export function segmentClause(segment: RangeQuery["segment"], actorColumn: string): SegmentSql | null {
  if (!segment) return null;
  const path = `$."${segment.trait}"`;
  if (segment.scope === "user") {
    return {
      join: `JOIN users su ON su.project_id = d.project_id AND su.actor = ${actorColumn}`,
      params: [],
      where: "CAST(json_extract(su.traits, ?) AS TEXT) = ?",
      whereParams: [path, segment.value],
    };
  }
  return {
    join:
      `JOIN users su ON su.project_id = d.project_id AND su.actor = ${actorColumn} ` +
      "JOIN accounts sa ON sa.project_id = su.project_id AND sa.account_id = su.account_id",
    params: [],
    where: "CAST(json_extract(sa.traits, ?) AS TEXT) = ?",
    whereParams: [path, segment.value],
  };
}

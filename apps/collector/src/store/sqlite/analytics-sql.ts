/**
 * SQL helpers shared by the SQLite analytics queries: bucket starts over a day-number column, and the
 * `segment=` filter for account-level rollups (the actor-level one is segment.ts).
 */
import type Database from "better-sqlite3";
import type { Interval, RangeQuery } from "../types.ts";
import { segmentAccountsSql } from "./segment.ts";

/**
 * `SELECT <columns> <rest>` as arrays, handed over as one JSON text. better-sqlite3 builds each value of each
 * row through V8 one at a time; for tens of thousands of rows that costs more than the query itself, and one
 * string parsed once costs a fraction (over 10 M events, 90 days of account-feature pairs: 34 k rows, 107 ms
 * of CPU as objects against 66 this way). The rows come in no particular order: sorting inside the aggregate
 * cost more than sorting the arrays after. Integers stay exact below 2^53: counts, day numbers and
 * millisecond instants.
 */
export function jsonRows<T extends unknown[]>(db: Database.Database, columns: string, rest: string, params: unknown[]): T[] {
  return JSON.parse(db.prepare(`SELECT json_group_array(json_array(${columns})) ${rest}`).pluck().get(...params) as string) as T[];
}

/** Two texts in SQLite's BINARY order (UTF-8 bytes, that is code points), where JavaScript's `<` compares UTF-16 units. */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate half stands for a code point above every unit that is not one.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    return sx === sy ? x - y : sx ? 1 : -1;
  }
  return a.length - b.length;
}

/**
 * The WHERE term of the partial index events_rare (migration 012), word for word: SQLite uses a partial index
 * only for a query that repeats its condition, so every query meant for it ANDs this in. A query that asks for
 * fewer of these events names them first: of two IN lists on the column, SQLite seeks the index with the first,
 * and seeking with this one read all 168 k rare events of 10 M for the 2 k renewals (36 ms against 4).
 */
export const RARE_EVENTS_SQL =
  "d.event IN ('Survey Shown', 'Survey Dismissed', 'Survey Responded', 'Checklist Item Completed', 'Checklist Completed', " +
  "'Account Renewed', 'Account Churned')";

/** The first day of the bucket holding day column `col`, clipped to `from` (a bound parameter-free literal). */
export function bucketStartSql(col: string, interval: Interval, from: number): string {
  const start =
    interval === "day"
      ? col
      : interval === "week"
        ? `(${col} - ((${col} + 3) % 7))` // day 0 was a Thursday; weeks start on Monday
        : `(${col} - CAST(strftime('%d', ${col} * 86400, 'unixepoch') AS INTEGER) + 1)`;
  return `max(${start}, ${Math.trunc(from)})`;
}

/**
 * `AND d.account_id ...` keeping accounts that match an account trait, or that hold a matching user, and only
 * `q.account` when the question is about one account. The accounts are read once, before the rows they filter:
 * a subquery tied to the row's own project_id (correlated) was run again for every row, and one segment's
 * trailing weeks over 10 M events took 22 s instead of a fraction of one.
 */
export function accountSegmentSql(q: Pick<RangeQuery, "segment" | "account">, projectId: string, column = "d.account_id"): { sql: string; params: unknown[] } {
  const seg = segmentSql(q.segment, projectId, column);
  return q.account == null ? seg : { sql: `${seg.sql} AND ${column} = ?`, params: [...seg.params, q.account] };
}

function segmentSql(segment: RangeQuery["segment"], projectId: string, column: string): { sql: string; params: unknown[] } {
  const accounts = segmentAccountsSql(segment, projectId);
  return accounts ? { sql: ` AND ${column} IN (${accounts.sql})`, params: accounts.params } : { sql: "", params: [] };
}

/** A day-number → bucket-index lookup over [from, to] for JS-side summing. */
export function bucketIndex(bucketFirstDays: number[], from: number, to: number): Int32Array {
  const out = new Int32Array(to - from + 1);
  let b = 0;
  for (let d = from; d <= to; d++) {
    while (b + 1 < bucketFirstDays.length && bucketFirstDays[b + 1] <= d) b++;
    out[d - from] = b;
  }
  return out;
}

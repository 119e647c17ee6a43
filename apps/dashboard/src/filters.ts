/** The shared filters (from, to, interval, segment) read from and written to the URL query, so every view is shareable. */
import type { Filters, Interval } from "./api.ts";

const DAY = 86_400_000;
const INTERVALS: readonly Interval[] = ["day", "week", "month"];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const PRESETS = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
] as const;

/** The segment traits offered in the filter bar: account plan and tier, as the issue names them. */
export const SEGMENT_KEYS = [
  { key: "account.plan", label: "Plan" },
  { key: "account.tier", label: "Tier" },
] as const;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` days up to `today`, inclusive. */
export function lastDays(days: number, now: number): { from: string; to: string } {
  return { from: isoDay(now - (days - 1) * DAY), to: isoDay(now) };
}

/** Filters from a query string; anything missing or malformed falls back to the last 30 days by day. */
export function readFilters(search: string, now: number): Filters {
  const p = new URLSearchParams(search);
  const def = lastDays(30, now);
  let from = p.get("from") ?? "";
  let to = p.get("to") ?? "";
  if (!ISO.test(from)) from = def.from;
  if (!ISO.test(to)) to = def.to;
  if (from > to) [from, to] = [to, from];
  const i = p.get("interval") as Interval;
  const segment = p.get("segment") ?? "";
  return { from, to, interval: INTERVALS.includes(i) ? i : "day", ...(segment.includes(":") ? { segment } : {}) };
}

/** A query string holding the filters plus any view-specific parameters (e.g. the selected feature). */
export function writeFilters(f: Filters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams({ from: f.from, to: f.to, interval: f.interval });
  if (f.segment) p.set("segment", f.segment);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return `?${p}`;
}

/** How many days the range spans, inclusive. */
export function spanDays(f: Pick<Filters, "from" | "to">): number {
  return Math.round((Date.parse(f.to) - Date.parse(f.from)) / DAY) + 1;
}

export function splitSegment(segment: string | undefined): { key: string; value: string } {
  if (!segment) return { key: SEGMENT_KEYS[0].key, value: "" };
  const i = segment.indexOf(":");
  return { key: segment.slice(0, i), value: segment.slice(i + 1) };
}

/** An in-app link that keeps the current filters. */
export function href(path: string, f: Filters, extra: Record<string, string | undefined> = {}): string {
  return path + writeFilters(f, extra);
}

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

/**
 * The zone the collector counts days in (UPTAKE_TIME_ZONE, else its data file's), written into the page it
 * serves. The answers' dates are days in that zone, so "today" must be too.
 */
export function pageZone(doc: Pick<Document, "querySelector"> | undefined = globalThis.document): string {
  return doc?.querySelector('meta[name="uptake-time-zone"]')?.getAttribute("content") || "UTC";
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatIn(zone: string): Intl.DateTimeFormat | null {
  if (!formats.has(zone)) {
    let f: Intl.DateTimeFormat | null = null;
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      // A zone this browser does not know: UTC days, as the page did before it named one.
    }
    formats.set(zone, f);
  }
  return formats.get(zone) ?? null;
}

/** The calendar day of an instant in `zone`, as YYYY-MM-DD. */
export function isoDay(ms: number, zone = pageZone()): string {
  const f = zone === "UTC" ? null : formatIn(zone);
  if (!f) return new Date(ms).toISOString().slice(0, 10);
  const part = (type: string) => f.formatToParts(ms).find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The last `days` days up to `today` (in `zone`), inclusive. */
export function lastDays(days: number, now: number, zone = pageZone()): { from: string; to: string } {
  const to = isoDay(now, zone);
  return { from: new Date(Date.parse(to) - (days - 1) * DAY).toISOString().slice(0, 10), to };
}

/** Filters from a query string; anything missing or malformed falls back to the last 30 days by day. */
export function readFilters(search: string, now: number, zone = pageZone()): Filters {
  const p = new URLSearchParams(search);
  const def = lastDays(30, now, zone);
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

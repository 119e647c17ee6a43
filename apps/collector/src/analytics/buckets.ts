/** Splits a range of day numbers into day, week (Monday first) or month buckets. */
import type { Interval } from "../store/types.ts";
import { isoDay } from "../time.ts";

export type Bucket = { date: string; first: number; last: number };

export function buckets(from: number, to: number, interval: Interval): Bucket[] {
  const out: Bucket[] = [];
  let start = from;
  while (start <= to) {
    const end = Math.min(to, bucketEnd(start, interval));
    out.push({ date: isoDay(start), first: start, last: end });
    start = end + 1;
  }
  return out;
}

function bucketEnd(day: number, interval: Interval): number {
  if (interval === "day") return day;
  if (interval === "week") {
    const weekday = (new Date(day * 86_400_000).getUTCDay() + 6) % 7; // Monday = 0
    return day + (6 - weekday);
  }
  const d = new Date(day * 86_400_000);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000) - 1;
}

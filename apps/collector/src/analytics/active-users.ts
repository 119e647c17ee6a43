/**
 * DAU, WAU, MAU and stickiness. Each bucket is measured as of its last day: dau is the average daily
 * actives over the bucket's days, wau and mau the distinct actives in the 7 and 30 days ending that day,
 * stickiness = dau / mau. With interval=day these are the plain daily figures.
 */
import type { ActiveDay, Interval } from "../store/types.ts";
import { dayNumber } from "../time.ts";
import { buckets } from "./buckets.ts";

export type ActiveUsersPoint = { date: string; dau: number; wau: number; mau: number; stickiness: number };

/** How many days before `from` the store must read so the first day's MAU is complete. */
export const ACTIVE_USERS_LOOKBACK = 29;

export function activeUsersSeries(rows: ActiveDay[], from: number, to: number, interval: Interval): ActiveUsersPoint[] {
  const origin = from - ACTIVE_USERS_LOOKBACK;
  const span = to - origin + 1;
  const byActor = new Map<string, number[]>();
  for (const r of rows) {
    const d = dayNumber(r.day) - origin;
    if (d < 0 || d >= span) continue;
    const days = byActor.get(r.actor);
    if (days) days.push(d);
    else byActor.set(r.actor, [d]);
  }
  const daily = new Array<number>(span).fill(0);
  const weekly = coverage(byActor, span, 7);
  const monthly = coverage(byActor, span, 30);
  for (const days of byActor.values()) for (const d of days) daily[d]++;

  return buckets(from, to, interval).map((b) => {
    let sum = 0;
    for (let d = b.first; d <= b.last; d++) sum += daily[d - origin];
    const dau = round(sum / (b.last - b.first + 1), 2);
    const mau = monthly[b.last - origin];
    return { date: b.date, dau, wau: weekly[b.last - origin], mau, stickiness: mau ? round(dau / mau, 4) : 0 };
  });
}

/** For each day, how many actors were active in the `window` days ending on it (a difference array). */
function coverage(byActor: Map<string, number[]>, span: number, window: number): number[] {
  const diff = new Array<number>(span + 1).fill(0);
  for (const days of byActor.values()) {
    days.sort((a, b) => a - b);
    let start = -1;
    let end = -1;
    for (const d of days) {
      if (d <= end + 1 && start >= 0) end = Math.max(end, d + window - 1);
      else {
        if (start >= 0) mark(diff, start, end, span);
        start = d;
        end = d + window - 1;
      }
    }
    if (start >= 0) mark(diff, start, end, span);
  }
  const out = new Array<number>(span);
  let running = 0;
  for (let d = 0; d < span; d++) out[d] = running += diff[d];
  return out;
}

function mark(diff: number[], start: number, end: number, span: number) {
  diff[start]++;
  diff[Math.min(end + 1, span)]--;
}

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

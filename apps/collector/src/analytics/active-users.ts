/**
 * DAU, WAU, MAU and stickiness. Each bucket is measured as of its last day: dau is the average daily
 * actives over the bucket's days, wau and mau the distinct actives in the 7 and 30 days ending that day,
 * stickiness = dau / mau. With interval=day these are the plain daily figures.
 */
import type { ActivityGap } from "../store/analytics-types.ts";
import type { Interval } from "../store/types.ts";
import { dayNumber } from "../time.ts";
import { buckets } from "./buckets.ts";
import { round } from "./stats.ts";

export type ActiveUsersPoint = { date: string; dau: number; wau: number; mau: number; stickiness: number };

/** How many days before `from` the store must read so the first day's MAU is complete. */
export const ACTIVE_USERS_LOOKBACK = 29;

/**
 * From activity gaps over [from - LOOKBACK, to]: an actor active on day d whose previous active day was g
 * days before is counted in the W-day windows ending on days max(d, d - g + W) .. d + W - 1.
 */
export function activeUsersSeries(gaps: ActivityGap[], from: number, to: number, interval: Interval): ActiveUsersPoint[] {
  const origin = from - ACTIVE_USERS_LOOKBACK;
  const span = to - origin + 1;
  const daily = new Array<number>(span).fill(0);
  const weekly = new Array<number>(span + 31).fill(0);
  const monthly = new Array<number>(span + 31).fill(0);
  for (const { day, gap, actors } of gaps) {
    const d = dayNumber(day) - origin;
    if (d < 0 || d >= span) continue;
    daily[d] += actors;
    for (const [diff, w] of [[weekly, 7], [monthly, 30]] as const) {
      diff[gap < w ? d - gap + w : d] += actors;
      diff[d + w] -= actors;
    }
  }
  for (let d = 1; d < span; d++) {
    weekly[d] += weekly[d - 1];
    monthly[d] += monthly[d - 1];
  }
  return buckets(from, to, interval).map((b) => {
    let sum = 0;
    for (let d = b.first; d <= b.last; d++) sum += daily[d - origin];
    const dau = round(sum / (b.last - b.first + 1), 2);
    const mau = monthly[b.last - origin];
    return { date: b.date, dau, wau: weekly[b.last - origin], mau, stickiness: mau ? round(dau / mau, 4) : 0 };
  });
}

/** The trailing weekly windows that alerts and health compare: week 0 ends on the as-of day, week k is k weeks earlier. */
import type { DayWindow } from "../store/analytics-types.ts";
import { isoDay } from "../time.ts";

/** Up to 30 previous weeks form an account's baseline (issue 4). */
export const BASELINE_WEEKS = 30;

/** Windows 0..BASELINE_WEEKS are weeks; window LAST_28 is the 28 days ending on the as-of day. */
export const LAST_28 = BASELINE_WEEKS + 1;

export function trailingWindows(asOf: number): DayWindow[] {
  const weeks = Array.from({ length: BASELINE_WEEKS + 1 }, (_, k) => ({ from: isoDay(asOf - 7 * k - 6), to: isoDay(asOf - 7 * k) }));
  return [...weeks, { from: isoDay(asOf - 27), to: isoDay(asOf) }];
}

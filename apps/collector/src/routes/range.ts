/** Reads the shared query parameters (from, to, tz, segment, interval) or answers 400 naming the field. */
import type { Context } from "hono";
import { ZRangeParams, fieldErrors } from "@uptake/schema";
import type { Interval, RangeQuery } from "../store/types.ts";
import { DAY_MS, isTimeZone, isoDay, localDayNumber } from "../time.ts";

export type ParsedRange = RangeQuery & { interval: Interval };

/** Defaults: the last 30 days up to today in `tz`. */
export function parseRange(c: Context, now: number): { ok: true; range: ParsedRange } | { ok: false; response: Response } {
  const parsed = ZRangeParams.safeParse(c.req.query());
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, response: c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400) };
  }
  const q = parsed.data;
  if (!isTimeZone(q.tz)) {
    return { ok: false, response: c.json({ error: `tz: unknown time zone "${q.tz}"` }, 400) };
  }
  const today = localDayNumber(now, q.tz);
  const to = q.to ?? isoDay(today);
  const from = q.from ?? isoDay(Math.min(today, Date.parse(`${to}T00:00:00Z`) / DAY_MS) - 29);
  return { ok: true, range: { from, to, tz: q.tz, segment: q.segment, interval: q.interval } };
}

/** Reads the shared query parameters (from, to, tz, segment, interval) or answers 400 naming the field. */
import type { Context, MiddlewareHandler } from "hono";
import { ZRangeParams, fieldErrors } from "@uptake/schema";
import type { Interval, RangeQuery } from "../store/types.ts";
import { DAY_MS, isTimeZone, isoDay, localDayNumber } from "../time.ts";

export type ParsedRange = RangeQuery & { interval: Interval };

type ZoneEnv = { Variables: { defaultZone?: string } };

/** Middleware: questions that name no `tz` are asked in `zone` (UPTAKE_TIME_ZONE) instead of UTC. */
export function defaultZone(zone: string): MiddlewareHandler<ZoneEnv> {
  return async (c, next) => {
    c.set("defaultZone", zone);
    await next();
  };
}

/** Defaults: the last 30 days up to today in `tz`, which defaults to the collector's zone (else UTC). */
export function parseRange(c: Context, now: number): { ok: true; range: ParsedRange } | { ok: false; response: Response } {
  const parsed = ZRangeParams.safeParse(c.req.query());
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, response: c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400) };
  }
  const q = parsed.data;
  const tz = q.tz ?? ((c as Context<ZoneEnv>).get("defaultZone") || "UTC");
  if (!isTimeZone(tz)) {
    return { ok: false, response: c.json({ error: `tz: unknown time zone "${tz}"` }, 400) };
  }
  const today = localDayNumber(now, tz);
  const to = q.to ?? isoDay(today);
  const from = q.from ?? isoDay(Math.min(today, Date.parse(`${to}T00:00:00Z`) / DAY_MS) - 29);
  return { ok: true, range: { from, to, tz, segment: q.segment, interval: q.interval } };
}

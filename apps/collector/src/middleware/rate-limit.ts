/** Token buckets per write key and per client IP; an empty bucket answers 429 with Retry-After. */
import type { RateLimit } from "../config.ts";

export type Limiter = {
  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number;
};

export function createLimiter({ perSecond, burst }: RateLimit, now: () => number = Date.now): Limiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweepAt = now();
  return {
    take(key) {
      const t = now();
      // Forget idle buckets now and then so a scan of many IPs cannot grow memory without bound.
      if (t - sweepAt > 60_000) {
        for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
        sweepAt = t;
      }
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * perSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}

/** When a failed batch is tried again, and after how long: capped exponential backoff with full jitter. */
import { parseDate } from "../platform/builtins";

export const RETRY_BASE_MS = 1000;
export const RETRY_CAP_MS = 60_000;
/** The longest a Retry-After header may make us wait. */
export const RETRY_AFTER_MAX_MS = 300_000;

/** Network errors (status 0), timeouts, rate limits and server errors pass; other 4xx will fail the same way again. */
export const retryable = (status: number): boolean =>
  status === 0 || status === 408 || status === 429 || status >= 500;

/** Retry-After as milliseconds from `now`: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return;
  const seconds = +header;
  const ms = seconds >= 0 ? seconds * 1000 : parseDate(header) - now;
  return ms === ms ? Math.max(0, ms) : undefined; // ms === ms is false only for NaN
}

/**
 * Delay before retry number `attempt` (0 for the first retry). Full jitter spreads the tabs of
 * many users that failed at the same moment, so they do not all come back at once.
 */
export function retryDelay(attempt: number, random: () => number, retryAfter: string | null | undefined, now: number): number {
  const after = retryAfterMs(retryAfter, now);
  if (after !== undefined) return Math.min(after, RETRY_AFTER_MAX_MS);
  return random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
}

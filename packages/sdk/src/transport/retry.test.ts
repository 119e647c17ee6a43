import { describe, expect, it } from "vitest";
import { RETRY_AFTER_MAX_MS, RETRY_CAP_MS, retryable, retryAfterMs, retryDelay } from "./retry";

describe("which failures are retried", () => {
  it("retries network errors, 408, 429 and 5xx", () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) expect(retryable(status), `${status}`).toBe(true);
  });
  it("does not retry other 4xx: the same batch would fail the same way", () => {
    for (const status of [400, 401, 403, 404, 413, 422]) expect(retryable(status), `${status}`).toBe(false);
  });
});

describe("backoff", () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  it("grows exponentially from 1 s, with full jitter between 0 and the ceiling", () => {
    expect(retryDelay(0, () => 0.999, null, now)).toBeCloseTo(999);
    expect(retryDelay(3, () => 0.999, null, now)).toBeCloseTo(7992);
    expect(retryDelay(3, () => 0, null, now)).toBe(0);
    expect(retryDelay(3, () => 0.5, null, now)).toBe(4000);
  });
  it("is capped at 60 s however many attempts failed", () => {
    expect(retryDelay(30, () => 0.999, null, now)).toBeLessThanOrEqual(RETRY_CAP_MS);
    expect(retryDelay(30, () => 0.999, null, now)).toBeGreaterThan(59_000);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  it("reads delta seconds", () => {
    expect(retryDelay(0, () => 0.1, "120", now)).toBe(120_000);
    expect(retryDelay(5, () => 0.1, "0", now)).toBe(0);
  });
  it("reads an HTTP date", () => {
    expect(retryDelay(0, () => 0.1, "Mon, 23 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Mon, 23 Nov 2026 09:00:00 GMT", now)).toBe(0); // already past
  });
  it("is capped at 5 minutes", () => {
    expect(retryDelay(0, () => 0.1, "3600", now)).toBe(RETRY_AFTER_MAX_MS);
    expect(retryDelay(0, () => 0.1, "Tue, 24 Nov 2026 10:00:00 GMT", now)).toBe(300_000);
  });
  it("falls back to backoff when absent or unreadable", () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryDelay(1, () => 0.5, "soon", now)).toBe(1000);
  });
});

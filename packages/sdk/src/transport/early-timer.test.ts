/**
 * Browsers fire timers by their own clock and may do so a little before Date.now() reaches the moment
 * asked for (setTimeout also truncates a fractional delay). A retry timer that fires "early" must still
 * send: found by the offline test in real Chromium, where the queue stalled after one failed attempt.
 */
import { afterEach, expect, it, vi } from "vitest";
import { setup } from "../testkit";

afterEach(() => vi.useRealTimers());

it("a retry timer firing before the backoff's end still sends the batch", async () => {
  vi.useFakeTimers();
  // Timers that fire 2 ms before Date.now() reaches the requested time, as a coarse browser clock may.
  const timers = {
    set: (fn: () => void, ms: number) => setTimeout(fn, Math.max(0, Math.floor(ms) - 2)),
    clear: (h: unknown) => clearTimeout(h as number),
  };
  const { uptake, collector } = setup({}, { timers, random: () => 0.7 });
  collector.answers.push(new TypeError("Failed to fetch"));
  uptake.track("A");
  await vi.advanceTimersByTimeAsync(60_000);
  // The failed attempt, then the retry: not one attempt and silence.
  expect(collector.events()).toEqual(["A", "A"]);
});

/**
 * Whether requests press on the collector now: one came less than RECENT_MS ago and the event loop that
 * answers them was busy at least BUSY_SHARE of the time over the last WINDOW_MS to twice that (since its
 * start, early in a burst after a quiet spell). The applier rests only then, so a trickle of batches (a loop
 * mostly idle) is applied as it comes and the tables never lag behind it. Measured here a second at a time:
 * the loop was busy 43-51 % of the time at 1 client with the applier never resting, 46-54 % with it resting,
 * 77-83 % at 4 and 90-93 % at 16 clients, so requests press at every one of them; 0.2 ms of work every 2 ms
 * does not.
 */
import { performance, type EventLoopUtilization } from "node:perf_hooks";

const RECENT_MS = 10;
const BUSY_SHARE = 0.3;
/**
 * The window the loop's busy share is read over, whenever the last look was: over the time since the last
 * look, the first look in a burst after a quiet spell saw the quiet and let the applier go on at full speed.
 * Under pressing requests the applier looks about every 400 ms (a slice and its rest), so the window is
 * about as long as it was.
 */
const WINDOW_MS = 250;

export type RequestPressure = {
  /** A request's batch was just acknowledged. */
  appended(): void;
  /**
   * How long requests have pressed without a break, as this was asked (so to within the time between two
   * looks), or null while they do not press.
   */
  pressedFor(): number | null;
};

export function createRequestPressure(): RequestPressure {
  let last = -Infinity;
  let older: EventLoopUtilization = performance.eventLoopUtilization();
  let newer = older;
  let newerAt = performance.now();
  let since: number | null = null;
  /** Moves the window on; after a spell with neither a request nor a look, the loop's past is let go. */
  function roll(now: number) {
    if (now - newerAt < WINDOW_MS) return;
    const current = performance.eventLoopUtilization();
    older = now - newerAt < 2 * WINDOW_MS ? newer : current;
    newer = current;
    newerAt = now;
  }
  return {
    appended() {
      last = performance.now();
      roll(last);
    },
    pressedFor() {
      const now = performance.now();
      roll(now);
      const busy = performance.eventLoopUtilization(performance.eventLoopUtilization(), older).utilization;
      if (now - last >= RECENT_MS || !(busy >= BUSY_SHARE)) return (since = null);
      since ??= now;
      return now - since;
    },
  };
}

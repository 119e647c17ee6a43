/** loadDemoData(): streams the seeded demo events into any EventStore through append(), reporting progress. */
import type { EventStore } from "../store/types.ts";
import { generateDemoEvents, type DemoOptions, type DemoSummary } from "./generate.ts";

// Larger groups share one commit and touch each rollup row once per group part: measured here, 4 × 5,000
// loaded at about 24 k events/s and 4 × 20,000 at about 40 k. Past a few million events, every index page an
// append touches is written again at each commit: 4 M events loaded at 30 k events/s with 8 × 10,000 and at
// 38 k with 8 × 40,000 (8 × 100,000 reached 44 k, but at 1.3 GB of memory).
export const IN_FLIGHT = 8;
export const BATCH = 40_000;

export type LoadProgress = { events: number; target: number; elapsedMs: number; eventsPerSecond: number };
export type LoadResult = DemoSummary & { inserted: number; elapsedMs: number; eventsPerSecond: number };

/**
 * @example
 * await loadDemoData(store, { projectId: "default", events: 1_000_000 }, (p) => process.stderr.write(`\r${p.events}`));
 */
export async function loadDemoData(
  store: EventStore, opts: DemoOptions & { projectId: string }, onProgress?: (p: LoadProgress) => void,
): Promise<LoadResult> {
  const target = opts.events ?? 100_000;
  const gen = generateDemoEvents({ batchSize: BATCH, ...opts });
  const started = performance.now();
  let inserted = 0;
  let seen = 0;
  let lastReport = 0;
  const inFlight: Promise<void>[] = [];
  for (;;) {
    const next = gen.next();
    if (next.done) {
      await Promise.all(inFlight);
      const elapsedMs = performance.now() - started;
      onProgress?.({ events: seen, target, elapsedMs, eventsPerSecond: seen / (elapsedMs / 1000) });
      return { ...next.value, inserted, elapsedMs, eventsPerSecond: Math.round(seen / (elapsedMs / 1000)) };
    }
    // A few appends in flight let the store commit them together (one fsync for several batches); the
    // store keeps their order.
    inFlight.push(store.append(opts.projectId, next.value).then((r) => void (inserted += r.inserted)));
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    seen += next.value.length;
    const elapsedMs = performance.now() - started;
    if (onProgress && elapsedMs - lastReport > 500) {
      lastReport = elapsedMs;
      onProgress({ events: seen, target, elapsedMs, eventsPerSecond: Math.round(seen / (elapsedMs / 1000)) });
    }
  }
}

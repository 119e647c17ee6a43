/**
 * The applier: moves the journal's frames into the store, a slice at a time, on the collector's own thread
 * (one SQLite connection, so the writer's caches stay true). While ingest keeps the event loop busy the
 * applier takes a share of it that grows with the backlog, from a quarter when the journal is nearly empty to
 * all of it when the journal is full; when ingest is idle, or a read waits for it, it applies at full speed.
 */
import { performance } from "node:perf_hooks";
import { StoreUnavailableError, type EventStore, type StoredEvent } from "../types.ts";
import type { Frame, Segments } from "./segments.ts";

/** What one journal frame holds: a batch of one project, or one person's erasure, in the order they came. */
export type Entry = { p: string; e: StoredEvent[] } | { p: string; erase: string };

/** About 1,500 events: one group commit of the writer takes 30–50 ms. */
const SLICE_BYTES = 512 * 1024;
/** When a read or a stop waits: larger groups apply more events a second. */
const URGENT_SLICE_BYTES = 4 * 1024 * 1024;
const MIN_SHARE = 0.25;
const RETRY_MAX_MS = 10_000;

type Outcome = "applied" | "empty" | "unavailable";

export function createApplier(
  store: EventStore,
  journal: Segments,
  opts: { maxBacklogBytes: number; log(message: string): void; reject(entry: Entry, err: unknown): void },
) {
  let cancelTimer: (() => void) | null = null;
  let running = false;
  let stopped = false;
  let urgent = 0;
  let retryMs = 0;
  /** When the next slice may start, so that ingest keeps its share of the loop. */
  let notBefore = 0;
  let idleMark = performance.eventLoopUtilization();
  const waiters: { target: number; resolve(): void }[] = [];
  const erasures: { key: string; resolve(n: number): void; reject(err: unknown): void }[] = [];

  function schedule(delayMs: number) {
    if (cancelTimer || running || stopped) return;
    const run = () => {
      cancelTimer = null;
      void tick();
    };
    if (delayMs <= 0) {
      const t = setImmediate(run);
      cancelTimer = () => clearImmediate(t);
    } else {
      const t = setTimeout(run, delayMs);
      cancelTimer = () => clearTimeout(t);
    }
  }

  function stopTimer() {
    cancelTimer?.();
    cancelTimer = null;
  }

  async function tick() {
    if (running || stopped) return;
    running = true;
    // How busy the collector was since the last slice: that much of the loop is ingest's to keep.
    const busy = performance.eventLoopUtilization(idleMark).utilization;
    const started = performance.now();
    let outcome: Outcome = "empty";
    try {
      outcome = await applySlice(urgent > 0 ? URGENT_SLICE_BYTES : SLICE_BYTES);
    } finally {
      running = false;
      const ended = performance.now();
      idleMark = performance.eventLoopUtilization();
      if (outcome === "applied") notBefore = ended + pace(ended - started, busy);
      settleWaiters();
    }
    if (outcome === "unavailable") schedule(retryMs);
    else if (journal.backlog() > 0) schedule(notBefore - performance.now());
  }

  /** The wait after a slice that took `took` ms, so the applier gets its share of the loop and ingest the rest. */
  function pace(took: number, busy: number): number {
    if (urgent > 0) return 0;
    const fill = Math.min(1, journal.backlog() / opts.maxBacklogBytes);
    const share = Math.max(MIN_SHARE + (1 - MIN_SHARE) * fill, 1 - busy);
    return share >= 1 ? 0 : took * (1 / share - 1);
  }

  async function applySlice(maxBytes: number): Promise<Outcome> {
    const frames = journal.read(maxBytes);
    if (!frames.length) return "empty";
    const entries = frames.map((f) => JSON.parse(f.payload.toString("utf8")) as Entry);
    const first = entries[0];
    const outcome = "erase" in first ? await applyErasure(first, frames[0]) : await applyBatches(entries, frames);
    if (outcome === "unavailable") {
      if (retryMs === 0) opts.log("ingest journal: the database cannot take writes now; accepted events wait in the journal");
      retryMs = Math.min(Math.max(retryMs * 2, 250), RETRY_MAX_MS);
    } else if (retryMs > 0) {
      opts.log("ingest journal: the database takes writes again");
      retryMs = 0;
    }
    return outcome;
  }

  /** The batches up to the next erasure, in one group commit of the store. */
  async function applyBatches(entries: Entry[], frames: Frame[]): Promise<Outcome> {
    let n = entries.findIndex((e) => "erase" in e);
    if (n < 0) n = entries.length;
    const batches = entries.slice(0, n) as Extract<Entry, { e: StoredEvent[] }>[];
    const outcomes = await Promise.allSettled(batches.map((b) => store.append(b.p, b.e)));
    if (outcomes.some((o) => o.status === "rejected" && o.reason instanceof StoreUnavailableError)) return "unavailable";
    outcomes.forEach((o, i) => o.status === "rejected" && opts.reject(batches[i], o.reason));
    journal.advance(frames[n - 1].end);
    return "applied";
  }

  async function applyErasure(entry: Extract<Entry, { erase: string }>, frame: Frame): Promise<Outcome> {
    const key = `${entry.p}\u0000${entry.erase}`;
    const waiter = erasures.findIndex((w) => w.key === key);
    try {
      const removed = await store.eraseUser(entry.p, entry.erase);
      journal.advance(frame.end);
      if (waiter >= 0) erasures.splice(waiter, 1)[0].resolve(removed);
    } catch (err) {
      if (err instanceof StoreUnavailableError) return "unavailable";
      journal.advance(frame.end);
      opts.reject(entry, err);
      if (waiter >= 0) erasures.splice(waiter, 1)[0].reject(err);
    }
    return "applied";
  }

  function settleWaiters() {
    const done = journal.readTotal();
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].target <= done) waiters.splice(i, 1)[0].resolve();
  }

  return {
    /** New frames were written: apply them now unless a slice or a paced wait is already due. */
    wake() {
      schedule(urgent > 0 ? 0 : notBefore - performance.now());
    },

    /** Resolves once every frame acknowledged before the call is applied, or after `timeoutMs`. */
    caughtUp(timeoutMs: number): Promise<void> {
      const target = journal.writtenTotal();
      if (journal.readTotal() >= target) return Promise.resolve();
      urgent++;
      if (retryMs === 0) {
        stopTimer();
        schedule(0);
      }
      return new Promise<void>((resolve) => {
        const waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve();
        }, timeoutMs);
        waiters.push(waiter);
      }).finally(() => urgent--);
    },

    /** The count of events one erasure removes, once the applier reaches it. */
    erasure(projectId: string, userId: string) {
      const key = `${projectId}\u0000${userId}`;
      let entry!: (typeof erasures)[number];
      const done = new Promise<number>((resolve, reject) => erasures.push((entry = { key, resolve, reject })));
      return { done, cancel: () => erasures.splice(erasures.indexOf(entry), 1) };
    },

    /** Applies everything in the journal now, in large groups; stops early if the database cannot take writes. */
    async drain() {
      while (running) await new Promise((r) => setImmediate(r));
      stopTimer();
      running = true;
      const total = journal.backlog();
      let reported = performance.now();
      try {
        for (;;) {
          const outcome = await applySlice(URGENT_SLICE_BYTES);
          if (outcome !== "applied") break;
          if (performance.now() - reported > 5000) {
            reported = performance.now();
            opts.log(`ingest journal: ${Math.round((1 - journal.backlog() / total) * 100)} % applied`);
          }
        }
      } finally {
        running = false;
        settleWaiters();
      }
      if (journal.backlog() > 0) schedule(retryMs);
    },

    stop() {
      stopped = true;
      stopTimer();
    },
  };
}

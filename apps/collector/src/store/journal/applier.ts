/**
 * The applier: feeds the journal's frames, a slice at a time, to the applier thread, and moves the journal's
 * cursor past what the thread applied. One slice is in flight at a time, so the order of batches and
 * erasures is the order they were acknowledged in.
 */
import type { Applied } from "./apply.ts";
import type { ApplyThread } from "./apply-thread.ts";
import { createRequestPressure, type RequestPressure } from "./request-pressure.ts";
import type { Segments } from "./segments.ts";

/** About 5,000 events: one group commit of about 0.1 s at the thread's 40–50 k events/s. */
const SLICE_BYTES = 2 * 1024 * 1024;
const RETRY_MAX_MS = 10_000;

/**
 * While requests press on the collector (request-pressure.ts), the applier's thread keeps off the cores: on
 * 2 cores it slowed every request even at nice 19. For a burst, up to BURST_MS of pressing requests, it takes
 * no slice at all and looks again every NAP_MS; the burst is applied once it ends. Alternating 5 s runs here,
 * six rounds: at 1 client 56-67 k events/s acknowledged so, against 50-59 k with the thread applying batches
 * as they came (a single client did not count as pressing); at 4 clients 115-123 k against 104-126 k with it
 * working a quarter of the time. Under pressure that lasts longer it is a steady load, not a burst: the
 * applier rests REST_RATIO times as long as its last slice took before the next, so the thread that answers
 * requests has the cores to itself three quarters of the time and the tables keep moving.
 * Reads and erasures waiting on the applier end a rest, and so does a backlog past REST_SHARE of the room the
 * journal has before ingest answers 503: a burst of up to 256 MB of batches (by default; 5 s at 16 clients
 * here is about 240 MB) is answered at full speed, and half the room stays for load above what the tables
 * take. Alternating 5 s runs, six rounds: with a quarter (128 MB) the bound ended the rests within the run,
 * and 4 clients acknowledged 110-122 k events/s against 109-143 k with half, 16 clients 130-155 k against
 * 158-177 k; the tables took 40-49 k either way. Past the bound, reads wait longer for the burst to be
 * applied (at most 5 s, then they answer from what is).
 */
export const BURST_MS = 10_000;
const NAP_MS = 50;
const REST_RATIO = 3;
const REST_SHARE = 1 / 2;

type Outcome = "applied" | "empty" | "unavailable";

export function createApplier(
  journal: Segments,
  opts: {
    startThread(): Promise<ApplyThread>;
    log(message: string): void;
    /** A frame the database refused for good: kept aside by the caller, never silently lost. */
    refuse(payload: Buffer, message: string): void;
    /** The backlog past which ingest answers 503 (a share of it bounds the rests). */
    maxBacklogBytes: number;
    pressure?: RequestPressure;
  },
) {
  const restBacklogBytes = opts.maxBacklogBytes * REST_SHARE;
  const pressure = opts.pressure ?? createRequestPressure();
  let thread: ApplyThread | null = null;
  let cancelTimer: (() => void) | null = null;
  let running = false;
  let stopped = false;
  let retryMs = 0;
  let resting = false;
  /** How long the thread took over the last slice: a thread's start before it is not the slice's work. */
  let sliceMs = 0;
  const waiters: { target: number; resolve(): void }[] = [];
  const erasures: { key: string; resolve(n: number): void; reject(err: Error): void }[] = [];

  function schedule(delayMs: number, rest = false) {
    if (cancelTimer || running || stopped) return;
    resting = rest;
    const run = () => {
      cancelTimer = null;
      resting = false;
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

  async function tick() {
    if (running || stopped) return;
    const pressed = mayRest() ? pressure.pressedFor() : null;
    if (pressed !== null && pressed < BURST_MS) return schedule(NAP_MS, true);
    running = true;
    let outcome: Outcome = "empty";
    try {
      outcome = await applySlice();
    } finally {
      running = false;
      settleWaiters();
    }
    if (outcome === "unavailable") schedule(retryMs);
    else if (outcome === "applied" && journal.backlog() > 0) {
      if (mayRest() && pressure.pressedFor() !== null) schedule(REST_RATIO * sliceMs, true);
      else schedule(0);
    }
  }

  /** Whether nothing but the requests' pressure decides a rest: no one waits on the applier, the backlog is under its bound. */
  function mayRest() {
    return !waiters.length && !erasures.length && journal.backlog() < restBacklogBytes;
  }

  /** Someone waits on the applier: a rest ends now. */
  function hurry() {
    if (!resting || !cancelTimer) return;
    cancelTimer();
    cancelTimer = null;
    resting = false;
    schedule(0);
  }

  async function applySlice(): Promise<Outcome> {
    const frames = journal.read(SLICE_BYTES);
    if (!frames.length) return "empty";
    let applied: Applied;
    try {
      thread ??= await opts.startThread();
      const started = performance.now();
      applied = await thread.apply(frames.map((f) => f.payload));
      sliceMs = performance.now() - started;
    } catch (err) {
      opts.log(`ingest journal: the applier thread failed (${(err as Error).message}); it starts again`);
      await thread?.close().catch(() => {});
      thread = null;
      applied = { done: 0, unavailable: true, refused: [], erased: [] };
    }
    for (const r of applied.refused) {
      opts.refuse(frames[r.index].payload, r.message);
      if (r.erasure) settleErasure(r.erasure, (w) => w.reject(new Error(r.message)));
    }
    for (const e of applied.erased) settleErasure(e, (w) => w.resolve(e.removed));
    if (applied.done > 0) journal.advance(frames[applied.done - 1].end);

    if (applied.unavailable) {
      if (retryMs === 0) opts.log("ingest journal: the database cannot take writes now; accepted events wait in the journal");
      retryMs = Math.min(Math.max(retryMs * 2, 250), RETRY_MAX_MS);
      return "unavailable";
    }
    if (retryMs > 0) {
      opts.log("ingest journal: the database takes writes again");
      retryMs = 0;
    }
    return "applied";
  }

  function settleErasure(e: { projectId: string; userId: string }, settle: (w: (typeof erasures)[number]) => void) {
    const i = erasures.findIndex((w) => w.key === `${e.projectId}\u0000${e.userId}`);
    if (i >= 0) settle(erasures.splice(i, 1)[0]);
  }

  function settleWaiters() {
    const done = journal.readTotal();
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].target <= done) waiters.splice(i, 1)[0].resolve();
  }

  return {
    /** New frames were acknowledged: apply them unless a slice is already in flight, a retry is due or the applier rests. */
    wake() {
      pressure.appended();
      schedule(retryMs);
    },

    /** Resolves once every frame acknowledged before the call is applied, or after `timeoutMs`. */
    caughtUp(timeoutMs: number): Promise<void> {
      const target = journal.writtenTotal();
      if (journal.readTotal() >= target) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve();
        }, timeoutMs);
        waiters.push(waiter);
        hurry();
      });
    },

    /** The count of events one erasure removes, once the applier reaches it. */
    erasure(projectId: string, userId: string) {
      const entry = { key: `${projectId}\u0000${userId}`, resolve: (_: number) => {}, reject: (_: Error) => {} };
      const done = new Promise<number>((resolve, reject) => Object.assign(entry, { resolve, reject }));
      erasures.push(entry);
      hurry();
      return { done, cancel: () => erasures.splice(erasures.indexOf(entry), 1) };
    },

    /** Applies everything in the journal now; stops early if the database cannot take writes. */
    async drain() {
      while (running) await new Promise((r) => setImmediate(r));
      cancelTimer?.();
      cancelTimer = null;
      running = true;
      const total = journal.backlog();
      let reported = performance.now();
      try {
        while ((await applySlice()) === "applied") {
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

    async stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      await thread?.close();
      thread = null;
    },
  };
}

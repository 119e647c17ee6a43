/**
 * The applier when its thread dies mid-slice: it says so, starts a new thread, and applies every frame once.
 * While requests press on the collector it keeps off the cores for a burst and gives them the cores three
 * quarters of the time under a steady load, unless someone waits on it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { ev } from "../contract.ts";
import { createSqliteStore } from "../sqlite/index.ts";
import { startApplyThread, type ApplyThread } from "./apply-thread.ts";
import { BURST_MS, createApplier } from "./applier.ts";
import { openSegments } from "./segments.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-applier-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("starts a new thread when its thread dies, and loses no frame", async () => {
  const file = join(dir, "uptake.sqlite");
  const reads = createSqliteStore({ file });
  const journal = openSegments(join(dir, "journal"));
  const logged: string[] = [];
  let started = 0;
  const applier = createApplier(journal, {
    maxBacklogBytes: 512 * 1024 * 1024,
    log: (m) => logged.push(m),
    refuse: () => {
      throw new Error("nothing should be refused");
    },
    async startThread(): Promise<ApplyThread> {
      const thread = await startApplyThread(file);
      // The first thread dies on its first slice, before it applied anything.
      if (++started > 1) return thread;
      return {
        apply: async () => {
          await thread.close();
          throw new Error("the applier thread exited (1)");
        },
        close: () => thread.close().catch(() => {}),
      };
    },
  });

  for (let i = 0; i < 10; i++) {
    await journal.append(Buffer.from(JSON.stringify({ p: "p", e: Array.from({ length: 20 }, () => ev({ userId: "survivor" })) })));
    applier.wake();
  }
  await applier.caughtUp(10_000);
  expect(started).toBe(2);
  expect(logged.some((m) => /the applier thread failed \(the applier thread exited \(1\)\); it starts again/.test(m))).toBe(true);
  expect(await reads.exportUser("p", "survivor")).toHaveLength(200);

  await applier.stop();
  journal.close();
  await reads.close();
}, 30_000);

describe("while requests press on the collector", () => {
  const SLICE_MS = 10;
  let place = 0;
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * A thread that takes SLICE_MS of the (fake) clock for any slice, and a journal fed a frame every 2 ms (so
   * five frames wait when a slice ends) with room for `roomFrames` of them before ingest would answer 503.
   * The thread takes `startMs` to start. Requests press from the first of them to 10 ms after the last, and
   * had pressed `pressedBefore` ms already (a steady load by default).
   */
  function setup(roomFrames = 1_000_000, startMs = 0, pressedBefore = 60_000) {
    const frame = Buffer.from(JSON.stringify({ p: "p", e: [ev({ userId: "busy" })] }));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "performance"] });
    const journal = openSegments(join(dir, `rest-${++place}`));
    const slices: { start: number; end: number }[] = [];
    let lastRequest = -Infinity;
    let pressingSince = 0;
    const applier = createApplier(journal, {
      log: () => {},
      refuse: () => {},
      // Each frame takes its 8-byte header in the journal too.
      maxBacklogBytes: roomFrames * (frame.length + 8),
      // When requests press is request-pressure.ts's to say (its own tests): here, while they come.
      pressure: {
        appended() {},
        pressedFor: () => (performance.now() - lastRequest < 10 ? performance.now() - pressingSince + pressedBefore : null),
      },
      startThread: async () => {
        await new Promise((resolve) => setTimeout(resolve, startMs));
        return {
          apply: (frames) =>
            new Promise((resolve) => {
              const start = performance.now();
              setTimeout(() => {
                slices.push({ start, end: performance.now() });
                resolve({ done: frames.length, unavailable: false, refused: [], erased: [] });
              }, SLICE_MS);
            }),
          close: async () => {},
        };
      },
    });
    return {
      journal,
      applier,
      slices,
      /** Appends a frame every 2 ms for `ms`, as a request would. */
      async requests(ms: number) {
        for (let t = 0; t < ms; t += 2) {
          if (performance.now() - lastRequest >= 10) pressingSince = performance.now();
          lastRequest = performance.now();
          await journal.append(frame);
          applier.wake();
          await vi.advanceTimersByTimeAsync(2);
        }
      },
      async close() {
        await applier.stop();
        journal.close();
      },
    };
  }

  const busyTime = (slices: { start: number; end: number }[], from: number, to: number) =>
    slices.reduce((sum, s) => sum + Math.max(0, Math.min(s.end, to) - Math.max(s.start, from)), 0);

  it("takes no slice during a burst, and applies it once the requests stop", async () => {
    const { journal, slices, requests, close } = setup(undefined, 0, 0);
    await requests(400);
    expect(slices).toHaveLength(0);
    let waited = 0;
    while (journal.backlog() > 0) waited += await vi.advanceTimersByTimeAsync(1).then(() => 1);
    // The nap under way ended, and one slice took the whole burst.
    expect(slices).toHaveLength(1);
    expect(waited).toBeLessThanOrEqual(50 + 10 + SLICE_MS);
    await close();
  });

  it("takes requests that press past the burst's length for a steady load, and goes on a quarter of the time", async () => {
    const { slices, requests, close } = setup(undefined, 0, BURST_MS - 200);
    const start = performance.now();
    await requests(600);
    const stop = performance.now();
    expect(slices.filter((s) => s.start < start + 200 - 50)).toHaveLength(0);
    const steady = slices.filter((s) => s.start >= start + 200 && s.end < stop);
    expect(steady.length).toBeGreaterThan(5);
    for (let i = 1; i < steady.length; i++) expect(steady[i].start - steady[i - 1].end).toBeGreaterThanOrEqual(3 * SLICE_MS);
    expect(busyTime(slices, start + 200, stop) / (stop - start - 200)).toBeLessThanOrEqual(0.27);
    await close();
  });

  it("rests three times as long as each slice took, and applies the rest at full speed once they stop", async () => {
    const { journal, applier, slices, requests, close } = setup();
    const start = performance.now();
    await requests(400);
    const stop = performance.now();
    // The thread worked a quarter of the time at most while frames came in.
    expect(slices.length).toBeGreaterThan(5);
    expect(busyTime(slices, start, stop) / (stop - start)).toBeLessThanOrEqual(0.27);
    expect(journal.backlog()).toBeGreaterThan(0);

    // Each rest was three slices long.
    const during = slices.filter((s) => s.end < stop);
    for (let i = 1; i < during.length; i++) expect(during[i].start - during[i - 1].end).toBeGreaterThanOrEqual(3 * SLICE_MS);
    // Once they stop, the rest under way ends and the next slice takes what is left, without another rest.
    let waited = 0;
    while (journal.backlog() > 0) waited += await vi.advanceTimersByTimeAsync(1).then(() => 1);
    expect(waited).toBeLessThanOrEqual(3 * SLICE_MS + SLICE_MS);
    await close();
  });

  it("rests after its first slice as after any other, however long its thread took to start", async () => {
    const { slices, requests, close } = setup(undefined, 300);
    await requests(600);
    expect(slices.length).toBeGreaterThan(5);
    expect(slices[1].start - slices[0].end).toBeLessThanOrEqual(3 * SLICE_MS + 2);
    await close();
  });

  it("ends a burst's rest for a read that waits on it", async () => {
    const { journal, applier, slices, requests, close } = setup(undefined, 0, 0);
    await requests(200);
    const asked = performance.now();
    let answered = Infinity;
    void applier.caughtUp(5000).then(() => (answered = performance.now()));
    await requests(100);
    expect(answered - asked).toBeLessThanOrEqual(SLICE_MS + 2);
    expect(slices[0].start - asked).toBeLessThanOrEqual(2);
    expect(journal.backlog()).toBeGreaterThan(0);
    await close();
  });

  it("ends a burst's rest once the backlog reaches half the journal's room", async () => {
    const { slices, requests, close } = setup(8, 0, 0);
    await requests(400);
    expect(slices.length).toBeGreaterThan(5);
    await close();
  });

  it("stops resting for a read that waits on it", async () => {
    const { journal, applier, slices, requests, close } = setup();
    await requests(200);
    // The read comes in a rest: just after a slice ended.
    while (performance.now() - slices.at(-1)!.end > 2) await requests(2);
    const asked = performance.now();
    let answered = Infinity;
    void applier.caughtUp(5000).then(() => (answered = performance.now()));
    await requests(100);
    expect(answered).toBeLessThan(Infinity);
    // The next slice started at once, and slice followed slice until the read's frames were in.
    const forRead = slices.filter((s) => s.end > asked && s.end <= answered);
    expect(forRead[0].start - asked).toBeLessThanOrEqual(2);
    for (let i = 1; i < forRead.length; i++) expect(forRead[i].start - forRead[i - 1].end).toBeLessThanOrEqual(2);
    expect(journal.backlog()).toBeGreaterThan(0);
    await close();
  });

  it("rests only while the backlog is under half the journal's room", async () => {
    const gaps = async (roomFrames: number) => {
      const { slices, requests, close } = setup(roomFrames);
      await requests(400);
      await close();
      expect(slices.length).toBeGreaterThan(5);
      return slices.slice(1).map((s, i) => s.start - slices[i].end);
    };
    // Half of 8 frames is less than the five that wait after each slice: a slice starts as soon as
    // the last one ended, or with the next request when it left nothing behind.
    for (const gap of await gaps(8)) expect(gap).toBeLessThanOrEqual(2);
    // Half of 16 is more (a quarter would not be): it rests after every slice.
    for (const gap of await gaps(16)) expect(gap).toBeGreaterThanOrEqual(3 * SLICE_MS);
  });
});

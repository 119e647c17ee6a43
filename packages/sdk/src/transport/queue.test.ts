import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../storage/memory";
import { setup, spyStore } from "../testkit";

beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-11-23T10:00:00Z") }));
afterEach(() => void vi.useRealTimers());

const big = (kb: number) => "x".repeat(kb * 1024);

describe("batching", () => {
  it("sends as soon as 20 events are queued, in one text/plain POST to /v1/batch", async () => {
    const { uptake, collector } = setup();
    for (let i = 0; i < 19; i++) uptake.track("Clicked", { i });
    await vi.advanceTimersByTimeAsync(10);
    expect(collector.sent).toHaveLength(0);
    uptake.track("Clicked", { i: 19 });
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.sent).toHaveLength(1);
    const [req] = collector.sent;
    expect(req.url).toBe("https://c.example.com/v1/batch");
    expect(req.contentType).toBe("text/plain");
    expect(req.keepalive).toBe(false);
    expect(req.body.writeKey).toBe("wk_test");
    expect(req.body.sentAt).toBe("2026-11-23T10:00:00.010Z");
    expect(req.body.batch.map((m) => m.properties?.i)).toEqual([...Array(20).keys()]);
    expect(req.body).not.toHaveProperty("dropped");
  });

  it("flushes what is queued every 3 s", async () => {
    const { uptake, collector } = setup();
    uptake.track("Opened");
    await vi.advanceTimersByTimeAsync(2999);
    expect(collector.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.events()).toEqual(["Opened"]);
    uptake.track("Closed");
    await vi.advanceTimersByTimeAsync(3000);
    expect(collector.sent).toHaveLength(2);
  });

  it("keeps at most 1,000 events, dropping the oldest and reporting how many in the next batch", async () => {
    const { uptake, collector } = setup({ consent: "pending" });
    for (let i = 0; i < 1005; i++) uptake.track("E", { i });
    uptake.consent("granted");
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.sent).toHaveLength(1);
    const body = collector.sent[0].body;
    expect(body.dropped).toBe(5);
    expect(body.batch).toHaveLength(1000);
    expect(body.batch[0].properties?.i).toBe(5);
    uptake.track("Later");
    await uptake.flush();
    expect(collector.sent[1].body).not.toHaveProperty("dropped");
  });

  it("keeps each batch under 500 KB", async () => {
    const { uptake, collector } = setup({ consent: "pending" });
    for (let i = 0; i < 40; i++) uptake.track("Big", { blob: big(30) });
    uptake.consent("granted");
    await uptake.flush();
    expect(collector.messages()).toHaveLength(40);
    expect(collector.sent.length).toBeGreaterThan(2);
    for (const s of collector.sent) expect(new TextEncoder().encode(s.raw).length).toBeLessThan(500 * 1024);
  });

  it("drops an event over 32 KB alone, counts it, and sends the rest", async () => {
    const { uptake, collector } = setup();
    uptake.track("Huge", { blob: big(33) });
    uptake.track("Small");
    await uptake.flush();
    expect(collector.events()).toEqual(["Small"]);
    expect(collector.sent[0].body.dropped).toBe(1);
  });
});

describe("retry", () => {
  it("retries a 503 after a jittered backoff and delivers once", async () => {
    const { uptake, collector } = setup();
    collector.answers.push(503, 503);
    uptake.track("A");
    await uptake.flush();
    expect(collector.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499); // random 0.5 × 1 s
    expect(collector.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000); // 0.5 × 2 s
    expect(collector.sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collector.sent).toHaveLength(3);
    expect(new Set(collector.messages().map((m) => m.messageId)).size).toBe(1);
  });

  it("retries network errors", async () => {
    const { uptake, collector } = setup();
    collector.answers.push(new TypeError("Failed to fetch"));
    uptake.track("A");
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(500);
    expect(collector.sent).toHaveLength(2);
  });

  it("honours Retry-After on 429, and an explicit flush does not jump the wait", async () => {
    const { uptake, collector } = setup();
    collector.answers.push({ status: 429, retryAfter: "20" });
    uptake.track("A");
    await uptake.flush();
    uptake.track("B");
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(collector.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.sent).toHaveLength(2);
    expect(collector.sent[1].body.batch.map((m) => m.event)).toEqual(["A", "B"]);
  });

  it("caps Retry-After at 5 minutes", async () => {
    const { uptake, collector } = setup();
    collector.answers.push({ status: 503, retryAfter: "86400" });
    uptake.track("A");
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(collector.sent).toHaveLength(2);
  });

  it("does not retry a 400: the batch is dropped and counted", async () => {
    const { uptake, collector, warn } = setup({ debug: true });
    collector.answers.push(400);
    uptake.track("A");
    uptake.track("B");
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(collector.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("400"));
    uptake.track("C");
    await uptake.flush();
    expect(collector.sent[1].body.dropped).toBe(2);
    expect(collector.sent[1].body.batch.map((m) => m.event)).toEqual(["C"]);
  });

  it("keeps events in storage until a 2xx, and removes them after", async () => {
    const storage = memoryStore();
    const { uptake, collector } = setup({}, { storage });
    collector.answers.push(500);
    uptake.track("A");
    await uptake.flush();
    expect((await storage.all()).map(([, v]) => JSON.parse(v as string).event)).toEqual(["A"]);
    await vi.advanceTimersByTimeAsync(500);
    await uptake.flush();
    expect(collector.sent).toHaveLength(2);
    expect(await storage.all()).toEqual([]);
  });
});

describe("durability", () => {
  it("sends events a closed tab left in storage, and removes corrupt ones", async () => {
    const storage = memoryStore();
    const first = setup({}, { storage, fetch: () => new Promise(() => {}) }); // the collector never answers
    first.uptake.track("Left behind");
    void first.uptake.flush();
    await vi.advanceTimersByTimeAsync(0);
    await storage.set([["0garbage", "{not json"]]);
    const next = setup({}, { storage });
    await vi.advanceTimersByTimeAsync(3000);
    expect(next.collector.events()).toEqual(["Left behind"]);
    expect(await storage.all()).toEqual([]);
  });
});

describe("page hide", () => {
  it("sends what is queued with keepalive, in chunks under 64 KB, keeping storage until they succeed", async () => {
    const { store, writes } = spyStore();
    const { uptake, collector, hide } = setup({}, { storage: store });
    uptake.track("Too big", { blob: big(40) });
    for (let i = 0; i < 10; i++) uptake.track("Big", { blob: big(20) });
    await vi.advanceTimersByTimeAsync(0);
    hide();
    expect(collector.sent.length).toBeGreaterThanOrEqual(4);
    for (const s of collector.sent) {
      expect(s.keepalive).toBe(true);
      expect(new TextEncoder().encode(s.raw).length).toBeLessThan(64 * 1024);
    }
    expect(collector.messages()).toHaveLength(10);
    // The dropped count rides on one chunk only, or the collector would count it once per chunk.
    expect(collector.sent.map((s) => s.body.dropped ?? 0)).toEqual([1, ...Array(collector.sent.length - 1).fill(0)]);
    expect(writes).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(await store.all()).toEqual([]);
  });

  it("falls back to sendBeacon when keepalive fetch is refused, and keeps the events stored for the next load", async () => {
    const beacons: string[] = [];
    const storage = memoryStore();
    const { uptake, hide } = setup(
      {},
      {
        storage,
        fetch: () => Promise.reject(new TypeError("keepalive budget")),
        beacon: (url, body) => (beacons.push(body), true),
      },
    );
    uptake.track("Bye");
    await vi.advanceTimersByTimeAsync(0);
    hide();
    await vi.advanceTimersByTimeAsync(0);
    expect(beacons.map((b) => JSON.parse(b).batch[0].event)).toEqual(["Bye"]);
    expect(await storage.all()).toHaveLength(1);
    // Not sent again from this tab.
    hide();
    await vi.advanceTimersByTimeAsync(5000);
    expect(beacons).toHaveLength(1);
  });

  it("does not send the same events twice from one tab while a batch is in flight", async () => {
    let answer: (v: { status: number; headers: { get: () => null } }) => void = () => {};
    const bodies: string[] = [];
    const { uptake, hide } = setup(
      {},
      { fetch: (_u, init) => (bodies.push(init.body as string), new Promise((r) => (answer = r))) },
    );
    uptake.track("A");
    uptake.flush();
    await vi.advanceTimersByTimeAsync(0);
    hide();
    uptake.track("B");
    hide();
    expect(bodies.map((b) => JSON.parse(b).batch.map((m: { event: string }) => m.event))).toEqual([["A"], ["B"]]);
    answer({ status: 200, headers: { get: () => null } });
  });

  it("gives up on a request the collector never answers, and retries it", async () => {
    const bodies: string[] = [];
    const { uptake } = setup({}, { fetch: (_u, init) => (bodies.push(init.body as string), new Promise((_r, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))))) });
    uptake.track("A");
    const flushed = uptake.flush();
    await vi.advanceTimersByTimeAsync(15_000);
    await flushed;
    await vi.advanceTimersByTimeAsync(500);
    expect(bodies).toHaveLength(2);
  });
});

describe("flush", () => {
  it("a flush called while another waits on storage also delivers what was tracked in between", async () => {
    // Storage writes wait on a gate, so the first flush is still settling its writes when Second arrives.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const inner = memoryStore();
    const slow = { ...inner, set: (entries: [string, string][]) => gate.then(() => inner.set(entries)) };
    const { uptake, collector } = setup({}, { storage: slow });
    uptake.track("First");
    void uptake.flush();
    await vi.advanceTimersByTimeAsync(0);
    uptake.track("Second");
    const second = uptake.flush();
    open();
    await vi.advanceTimersByTimeAsync(0);
    await second;
    expect(collector.events()).toEqual(["First", "Second"]);
  });
});

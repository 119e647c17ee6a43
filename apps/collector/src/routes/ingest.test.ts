import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@uptake/schema";
import { SECRET_KEY, WRITE_KEY, testCollector, track } from "../testing.ts";
import { createJournaledSqliteStore } from "../store/journal/index.ts";
import { StoreUnavailableError, type EventStore } from "../store/types.ts";

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` });

describe("POST /v1/batch", () => {
  it("stores a batch sent with the write key in the body and answers 200 {success:true}", async () => {
    const { send, store } = await testCollector();
    const res = await send({ batch: [track(), track()], writeKey: WRITE_KEY });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(await store.exportUser("default", "u1")).toHaveLength(2);
  });

  it("takes the write key as the Basic auth user name, with application/json", async () => {
    const { send, store } = await testCollector();
    const res = await send({ batch: [track({ userId: "b" })] }, { ...basic(WRITE_KEY), "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect(await store.exportUser("default", "b")).toHaveLength(1);
  });

  it("answers 400 naming the field of the bad event, and stores nothing of that batch", async () => {
    const { send, store } = await testCollector();
    const res = await send({ batch: [track({ userId: "whole" }), track({ userId: "whole", event: 42 })], writeKey: WRITE_KEY });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].path).toBe("batch.1.event");
    expect(body.error).toContain("batch.1.event");
    expect(await store.exportUser("default", "whole")).toEqual([]);
  });

  it("answers 400 for a message with neither userId nor anonymousId", async () => {
    const { send } = await testCollector();
    const res = await send({ batch: [track({ userId: undefined })], writeKey: WRITE_KEY });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe("batch.0.userId");
  });

  it("answers 400 for a body that is not JSON", async () => {
    const { send } = await testCollector();
    expect((await send("{nope", basic(WRITE_KEY))).status).toBe(400);
  });

  it("answers 401 for a missing or unknown write key", async () => {
    const { send } = await testCollector();
    expect((await send({ batch: [track()] })).status).toBe(401);
    expect((await send({ batch: [track()], writeKey: "wk_nope" })).status).toBe(401);
    expect((await send({ batch: [track()], writeKey: SECRET_KEY })).status).toBe(401);
  });

  it("answers 403 for an origin that is not allowed, and CORS headers for one that is", async () => {
    const { send } = await testCollector({ env: { UPTAKE_ALLOWED_ORIGINS: "https://app.vendor.com" } });
    const bad = await send({ batch: [track()], writeKey: WRITE_KEY }, { origin: "https://evil.example" });
    expect(bad.status).toBe(403);
    const good = await send({ batch: [track()], writeKey: WRITE_KEY }, { origin: "https://app.vendor.com" });
    expect(good.status).toBe(200);
    expect(good.headers.get("access-control-allow-origin")).toBe("https://app.vendor.com");
  });

  it("answers 413 for a body over 500 KB and for one event over 32 KB", async () => {
    const { send } = await testCollector();
    const big = "x".repeat(LIMITS.batchBytes + 1);
    expect((await send(big, basic(WRITE_KEY))).status).toBe(413);
    const fat = track({ properties: { blob: "y".repeat(LIMITS.eventBytes) } });
    const res = await send({ batch: [track(), fat], writeKey: WRITE_KEY });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain("batch.1");
  });

  it("answers 429 with Retry-After once a key's rate is spent", async () => {
    const { send } = await testCollector({ env: { UPTAKE_RATE_PER_KEY: "2" } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await send({ batch: [track()], writeKey: WRITE_KEY });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it("answers 503 with Retry-After when the store cannot write", async () => {
    const { store } = await testCollector();
    const down: EventStore = { ...store, append: () => Promise.reject(new StoreUnavailableError("disk full")) };
    const { send } = await testCollector({ store: down });
    const res = await send({ batch: [track()], writeKey: WRITE_KEY });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
  });

  it("counts a message delivered twice once", async () => {
    const { send, store } = await testCollector();
    const m = track({ userId: "twice" });
    await send({ batch: [m], writeKey: WRITE_KEY });
    await send({ batch: [m], writeKey: WRITE_KEY });
    expect(await store.exportUser("default", "twice")).toHaveLength(1);
  });

  it("moves a timestamp from a client clock 2 hours fast back onto the collector's clock", async () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    const { send, store } = await testCollector({ now: () => now });
    const skew = 2 * 3_600_000;
    const m = track({ userId: "skewed", timestamp: new Date(now + skew - 60_000).toISOString() });
    await send({ batch: [m], sentAt: new Date(now + skew).toISOString(), writeKey: WRITE_KEY });
    const [stored] = await store.exportUser("default", "skewed");
    expect(stored.timestamp).toBe(now - 60_000);
  });

  it("clamps a timestamp in the future to now and refuses one older than 400 days", async () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    const { send, store } = await testCollector({ now: () => now });
    await send({ batch: [track({ userId: "future", timestamp: "2030-01-01T00:00:00Z" })], writeKey: WRITE_KEY });
    expect((await store.exportUser("default", "future"))[0].timestamp).toBe(now);
    const old = await send({ batch: [track({ timestamp: "2020-01-01T00:00:00Z" })], writeKey: WRITE_KEY });
    expect(old.status).toBe(400);
    expect((await old.json()).errors[0].path).toBe("batch.0.timestamp");
  });
});

describe("single-message Segment routes", () => {
  it.each(["track", "identify", "group", "page"])("POST /v1/%s stores one message", async (route) => {
    const { send, store } = await testCollector();
    const msg: Record<string, unknown> = { userId: `single-${route}`, messageId: `id-${route}` };
    if (route === "track") msg.event = "Signed In";
    if (route === "group") msg.groupId = "acme";
    const res = await send(msg, basic(WRITE_KEY), `/v1/${route}`);
    expect(res.status).toBe(200);
    const [stored] = await store.exportUser("default", `single-${route}`);
    expect(stored.type).toBe(route);
  });
});

describe("gzip-compressed batches (?compression=gzip)", () => {
  const gz = (body: unknown) => new Uint8Array(gzipSync(JSON.stringify(body))) as Uint8Array<ArrayBuffer>;
  const post = (app: Awaited<ReturnType<typeof testCollector>>["app"], body: Uint8Array<ArrayBuffer>) =>
    app.request("/v1/batch?compression=gzip", { method: "POST", headers: { "content-type": "text/plain" }, body });

  it("stores a compressed batch like a plain one", async () => {
    const { app, store } = await testCollector();
    const res = await post(app, gz({ batch: [track({ userId: "zipped" }), track({ userId: "zipped" })], writeKey: WRITE_KEY }));
    expect(res.status).toBe(200);
    expect(await store.exportUser("default", "zipped")).toHaveLength(2);
  });

  it("answers 413 for a small body that inflates past 500 KB, and 400 for one that is not gzip", async () => {
    const { app } = await testCollector();
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(LIMITS.batchBytes + 10, 32))) as Uint8Array<ArrayBuffer>;
    expect(bomb.length).toBeLessThan(5000);
    expect((await post(app, bomb)).status).toBe(413);
    const notGzip = await post(app, new TextEncoder().encode(JSON.stringify({ batch: [track()], writeKey: WRITE_KEY })) as Uint8Array<ArrayBuffer>);
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).error).toContain("gzip");
  });
});

describe("behind the ingest journal, which keeps a batch's own text where it gives the same events", () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  const journaled = async () => {
    const dir = mkdtempSync(join(tmpdir(), "uptake-ingest-journal-"));
    const store = await createJournaledSqliteStore({ file: join(dir, "uptake.sqlite"), dir: join(dir, "journal"), maxBacklogBytes: 1 << 26, log: () => {} });
    return { ...(await testCollector({ store, now: () => now })), close: () => store.close() };
  };
  // Every kind of message, a client clock 2 hours fast, numeric ids and a batch-level sentAt.
  const body = () => {
    const sentAt = new Date(now + 7_200_000).toISOString();
    const at = (min: number) => new Date(now + 7_200_000 - min * 60_000).toISOString();
    return {
      writeKey: WRITE_KEY,
      sentAt,
      batch: [
        { type: "identify", messageId: "t-1", userId: 42, anonymousId: "a-1", traits: { plan: "pro" }, timestamp: at(5) },
        { type: "group", messageId: "t-2", userId: 42, groupId: "acme", traits: { seats: 9 }, timestamp: at(4) },
        track({ messageId: "t-3", userId: 42, timestamp: at(3), context: { groupId: "acme", page: { path: "/x" } } }),
        { type: "page", messageId: "t-4", userId: 42, name: "Home", properties: { path: "/" }, originalTimestamp: at(2) },
        track({ messageId: "t-5", userId: 42, event: "Signed In", timestamp: undefined, sentAt: at(0) }),
      ],
    };
  };

  it("stores the same events as a collector that stores them directly", async () => {
    const direct = await testCollector({ now: () => now });
    const viaJournal = await journaled();
    expect((await direct.send(body())).status).toBe(200);
    expect((await viaJournal.send(body())).status).toBe(200);
    const stored = await viaJournal.store.exportUser("default", "42");
    expect(stored).toHaveLength(5);
    expect(stored).toEqual(await direct.store.exportUser("default", "42"));
    await viaJournal.close();
  });

  it("stores what the privacy screen made of a batch, not its text: an IP truncated, a bot's event dropped", async () => {
    const { send, store, close } = await journaled();
    const res = await send({
      writeKey: WRITE_KEY,
      batch: [
        track({ userId: "screened", context: { ip: "203.0.113.77" } }),
        track({ userId: "screened", context: { userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)" } }),
      ],
    });
    expect(res.status).toBe(200);
    const stored = await store.exportUser("default", "screened");
    expect(stored.map((e) => e.context)).toEqual([{ ip: "203.0.113.0" }]);
    await close();
  });
});

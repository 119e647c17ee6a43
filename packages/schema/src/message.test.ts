import { describe, expect, it } from "vitest";
import { ZBatch } from "./batch.ts";
import { ZMessage } from "./message.ts";
import { quickBatch, quickMessage } from "./quick.ts";

/** mulberry32: the same random messages on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const protoKey = () => JSON.parse('{"__proto__": {"x": 1}, "plan": "pro"}') as Record<string, unknown>;
const values = (...vs: unknown[]) => vs.map((v) => () => v);
// Values each field accepts, then values it refuses (or that only zod handles), including the edges of every limit.
const POOL: Record<string, { valid: (() => unknown)[]; invalid: (() => unknown)[] }> = {
  type: { valid: values("track", "identify", "group", "page", "screen", "alias"), invalid: values("Track", "", 5, null) },
  id: { valid: values(null, "u1", "x".repeat(256), 0, -0, 42, 1.5, 1e21), invalid: values("", "x".repeat(257), NaN, Infinity, true, [], {}) },
  messageId: { valid: values("m-1", "x".repeat(128)), invalid: values(null, "", "x".repeat(129), 7) },
  event: { valid: values("Signed In", "x".repeat(200)), invalid: values(null, "", "x".repeat(201), 3, {}) },
  name: { valid: values(null, "", "Home", "x".repeat(200)), invalid: values("x".repeat(201), 3) },
  time: {
    valid: values("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.123+02:00", "2026-11-23T10:00:00.5-23:59", "2026-11-23", "2024-02-29"),
    invalid: values(null, "2026-02-29", "2026-11-23T10:00Z", "2026-11-23T10:00:00", "2026-11-23 10:00:00Z", "2026-11-23T24:00:00Z",
      "2026-11-23T10:00:00+24:00", "yesterday", 1732356000000),
  },
  dict: {
    valid: [() => ({}), () => ({ feature: "export", n: 2, deep: { a: [1, { b: null }] } }), () => ({ constructor: "c", toString: 1 })],
    invalid: [() => null, () => [], () => "x", () => 5, protoKey],
  },
};

function randomMessage(r: () => number): Record<string, unknown> {
  // Mostly valid fields, so both the accepting and the refusing paths are walked often.
  const pick = (pool: keyof typeof POOL) => {
    const { valid, invalid } = POOL[pool];
    const from = r() < 0.85 ? valid : invalid;
    return from[Math.floor(r() * from.length)]();
  };
  const m: Record<string, unknown> = {};
  const maybe = (key: string, pool: keyof typeof POOL, p = 0.6) => {
    if (r() < p) m[key] = pick(pool);
  };
  maybe("type", "type", 0.97);
  maybe("messageId", "messageId");
  maybe("userId", "id");
  maybe("anonymousId", "id");
  maybe("timestamp", "time");
  maybe("originalTimestamp", "time", 0.2);
  maybe("sentAt", "time", 0.2);
  maybe("context", "dict");
  maybe("integrations", "dict", 0.2);
  maybe("event", "event");
  maybe("name", "name", 0.3);
  maybe("category", "name", 0.2);
  maybe("properties", "dict");
  maybe("traits", "dict", 0.4);
  maybe("groupId", "id", 0.4);
  maybe("previousId", "id", 0.3);
  if (r() < 0.2) m.unknownField = pick("dict");
  return m;
}

describe("quickMessage", () => {
  it("answers exactly what ZMessage answers whenever it answers at all", () => {
    const r = rng(11);
    let quick = 0;
    for (let i = 0; i < 50_000; i++) {
      const m = randomMessage(r);
      const fast = quickMessage(m);
      if (fast === null) continue;
      quick++;
      const slow = ZMessage.safeParse(m);
      expect(slow.success, JSON.stringify(m)).toBe(true);
      expect(fast).toEqual(slow.data);
    }
    expect(quick).toBeGreaterThan(5000);
  });

  it("takes the fast path for what SDKs send", () => {
    const messages = [
      { type: "track", event: "Feature Used", messageId: "m1", userId: "u1", anonymousId: "a1", properties: { feature: "export" },
        context: { groupId: "acme", library: { name: "uptake-js", version: "0.1.0" } }, timestamp: "2026-11-23T10:00:00.000Z" },
      { type: "identify", userId: 42, traits: { email: "a@b.c" }, timestamp: "2026-11-23T10:00:00Z", integrations: {} },
      { type: "group", userId: "u1", groupId: "acme", traits: { plan: "pro" } },
      { type: "page", anonymousId: "a1", name: "Home", category: null, properties: { path: "/" } },
      { type: "screen", userId: "u1", name: "Settings" },
      { type: "alias", userId: "u1", previousId: "a1" },
    ];
    for (const m of messages) expect(quickMessage(m)).toEqual(ZMessage.parse(m));
  });
});

describe("quickBatch", () => {
  it("answers exactly what ZBatch answers whenever it answers at all", () => {
    const r = rng(5);
    const any = [undefined, null, "s", 5, [], {}, protoKey(), [1]];
    const pools: Record<string, unknown[]> = {
      batch: [[{}], [1, 2], Array.from({ length: 2500 }, () => 1), Array.from({ length: 2501 }, () => 1), ...any],
      sentAt: [undefined, "2026-11-23T10:00:00Z", "s", ...any],
      writeKey: [undefined, "wk_1", ...any],
      context: [undefined, {}, { groupId: "g" }, ...any],
      dropped: any,
    };
    let quick = 0;
    for (let i = 0; i < 5_000; i++) {
      const body: Record<string, unknown> = {};
      for (const [key, pool] of Object.entries(pools)) if (r() < 0.8) body[key] = pool[Math.floor(r() * pool.length)];
      const fast = quickBatch(body);
      if (fast === null) continue;
      quick++;
      const slow = ZBatch.safeParse(body);
      expect(slow.success).toBe(true);
      expect(fast).toEqual(slow.data);
    }
    expect(quick).toBeGreaterThan(100);
    expect(quickBatch([{}])).toBeNull();
  });
});

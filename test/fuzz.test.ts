/**
 * Hostile input: fast-check (fixed seed) throws malformed, oversized, deeply nested and wrongly typed
 * bodies, query strings and headers at every public route of the real collector process, and at the
 * secret-key routes with the right key. Only 4xx may come back; the process stays up and its memory
 * bounded. Timestamps far in the future are clamped to now, far in the past refused (contract §4).
 */
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY, WRITE_KEY, freePort, startCollectorProcess, type CollectorProcess } from "./helpers/collector-process.ts";

const SEED = 7_2026;
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 8;

type Req = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array; kind: string };

const dataDir = mkdtempSync(join(tmpdir(), "uptake-fuzz-"));
let collector: CollectorProcess;
beforeAll(async () => {
  // Rate limits high: the point is what the validation does with the input, not the 429 in front of it.
  collector = await startCollectorProcess({ dataDir, port: await freePort(), env: { UPTAKE_RATE_PER_KEY: "1000000", UPTAKE_RATE_PER_IP: "1000000" } });
});
afterAll(async () => {
  await collector?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

const INGEST = ["/v1/batch", "/v1/track", "/v1/identify", "/v1/group", "/v1/page", "/v1/screen", "/v1/alias"];
const text = fc.string({ unit: "binary", maxLength: 300 });
const header = fc.oneof(text.map((s) => s.replace(/[^\t\x20-\x7e]/g, "")), fc.constantFrom("", "Basic ", "Basic ===", `Basic ${Buffer.from(":").toString("base64")}`, "Bearer", `Bearer ${WRITE_KEY}`, "gzip", "1", "0"));
const headers = fc.record(
  { authorization: header, "content-type": header, origin: header, "sec-gpc": header, "user-agent": header, "x-forwarded-for": header },
  { requiredKeys: [] },
);
const valid = () => ({ type: "track", event: "Feature Used", messageId: "m", userId: "u", properties: { feature: "f" }, timestamp: new Date().toISOString() });

/** One field of a valid message replaced by a value it may not have: the message can never be accepted. */
const wrongField: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.oneof(fc.integer(), fc.constant(null), fc.constantFrom("tracks", "", "TRACK", "batch"), fc.object()).map((type) => ({ ...valid(), type })),
  fc.oneof(fc.integer(), fc.constant(""), fc.constant(null), fc.string({ minLength: 201, maxLength: 400 }), fc.object()).map((event) => ({ ...valid(), event })),
  fc.oneof(fc.integer(), fc.constant(""), fc.object(), fc.string({ minLength: 129, maxLength: 200 })).map((messageId) => ({ ...valid(), messageId })),
  fc.oneof(fc.constant(""), fc.object(), fc.boolean(), fc.array(fc.integer(), { minLength: 1 }), fc.string({ minLength: 257, maxLength: 300 })).map((userId) => ({ ...valid(), userId })),
  fc.constant({ ...valid(), userId: null, anonymousId: null }),
  fc.oneof(fc.integer(), fc.constantFrom("yesterday", "2026-13-45T99:00:00Z", "", "now"), fc.object()).map((timestamp) => ({ ...valid(), timestamp })),
  fc.oneof(fc.string(), fc.integer(), fc.boolean()).chain((v) => fc.constantFrom("properties", "context", "integrations").map((k) => ({ ...valid(), [k]: v }))),
  fc.constant({ ...valid(), type: "group", groupId: undefined }),
  fc.constant({ ...valid(), type: "alias", previousId: {} }),
);

const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;

const ingestBody: fc.Arbitrary<{ body: string | Uint8Array; kind: string; query?: string }> = fc.oneof(
  text.map((body) => ({ body, kind: "garbage text" })),
  fc.uint8Array({ maxLength: 2000 }).map((body) => ({ body, kind: "garbage bytes" })),
  fc.jsonValue().filter((v) => !(v && typeof v === "object" && !Array.isArray(v) && "batch" in v)).map((v) => ({ body: JSON.stringify({ writeKey: WRITE_KEY, v }), kind: "JSON without a batch" })),
  fc.jsonValue().map((v) => ({ body: JSON.stringify(v), kind: "JSON without a key" })),
  fc.array(wrongField, { minLength: 1, maxLength: 5 }).chain((bad) =>
    fc.array(fc.constant(valid()), { maxLength: 5 }).map((good) => ({ body: JSON.stringify({ writeKey: WRITE_KEY, batch: [...good, ...bad] }), kind: "wrongly typed field" })),
  ),
  wrongField.map((m) => ({ body: JSON.stringify({ writeKey: WRITE_KEY, ...m }), kind: "wrongly typed single message" })),
  fc.integer({ min: 33, max: 200_000 }).chain((d) => fc.constantFrom(
    { body: `{"writeKey":"${WRITE_KEY}","batch":[{"type":"track","event":"x","userId":"u","properties":{"p":${deep(d, '{"a":', "}")}}}]}`, kind: "deeply nested object" },
    { body: `{"writeKey":"${WRITE_KEY}","batch":${deep(d, "[", "]")}}`, kind: "deeply nested array" },
  )),
  fc.integer({ min: 33_000, max: 60_000 }).map((n) => ({ body: JSON.stringify({ writeKey: WRITE_KEY, batch: [{ ...valid(), properties: { pad: "x".repeat(n) } }] }), kind: "event over 32 KB" })),
  fc.integer({ min: 513_000, max: 2_000_000 }).map((n) => ({ body: `{"writeKey":"${WRITE_KEY}","batch":[${'"x",'.repeat(n / 4)}"x"]}`, kind: "body over 500 KB" })),
  fc.integer({ min: 600_000, max: 20_000_000 }).map((n) => ({ body: gzipSync(Buffer.alloc(n, 32)), kind: "gzip bomb", query: "?compression=gzip" })),
  text.map((t) => ({ body: Buffer.from(t), kind: "not gzip", query: "?compression=gzip" })),
  fc.integer({ min: 2501, max: 4000 }).map((n) => ({ body: JSON.stringify({ writeKey: WRITE_KEY, batch: Array.from({ length: n }, () => ({ type: "page", userId: "u" })) }), kind: "too many messages" })),
  fc.constant({ body: JSON.stringify({ writeKey: WRITE_KEY, batch: [] }), kind: "empty batch" }),
  fc.constant({ body: JSON.stringify({ writeKey: WRITE_KEY, batch: [{ ...valid(), timestamp: new Date(Date.now() - 500 * 86_400_000).toISOString() }] }), kind: "timestamp 500 days old" }),
);

// The single-message routes take the type from their path, so a wrong `type` in the body is only wrong on /v1/batch.
const ingestRequest: fc.Arbitrary<Req> = fc.tuple(ingestBody, headers).chain(([b, h]) =>
  fc.constantFrom(...(b.kind === "wrongly typed single message" ? ["/v1/batch"] : INGEST)).map((path) => ({
    method: "POST", path: path + (b.query ?? ""), headers: h, body: b.body, kind: `${path} ${b.kind}`,
  })),
);

/** Query strings that /v1/widgets must refuse: no key, an unknown key, or ids out of bounds. */
const widgetsRequest: fc.Arbitrary<Req> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), text, { maxKeys: 6 }).filter((q) => !("writeKey" in q)).map((q) => ({ q, kind: "no key" })),
  fc.record({ writeKey: fc.constant(WRITE_KEY), userId: fc.constantFrom("", "x".repeat(300)), anonymousId: fc.constantFrom("", "y".repeat(300)) }).map((q) => ({ q, kind: "bad ids" })),
  fc.record({ writeKey: text.filter((k) => k !== WRITE_KEY && k.length > 0), anonymousId: fc.constant("a") }).map((q) => ({ q, kind: "unknown key" })),
).chain(({ q, kind }) => headers.map((h) => ({ method: "GET", path: `/v1/widgets?${new URLSearchParams(q as Record<string, string>)}`, headers: h, kind: `/v1/widgets ${kind}` })));

/** The secret-key routes: garbage auth gets 401; the right key with a malformed body or range gets 400. */
const QUERY_ROUTES = ["/v1/trends/active-users", "/v1/trends/logins", "/v1/trends/features", "/v1/retention", "/v1/accounts", "/v1/alerts", "/v1/drops", "/v1/surveys/s/results", "/v1/checklists/c/funnel"];
const BODY_ROUTES: [string, string][] = [["PUT", "/v1/settings/privacy"], ["PUT", "/v1/settings/analytics"], ["PUT", "/v1/widgets/settings"], ["POST", "/v1/surveys"], ["POST", "/v1/checklists"], ["POST", "/v1/webhooks"], ["POST", "/v1/keys/write/rotate"]];
const badRange = fc.oneof(
  fc.record({ from: text, to: text }),
  fc.record({ from: fc.constant("2026-11-23"), to: fc.constant("2026-11-01") }),
  fc.record({ from: fc.constant("2026-11-01"), to: fc.constant("2026-11-23"), interval: text.filter((i) => !["day", "week", "month"].includes(i)) }),
  fc.record({ from: fc.constantFrom("0000-00-00", "2026-02-30", "2026-1-1", "yesterday"), to: fc.constant("2026-11-23") }),
);
const secretRequest: fc.Arbitrary<Req> = fc.oneof(
  fc.tuple(fc.constantFrom(...QUERY_ROUTES, ...BODY_ROUTES.map(([, p]) => p)), header).map(([path, auth]) => ({
    method: "GET", path, headers: { authorization: auth === `Bearer ${SECRET_KEY}` ? "" : auth }, kind: `${path} bad auth`,
  })),
  fc.tuple(fc.constantFrom(...QUERY_ROUTES), badRange).map(([path, q]) => ({
    method: "GET", path: `${path}?${new URLSearchParams(q as Record<string, string>)}`, headers: { authorization: `Bearer ${SECRET_KEY}` }, kind: `${path} bad range`,
  })),
  fc.tuple(
    fc.constantFrom(...BODY_ROUTES),
    fc.oneof(text.filter((t) => t.trim() !== ""), fc.jsonValue().filter((v) => v === null || typeof v !== "object" || Array.isArray(v)).map((v) => JSON.stringify(v))),
  ).map(([[method, path], body]) => ({
    method, path, headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" }, body, kind: `${path} bad body`,
  })),
  fc.constantFrom<[string, string, string]>(
    ["POST", "/v1/keys/write/rotate", `{"graceSeconds":"soon"}`],
    ["POST", "/v1/keys/write/rotate", `{"graceSeconds":-5}`],
    ["PUT", "/v1/settings/privacy", `{"retentionDays":-1}`],
    ["PUT", "/v1/settings/privacy", `{"honorGpc":"yes"}`],
    ["PUT", "/v1/settings/privacy", `{"unknownSetting":true}`],
  ).map(([method, path, body]) => ({
    method, path, headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" }, body, kind: `${path} bad setting`,
  })),
);

/** The 2xx and 5xx that came back, with what was sent, so a failure names the input. */
async function fire(requests: Req[]) {
  const bad: { status: number; kind: string; path: string; body: string }[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const r = requests[next++];
        let status = 0;
        try {
          const res = await fetch(collector.url + r.path, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = 0; // a header value fetch itself refuses to send never reached the collector
          if (r.headers && Object.keys(r.headers).length) continue;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status < 400 || status > 499) bad.push({ status, kind: r.kind, path: r.path.slice(0, 200), body: String(r.body ?? "").slice(0, 200) });
      }
    }),
  );
  return { bad, statuses };
}

describe(`at least ${RUNS} hostile inputs (seed ${SEED})`, () => {
  it("every public route and header answers 4xx, the process stays up, memory stays bounded", async () => {
    const requests = fc.sample(fc.oneof({ weight: 6, arbitrary: ingestRequest }, { weight: 2, arbitrary: widgetsRequest }, { weight: 2, arbitrary: secretRequest }), { seed: SEED, numRuns: Math.ceil(RUNS * 1.08) });
    const rssBefore = collector.rssMb();
    const { bad, statuses } = await fire(requests);
    const rssAfter = collector.rssMb();
    const kinds = new Set(requests.map((r) => r.kind.split(" ").slice(1).join(" ")));
    const tried = Object.values(statuses).reduce((a, b) => a + b, 0);
    console.log(
      `RELIABILITY fuzz: seed=${SEED} generated=${requests.length} sent=${tried} kinds=${kinds.size} answers=${JSON.stringify(statuses)} ` +
        `non4xx=${bad.length} 5xx=${bad.filter((b) => b.status >= 500).length} rss=${rssBefore.toFixed(0)}→${rssAfter.toFixed(0)} MB`,
    );
    expect(bad.filter((b) => b.status >= 500).slice(0, 5)).toEqual([]);
    expect(bad.slice(0, 8)).toEqual([]);
    // About 5 % carry a header value fetch itself refuses to send; the rest reach the collector.
    expect(tried).toBeGreaterThanOrEqual(RUNS);
    expect((await fetch(`${collector.url}/health`)).status).toBe(200);
    expect(collector.output()).not.toMatch(/internal error|Unhandled|FATAL/i);
    // Bounded: a few hundred MB of garbage went through; what stays resident must not grow with it.
    expect(rssAfter).toBeLessThan(Math.max(400, rssBefore + 200));
  }, 300_000);
});

describe("timestamps far from now are clamped or refused, never silently misplaced", () => {
  const send = (timestamp: string, extra: object = {}) =>
    fetch(`${collector.url}/v1/batch`, {
      method: "POST",
      body: JSON.stringify({ writeKey: WRITE_KEY, batch: [{ ...valid(), messageId: `ts-${timestamp}`, userId: "ts-user", timestamp, ...extra }] }),
    });
  const stored = async () =>
    (await (await fetch(`${collector.url}/v1/users/ts-user/export`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })).json()).events as { messageId: string; timestamp: number }[];

  it("the far future is clamped to the time received; the far past is refused with the field named", async () => {
    const before = Date.now();
    expect((await send("9999-12-31T23:59:59Z")).status).toBe(200);
    const clamped = (await stored()).find((e) => e.messageId === "ts-9999-12-31T23:59:59Z");
    expect(clamped!.timestamp).toBeGreaterThanOrEqual(before - 1000);
    expect(clamped!.timestamp).toBeLessThanOrEqual(Date.now() + 1000);

    const res = await send("1971-01-01T00:00:00Z");
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ path: "batch.0.timestamp", message: expect.stringMatching(/400 days/) }]);
    expect((await stored()).some((e) => e.messageId === "ts-1971-01-01T00:00:00Z")).toBe(false);
  });

  it("a client clock a year ahead is corrected by sentAt, not clamped", async () => {
    const yearAhead = Date.now() + 365 * 86_400_000;
    const ts = new Date(yearAhead - 60_000).toISOString();
    expect((await send(ts, { sentAt: new Date(yearAhead).toISOString() })).status).toBe(200);
    const e = (await stored()).find((x) => x.messageId === `ts-${ts}`)!;
    // One minute before it was sent, on the collector's clock.
    expect(Math.abs(e.timestamp - (Date.now() - 60_000))).toBeLessThan(10_000);
  });
});

/**
 * Access: the write key only writes; every read and admin route needs the secret key; a wrong origin gets
 * 403; keys rotate without losing data; rate limits per key and per IP answer 429 with Retry-After;
 * secret keys are stored hashed; the dashboard carries its security headers. Real HTTP, real SQLite.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "@uptake/collector/keys.ts";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";

const ORIGIN = "https://app.example.com";
const batch = (writeKey: string, id: string, userId = "access-user") =>
  JSON.stringify({ writeKey, batch: [{ type: "track", event: "Feature Used", messageId: id, userId, properties: { feature: "access" } }] });

/** Every read and admin route (contract §6), with a method and a body where it takes one. */
const SECRET_ROUTES: [string, string, unknown?][] = [
  ["GET", "/v1/trends/active-users?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/trends/logins?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/trends/features?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/retention?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/surveys/s1/results?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/checklists/c1/funnel?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/accounts?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/alerts?from=2026-11-01&to=2026-11-23"],
  ["GET", "/v1/surveys"],
  ["POST", "/v1/surveys", {}],
  ["GET", "/v1/checklists"],
  ["POST", "/v1/checklists", {}],
  ["GET", "/v1/webhooks"],
  ["POST", "/v1/webhooks", {}],
  ["GET", "/v1/widgets/settings"],
  ["PUT", "/v1/widgets/settings", {}],
  ["GET", "/v1/settings/analytics"],
  ["GET", "/v1/settings/privacy"],
  ["PUT", "/v1/settings/privacy", {}],
  ["GET", "/v1/users/access-user/export"],
  ["DELETE", "/v1/users/nobody"],
  ["GET", "/v1/drops"],
  ["GET", "/v1/keys"],
  ["POST", "/v1/keys/write/rotate", {}],
  ["POST", "/v1/keys/secret/rotate"],
  ["POST", "/v1/keys/identity/rotate"],
];

describe("keys and origins", () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ env: { UPTAKE_ALLOWED_ORIGINS: ORIGIN } });
  });
  afterAll(() => collector.stop());

  const call = (method: string, path: string, auth: string | undefined, body?: unknown) =>
    fetch(collector.url + path, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("the write key, sent any way, opens no read or admin route", async () => {
    const basic = `Basic ${Buffer.from(`${collector.writeKey}:`).toString("base64")}`;
    for (const [method, path, body] of SECRET_ROUTES) {
      for (const auth of [undefined, `Bearer ${collector.writeKey}`, basic, "Bearer sk_wrong"]) {
        const res = await call(method, path + (path.includes("?") ? "&" : "?") + `writeKey=${collector.writeKey}`, auth, body);
        expect({ method, path, auth, status: res.status }).toEqual({ method, path, auth, status: 401 });
      }
    }
  });

  it("the secret key opens each of them (the rotations last, as they change the keys)", async () => {
    for (const [method, path, body] of SECRET_ROUTES.filter(([, p]) => !p.includes("/rotate"))) {
      const res = await call(method, path, `Bearer ${collector.secretKey}`, body);
      expect({ path, status: res.status }).toEqual({ path, status: expect.not.toBeOneOf([401, 403, 500]) });
    }
  });

  it("an origin that is not allowed gets 403 on ingest and widgets; the allowed one is served", async () => {
    const evil = { origin: "https://evil.example", "content-type": "text/plain" };
    expect((await fetch(`${collector.url}/v1/batch`, { method: "POST", headers: evil, body: batch(collector.writeKey, "o-1") })).status).toBe(403);
    expect((await fetch(`${collector.url}/v1/widgets?writeKey=${collector.writeKey}&anonymousId=a1`, { headers: evil })).status).toBe(403);
    const ok = await fetch(`${collector.url}/v1/batch`, { method: "POST", headers: { origin: ORIGIN }, body: batch(collector.writeKey, "o-2") });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("secret keys are stored only as sha256 hashes: the database files never hold the key itself", async () => {
    const files = readdirSync(collector.dataDir).filter((f) => f.startsWith("uptake.sqlite"));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(collector.dataDir, f))));
    expect(files.length).toBeGreaterThan(0);
    expect(bytes.includes(collector.secretKey)).toBe(false);
    expect(bytes.includes(hashSecret(collector.secretKey))).toBe(true);
  });

  it("the dashboard page carries CSP, frame, referrer and sniffing headers", async () => {
    const res = await fetch(`${collector.url}/`);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("key rotation keeps the data", () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector();
  });
  afterAll(() => collector.stop());

  const send = (writeKey: string, id: string) => fetch(`${collector.url}/v1/batch`, { method: "POST", body: batch(writeKey, id, "rotating-user") });
  const exported = async (secret: string) => {
    const res = await fetch(`${collector.url}/v1/users/rotating-user/export`, { headers: { authorization: `Bearer ${secret}` } });
    return { status: res.status, ids: res.ok ? ((await res.json()).events as { messageId: string }[]).map((e) => e.messageId) : [] };
  };

  it("a rotated write key keeps working during its grace period, until revoked; events of both keys stay", async () => {
    const oldKey = collector.writeKey;
    expect((await send(oldKey, "r-1")).status).toBe(200);
    const rotated = await (await collector.admin("POST", "/v1/keys/write/rotate", { graceSeconds: 3600 })).json();
    expect(rotated.writeKey).toMatch(/^wk_/);
    expect(rotated.writeKey).not.toBe(oldKey);
    expect(rotated.retiredWriteKeys.map((k: { writeKey: string }) => k.writeKey)).toEqual([oldKey]);
    expect((await send(rotated.writeKey, "r-2")).status).toBe(200);
    expect((await send(oldKey, "r-3")).status).toBe(200); // pages still serving the old snippet lose nothing

    expect((await collector.admin("DELETE", `/v1/keys/write/${oldKey}`)).status).toBe(200);
    expect((await send(oldKey, "r-4")).status).toBe(401);
    expect((await collector.admin("DELETE", `/v1/keys/write/${oldKey}`)).status).toBe(404);
    expect((await exported(collector.secretKey)).ids).toEqual(["r-1", "r-2", "r-3"]);
  });

  it("a rotated secret key works at once, and the old one stops at once; the data is all there", async () => {
    const res = await collector.admin("POST", "/v1/keys/secret/rotate");
    const { secretKey } = await res.json();
    expect(secretKey).toMatch(/^sk_/);
    expect((await exported(collector.secretKey)).status).toBe(401);
    expect(await exported(secretKey)).toEqual({ status: 200, ids: ["r-1", "r-2", "r-3"] });
  });
});

describe("rate limits", () => {
  let collector: RunningCollector;
  beforeAll(async () => {
    collector = await startCollector({ env: { UPTAKE_RATE_PER_KEY: "5", UPTAKE_RATE_PER_IP: "1000" } });
  });
  afterAll(() => collector.stop());

  it("per key: past the burst (10), 429 with Retry-After, counted as rate refusals", async () => {
    // All at once, so that even a slow machine cannot refill the bucket between them.
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await fetch(`${collector.url}/v1/batch`, { method: "POST", body: batch(collector.writeKey, `rl-${i}`) });
        return { status: res.status, retryAfter: res.headers.get("retry-after") };
      }),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 429)).toEqual([]);
    expect(limited.length).toBeGreaterThan(0);
    for (const a of limited) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    // The counter is written a moment later, off the request path.
    let totals: Record<string, number> = {};
    for (let t = 0; t < 50 && !totals.rate; t++) {
      await new Promise((r) => setTimeout(r, 100));
      totals = (await collector.query<{ totals: Record<string, number> }>("/v1/drops")).totals;
    }
    expect(totals.rate).toBe(limited.length);
  });

  it("per IP: many keys from one address are limited together", async () => {
    const perIp = await startCollector({ env: { UPTAKE_RATE_PER_KEY: "1000", UPTAKE_RATE_PER_IP: "5" } });
    try {
      const keys = ["wk_ip_1", "wk_ip_2", "wk_ip_3", "wk_ip_4"];
      for (const [i, k] of keys.entries()) {
        await perIp.store.ensureProject({ id: `ip-${i}`, name: k, writeKey: k, secretKeyHash: hashSecret(`sk_ip_${i}`) });
      }
      const statuses = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const res = await fetch(`${perIp.url}/v1/batch`, { method: "POST", body: batch(keys[i % 4], `ip-${i}`) });
          if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    } finally {
      await perIp.stop();
    }
  });
});

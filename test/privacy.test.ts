/**
 * Privacy (LGPD, GDPR): identity verification, GPC, bots, truncated IPs, erase and export through the API,
 * retention that keeps only aggregates, drops answered 2xx with X-Uptake-Dropped and counted by reason,
 * and the SDK's consent modes in real Chromium (pending holds in memory only, denied sends nothing).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUserId } from "@uptake/collector/privacy/identity.ts";
import { sweepRetention } from "@uptake/collector/privacy/retention.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";
import { sdkReady, startHostServer } from "./helpers/host-page.ts";

const DAY = 86_400_000;
let collector: RunningCollector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.stop());

const post = (batch: object[], headers: Record<string, string> = {}, extra: object = {}) =>
  fetch(`${collector.url}/v1/batch`, { method: "POST", headers, body: JSON.stringify({ writeKey: collector.writeKey, batch, ...extra }) });
const track = (id: string, fields: object) => ({ type: "track", event: "Feature Used", messageId: id, properties: { feature: "privacy" }, ...fields });
const exported = async (userId: string) =>
  ((await collector.query<{ events: { messageId: string; context: Record<string, unknown> }[] }>(`/v1/users/${encodeURIComponent(userId)}/export`)).events);
async function dropTotals(): Promise<Record<string, number>> {
  return (await collector.query<{ totals: Record<string, number> }>("/v1/drops")).totals;
}
/** The drop counter writes a moment after the answer, off the request path. */
async function eventuallyTotals(expected: Record<string, number>) {
  let totals: Record<string, number> = {};
  for (let t = 0; t < 60; t++) {
    totals = await dropTotals();
    if (Object.entries(expected).every(([k, v]) => totals[k] === v)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(totals).toMatchObject(expected);
}

describe("drops are answered 2xx, named in a header and counted by reason", () => {
  it("bots by user agent", async () => {
    const res = await post([track("bot-1", { anonymousId: "a-bot", context: { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1)" } }), track("human-1", { anonymousId: "a-human" })]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-uptake-dropped")).toBe("1; reason=bot");
  });

  it("Global Privacy Control, when the project honours it", async () => {
    const before = await post([track("gpc-0", { userId: "gpc-user" })], { "sec-gpc": "1" });
    expect(before.headers.get("x-uptake-dropped")).toBeNull(); // not honoured yet: stored
    expect((await collector.admin("PUT", "/v1/settings/privacy", { honorGpc: true })).status).toBe(200);
    const res = await post([track("gpc-1", { userId: "gpc-user" }), track("gpc-2", { userId: "gpc-user" })], { "sec-gpc": "1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-uptake-dropped")).toBe("2; reason=gpc");
    expect((await exported("gpc-user")).map((e) => e.messageId)).toEqual(["gpc-0"]);
    expect((await collector.admin("PUT", "/v1/settings/privacy", { honorGpc: false })).status).toBe(200);
  });

  it("the SDK's own overflow (the batch's `dropped`), and every reason shows in /v1/drops", async () => {
    expect((await post([track("client-1", { anonymousId: "a-client" })], {}, { dropped: 7 })).status).toBe(200);
    await eventuallyTotals({ bot: 1, gpc: 2, client: 7 });
  });
});

describe("IP addresses are never stored whole", () => {
  it("IPv4 loses its last octet, IPv6 its last 80 bits, in the store and in the file", async () => {
    await post([track("ip-4", { userId: "ip-user", context: { ip: "203.0.113.77" } }), track("ip-6", { userId: "ip-user", context: { ip: "2001:db8:85a3:1234:5678:8a2e:370:7334" } })]);
    const ips = (await exported("ip-user")).map((e) => e.context.ip);
    expect(ips).toEqual(["203.0.113.0", "2001:db8:85a3::"]);
    const files = readdirSync(collector.dataDir).filter((f) => f.startsWith("uptake.sqlite"));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(collector.dataDir, f))));
    expect(bytes.includes("203.0.113.77")).toBe(false);
    expect(bytes.includes("8a2e:370:7334")).toBe(false);
  });
});

describe("erase and export of one user through the API", () => {
  it("export returns the user's events; erase removes them, and export is then empty", async () => {
    await post([track("lgpd-1", { userId: "titular" }), track("lgpd-2", { userId: "titular" }), track("lgpd-3", { userId: "bystander" })]);
    const res = await fetch(`${collector.url}/v1/users/titular/export`, { headers: { authorization: `Bearer ${collector.secretKey}` } });
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    expect(((await res.json()).events as { messageId: string }[]).map((e) => e.messageId)).toEqual(["lgpd-1", "lgpd-2"]);
    const erased = await (await collector.admin("DELETE", "/v1/users/titular")).json();
    expect(erased).toEqual({ userId: "titular", erased: 2 });
    expect(await exported("titular")).toEqual([]);
    expect((await exported("bystander")).map((e) => e.messageId)).toEqual(["lgpd-3"]);
  });
});

describe("retention: raw events past the project's period go, aggregates stay", () => {
  it("deletes events older than retentionDays while the daily active users of that day remain", async () => {
    const old = new Date(Date.now() - 40 * DAY);
    const oldDay = old.toISOString().slice(0, 10);
    await post([track("ret-old", { userId: "ret-user", timestamp: old.toISOString() }), track("ret-new", { userId: "ret-user" })]);
    const dauBefore = await collector.query(`/v1/trends/active-users?from=${oldDay}&to=${oldDay}&interval=day`);
    expect((await collector.admin("PUT", "/v1/settings/privacy", { retentionDays: 30 })).status).toBe(200);

    const deleted = await sweepRetention(collector.store, Date.now());
    expect(deleted.default).toBeGreaterThanOrEqual(1);
    expect((await exported("ret-user")).map((e) => e.messageId)).toEqual(["ret-new"]);
    const dauAfter = await collector.query(`/v1/trends/active-users?from=${oldDay}&to=${oldDay}&interval=day`);
    expect(dauAfter).toEqual(dauBefore);
    expect(dauAfter.series[0].dau).toBeGreaterThanOrEqual(1);
    expect((await collector.admin("PUT", "/v1/settings/privacy", { retentionDays: null })).status).toBe(200);
  });
});

describe("identity verification", () => {
  let secret: string;
  beforeAll(async () => {
    expect((await collector.admin("PUT", "/v1/settings/privacy", { requireSignedIdentity: true })).status).toBe(409); // no secret yet
    secret = (await (await collector.admin("POST", "/v1/keys/identity/rotate")).json()).identitySecret;
    expect((await collector.admin("PUT", "/v1/settings/privacy", { requireSignedIdentity: true })).status).toBe(200);
    expect((await collector.admin("POST", "/v1/checklists", {
      id: "onboarding", title: "Get started", items: [{ id: "connect", title: "Connect", completeOn: { event: "Connected" } }],
    })).status).toBeLessThan(300);
  });
  afterAll(async () => {
    await collector.admin("PUT", "/v1/settings/privacy", { requireSignedIdentity: false });
  });

  const widgets = async (params: Record<string, string>) => {
    const res = await fetch(`${collector.url}/v1/widgets?${new URLSearchParams({ writeKey: collector.writeKey, ...params })}`);
    expect(res.status).toBe(200);
    const answer = await res.json();
    return (answer.checklists as { id: string; items: { id: string; done: boolean }[] }[]).find((c) => c.id === "onboarding")?.items[0].done;
  };

  it("a signed identify ties the browser to the user; their later events count for them", async () => {
    const signature = signUserId(secret, "victim");
    await post([
      { type: "identify", messageId: "v-id", userId: "victim", anonymousId: "victim-browser", context: { userSignature: signature } },
      { type: "track", event: "Connected", messageId: "v-connect", userId: "victim", anonymousId: "victim-browser" },
    ]);
    const events = await exported("victim");
    expect(events.map((e) => e.messageId).sort()).toEqual(["v-connect", "v-id"]);
    expect(events.every((e) => e.context.userSignature === undefined)).toBe(true); // the signature is never stored
    expect(await widgets({ anonymousId: "victim-browser" })).toBe(true);
    expect(await widgets({ userId: "victim", anonymousId: "other", userSignature: signature })).toBe(true);
  });

  it("typing someone's id into the console reads and writes nothing of theirs", async () => {
    // Unsigned, wrongly signed, or posing as an anonymous id equal to the user id.
    expect(await widgets({ userId: "victim", anonymousId: "attacker-browser" })).toBe(false);
    expect(await widgets({ userId: "victim", anonymousId: "attacker-browser", userSignature: signUserId("guessed", "victim") })).toBe(false);
    expect(await widgets({ anonymousId: "victim" })).toBe(false);
    const res = await post([
      { type: "identify", messageId: "a-id", userId: "victim", anonymousId: "attacker-browser", context: { userSignature: "00".repeat(32) } },
      { type: "track", event: "Feature Used", messageId: "a-track", userId: "victim", anonymousId: "attacker-browser", properties: { feature: "x" } },
      { type: "track", event: "Feature Used", messageId: "a-server", userId: "victim", properties: { feature: "x" } },
    ]);
    expect(res.status).toBe(200);
    // Kept as anonymous where an anonymous id is left; dropped (and said so) where nothing is.
    expect(res.headers.get("x-uptake-dropped")).toBe("1; reason=unverified");
    expect((await exported("victim")).map((e) => e.messageId).sort()).toEqual(["v-connect", "v-id"]);
  });
});

describe("consent modes in the SDK, in real Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("pending holds events in memory only (nothing sent, nothing on disk); denied sends nothing; granted sends what was held", async () => {
    const host = await startHostServer(collector.url, collector.writeKey);
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const sent: string[] = [];
      page.on("request", (r) => void (r.url().includes("/v1/batch") && sent.push(r.url())));
      // The vendor's consent banner has not answered yet: the page starts the SDK in "pending".
      await page.goto(host.define("consent", "", `<script>uptake.init({ consent: "pending" });</script>`));
      await sdkReady(page);
      const call = (js: string) => page.evaluate(js);
      await call(`uptake.identify("consent-user"); uptake.feature("held-1"); uptake.feature("held-2")`);
      await page.waitForTimeout(4000); // past the SDK's 3 s flush interval
      expect(sent).toEqual([]);
      const onDisk = await call(`new Promise((resolve) => {
        const open = indexedDB.open("uptake");
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("queue")) return resolve(0);
          const count = db.transaction("queue").objectStore("queue").count();
          count.onsuccess = () => resolve(count.result);
        };
        open.onerror = () => resolve(-1);
      })`);
      expect(onDisk).toBe(0);
      expect(await call(`localStorage.getItem("uptake_id")`)).toBeNull();

      await call(`uptake.consent("granted")`);
      await call(`uptake.flush()`);
      const features = async () => (await collector.store.exportUser("default", "consent-user")).filter((e) => e.event === "Feature Used").map((e) => e.properties.feature);
      expect((await features()).sort()).toEqual(["held-1", "held-2"]);

      await call(`uptake.consent("denied"); uptake.feature("refused-1"); uptake.track("Refused")`);
      const before = sent.length;
      await page.waitForTimeout(4000);
      await call(`uptake.flush()`);
      expect(sent.length).toBe(before);
      expect((await features()).sort()).toEqual(["held-1", "held-2"]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await host.stop();
    }
  }, 60_000);
});

import { createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../store/sqlite/index.ts";
import type { StoredEvent } from "../store/types.ts";
import { createDispatcher } from "./dispatcher.ts";
import { createWebhookHooks } from "./hooks.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup() {
  const bodies: { type: string; id: string; data: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(r)));
  const store = createSqliteStore({ file: ":memory:" });
  closers.push(() => store.close());
  const project = await store.ensureProject({ id: "p", name: "P", writeKey: "wk_p", secretKeyHash: "h" });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  await store.createWebhook("p", { id: "wh_1", url, secret: "whsec_test_secret_0001", events: ["survey.responded", "alert.created"], createdAt: NOW });
  let lookups = 0;
  const listWebhooks = store.listWebhooks;
  store.listWebhooks = (id) => (lookups++, listWebhooks(id));
  const dispatcher = createDispatcher({ store, now: () => NOW });
  const hooks = createWebhookHooks({ store, dispatcher, now: () => NOW });
  return { project, hooks, dispatcher, bodies, lookups: () => lookups };
}

const answer = (i: number): StoredEvent => ({
  messageId: `m${i}`, type: "track", event: i === 3 ? "Feature Used" : "Survey Responded", userId: `u${i}`, anonymousId: null, accountId: "acme",
  timestamp: NOW, receivedAt: NOW, properties: { survey_id: "q", kind: "nps", score: i }, traits: {}, context: {},
});

describe("webhook hooks", () => {
  it("delivers each survey answer of a batch, looking the project's webhooks up once for the batch", async () => {
    const { project, hooks, dispatcher, bodies, lookups } = await setup();
    hooks.afterAppend(project, [0, 1, 2, 3].map(answer));
    await dispatcher.idle();
    expect(bodies.map((b) => [b.type, b.data.messageId]).sort()).toEqual([["survey.responded", "m0"], ["survey.responded", "m1"], ["survey.responded", "m2"]]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(3);
    expect(lookups()).toBe(1);
  });

  it("announces each new alert once, in one lookup, and an alert seen before never again", async () => {
    const { hooks, dispatcher, bodies, lookups } = await setup();
    const alert = (accountId: string) => ({ accountId, reason: "no_login" as const, message: "no login", current: 0, baseline: 3, day: "2026-11-23" });
    hooks.onAlerts("p", [alert("acme"), alert("globex")]);
    for (let i = 0; i < 100 && bodies.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await dispatcher.idle();
    expect(bodies.map((b) => b.data.accountId).sort()).toEqual(["acme", "globex"]);
    expect(lookups()).toBe(1);
    // Announced before: nothing may arrive, so the wait is a fixed one.
    hooks.onAlerts("p", [alert("acme")]);
    await new Promise((r) => setTimeout(r, 100));
    await dispatcher.idle();
    expect(bodies).toHaveLength(2);
    expect(lookups()).toBe(1);
  });
});

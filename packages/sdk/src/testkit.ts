/** Test fakes (not shipped): a collector that records what it is sent, a clock-driven environment, and a spy store. */
import { gunzipSync } from "node:zlib";
import { vi } from "vitest";
import { createCommands } from "./core/commands";
import { memoryStore } from "./storage/memory";
import type { KV } from "./storage/types";
import type { Deps, Env, FetchLike, InitOptions, PageInfo } from "./types";

export type Sent = {
  url: string;
  keepalive: boolean;
  contentType: string;
  raw: string;
  body: { batch: Message[]; sentAt: string; writeKey: string; dropped?: number };
};
export type Message = {
  type: string;
  messageId: string;
  timestamp: string;
  userId: string | null;
  anonymousId: string;
  event?: string;
  name?: string;
  groupId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: Record<string, unknown> & { sessionId: string; groupId?: string; page: PageInfo };
};
type Answer = number | { status: number; retryAfter?: string } | Error;

/** A fake collector: answers from `answers` in turn (then 200) and records every request. */
export function fakeCollector() {
  const sent: Sent[] = [];
  const answers: Answer[] = [];
  const fetch: FetchLike = async (url, init) => {
    // The widgets' GET /v1/widgets: this collector has no widgets to offer, and it is not a batch.
    if (init?.method !== "POST") return { status: 404, headers: { get: () => null } };
    const answer = answers.shift() ?? 200;
    // Compressed batches are inflated as the collector does, so tests read every body the same way.
    const raw = typeof init.body == "string" ? init.body : gunzipSync(Buffer.from(init.body)).toString();
    sent.push({ url: url.replace("?compression=gzip", ""), keepalive: init.keepalive, contentType: init.headers["Content-Type"], raw, body: JSON.parse(raw) });
    if (answer instanceof Error) throw answer;
    const { status, retryAfter = null } = typeof answer == "number" ? { status: answer } : answer;
    return { status, headers: { get: (name: string) => (name.toLowerCase() === "retry-after" ? retryAfter : null) } };
  };
  return {
    fetch,
    sent,
    answers,
    /** Every message delivered so far, in order. */
    messages: () => sent.flatMap((s) => s.body.batch),
    events: () => sent.flatMap((s) => s.body.batch).map((m) => m.event ?? m.type),
  };
}

/** localStorage stand-in that survives "reloads" (new clients over the same object). */
export function fakeLocal() {
  const map = new Map<string, string>();
  return { map, get: (k: string) => map.get(k) ?? null, set: (k: string, v: string) => void map.set(k, v) };
}

/** A store that records writes, to prove what did (not) reach the disk. */
export function spyStore(inner: KV = memoryStore()) {
  const writes: string[] = [];
  const store: KV = { ...inner, set: (entries) => (writes.push(...entries.map(([k]) => k)), inner.set(entries)) };
  return { store, writes };
}

export const PAGE: PageInfo = { url: "https://app.example.com/dash?tab=1", path: "/dash", referrer: "https://google.com/", title: "Dashboard" };

/**
 * A client over fakes. Timers and the clock are vitest's (call vi.useFakeTimers() first), read
 * lazily so faking them after import still works.
 */
export function setup(options: Partial<InitOptions> = {}, deps: Deps = {}, init = true) {
  const collector = fakeCollector();
  let hide = () => {};
  let navigate = () => {};
  const warn = vi.fn();
  const env: Deps = {
    now: () => Date.now(),
    random: () => 0.5,
    uuid: () => crypto.randomUUID(),
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    fetch: collector.fetch,
    // Compression is real stream work outside fake timers; send.test.ts covers it.
    gzip: undefined,
    storage: memoryStore(),
    local: fakeLocal(),
    page: () => PAGE,
    locale: "pt-BR",
    userAgent: "TestAgent/1.0",
    onNavigate: (fn) => void (navigate = fn),
    onHide: (fn) => void (hide = fn),
    warn,
    // No widgets unless a test asks: the real ones would GET /v1/widgets from a collector that is not there.
    getJson: undefined,
    ...deps,
  };
  const { api, run } = createCommands(env);
  if (init) api.init({ writeKey: "wk_test", host: "https://c.example.com", autoPage: false, ...options });
  return { uptake: api, run, collector, env: env as Env, warn, hide: () => hide(), navigate: () => navigate() };
}

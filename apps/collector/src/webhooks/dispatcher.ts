/**
 * Webhook delivery: each happening is posted to every subscribed hook of the project, signed, and retried
 * with capped exponential backoff and jitter on network errors, 408, 429 and 5xx (other 4xx are final).
 * Delivery never blocks the caller; `idle()` resolves when nothing is in flight (tests, shutdown).
 */
import type { EventStore } from "../store/types.ts";
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./sign.ts";

export type WebhookEvent = "alert.created" | "survey.responded";

export type DispatcherDeps = {
  store: EventStore;
  now: () => number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
};

export type Delivery = { hookId: string; status: number | null; attempts: number; ok: boolean };

export function createDispatcher({
  store, now, fetch = globalThis.fetch, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), random = Math.random,
  maxAttempts = 6, baseDelayMs = 1000, timeoutMs = 10_000,
}: DispatcherDeps) {
  const inFlight = new Set<Promise<unknown>>();

  async function deliver(url: string, secret: string, hookId: string, body: string, timestamp: number): Promise<Delivery> {
    let status: number | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Uptake-Webhooks/1",
            [SIGNATURE_HEADER]: sign(secret, body),
            [TIMESTAMP_HEADER]: String(Math.floor(timestamp / 1000)),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.body?.cancel();
        if (res.ok) return { hookId, status, attempts: attempt, ok: true };
        if (status < 500 && status !== 408 && status !== 429) return { hookId, status, attempts: attempt, ok: false };
      } catch {
        status = null;
      }
      if (attempt < maxAttempts) await sleep(Math.min(baseDelayMs * 2 ** (attempt - 1), 5 * 60_000) * (0.5 + random() / 2));
    }
    return { hookId, status, attempts: maxAttempts, ok: false };
  }

  /**
   * Posts `{ id, type, timestamp, projectId, data }` to each hook of the project subscribed to `type`, once per
   * item of `items`. The hooks are looked up once for them all: a batch of survey answers, or the alerts a route
   * found, is one read of the webhooks (on ClickHouse a FINAL query) instead of one per item.
   */
  async function emitAll(projectId: string, type: WebhookEvent, items: unknown[]): Promise<Delivery[]> {
    if (items.length === 0) return [];
    const hooks = (await store.listWebhooks(projectId)).filter((h) => h.events.includes(type));
    if (hooks.length === 0) return [];
    const timestamp = now();
    return Promise.all(
      items.flatMap((data) => {
        const body = JSON.stringify({ id: crypto.randomUUID(), type, timestamp: new Date(timestamp).toISOString(), projectId, data });
        return hooks.map((h) => deliver(h.url, h.secret, h.id, body, timestamp));
      }),
    );
  }

  return {
    /** Fire and forget, one delivery per item: errors are logged, never thrown to the caller. */
    sendAll(projectId: string, type: WebhookEvent, items: unknown[]) {
      if (items.length === 0) return;
      const p = emitAll(projectId, type, items).catch((err) => console.error("webhook delivery failed", err));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/**
 * A client that sends batches the way the browser SDK does: the same batch (same messageIds) again after
 * a network error, 408, 429 or 5xx, with the SDK's own backoff (retry.ts), time-compressed so a test of
 * many outages stays short. It records which events the collector acknowledged with a 2xx.
 */
import { retryable, retryDelay } from "../../packages/sdk/src/transport/retry.ts";

export type Event = { messageId: string; userId: string; feature: string };

export type IngestClient = {
  /** Sends one batch until a 2xx (or a non-retryable refusal, which fails the test). */
  deliver(events: Event[]): Promise<void>;
  acked: Set<string>;
  /** Answers seen, by status (0: network error). */
  statuses: Record<number, number>;
};

export function ingestClient(opts: { url: () => string; writeKey: string; random: () => number; timeScale?: number }): IngestClient {
  const acked = new Set<string>();
  const statuses: Record<number, number> = {};
  const scale = opts.timeScale ?? 0.1;
  return {
    acked,
    statuses,
    async deliver(events) {
      const batch = events.map((e) => ({
        type: "track", messageId: e.messageId, userId: e.userId, event: "Feature Used",
        properties: { feature: e.feature }, timestamp: new Date().toISOString(),
      }));
      for (let attempt = 0; ; attempt++) {
        let status = 0;
        let retryAfter: string | null = null;
        try {
          const body = JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey: opts.writeKey });
          const res = await fetch(`${opts.url()}/v1/batch`, { method: "POST", headers: { "content-type": "text/plain" }, body, signal: AbortSignal.timeout(15_000) });
          status = res.status;
          retryAfter = res.headers.get("retry-after");
          await res.arrayBuffer();
        } catch {
          status = 0;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          for (const e of events) acked.add(e.messageId);
          return;
        }
        if (!retryable(status)) throw new Error(`batch refused with ${status}: not retryable`);
        await new Promise((r) => setTimeout(r, retryDelay(Math.min(attempt, 6), opts.random, retryAfter, Date.now()) * scale));
      }
    },
  };
}

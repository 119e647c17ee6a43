/**
 * ClickHouse goes away in the middle of ingest: the collector must answer 503 (never 200 for rows it did
 * not write), the client's retries must deliver every event once ClickHouse is back, without a collector
 * restart, and nothing may be counted twice. A private ClickHouse server, so stopping it disturbs no one.
 */
import { serve } from "@hono/node-server";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@uptake/collector";
import { readConfig } from "@uptake/collector/config.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createClickHouseHttp } from "@uptake/collector/store/clickhouse/http.ts";
import { createClickHouseStore } from "@uptake/collector/store/clickhouse/index.ts";
import { createClickHouseServer, type ClickHouseServer } from "@uptake/collector/store/clickhouse/test-server.ts";
import type { EventStore } from "@uptake/collector/store/types.ts";

const WRITE_KEY = "wk_fault";
const USERS = 10;
const BATCHES = 24;
const PER_BATCH = 40;

type Batch = { batch: object[]; writeKey: string };

/** Like the SDK's transport: the same body again after a network error, a 429 or a 5xx, with capped jittered backoff. */
async function deliver(url: string, body: Batch, statuses: number[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    try {
      const res = await fetch(`${url}/v1/batch`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = -1;
    }
    statuses.push(status);
    if (status === 200) return;
    if (status !== -1 && status !== 429 && status < 500) throw new Error(`refused with ${status}`);
    const backoff = Math.min(1000, 50 * 2 ** attempt);
    await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * (backoff / 2)));
  }
}

function makeBatch(b: number): Batch {
  const base = Date.now() - 3_600_000;
  return {
    writeKey: WRITE_KEY,
    batch: Array.from({ length: PER_BATCH }, (_, i) => ({
      type: "track",
      event: "Feature Used",
      messageId: `fault-${b}-${i}`,
      userId: `user-${(b * PER_BATCH + i) % USERS}`,
      properties: { feature: "export" },
      timestamp: new Date(base + b * 1000 + i).toISOString(),
    })),
  };
}

describe("ClickHouse stopped during ingest", () => {
  let server: ClickHouseServer;
  let store: EventStore;
  let collector: ReturnType<typeof serve>;
  let url: string;
  const dataDir = mkdtempSync(join(tmpdir(), "uptake-fault-"));

  beforeAll(async () => {
    server = await createClickHouseServer();
    await server.start();
    store = await createClickHouseStore({ url: server.url, database: "fault" });
    await store.ensureProject({ id: "default", name: "Fault", writeKey: WRITE_KEY, secretKeyHash: hashSecret("sk_fault") });
    const app = createApp({ store, config: readConfig({ UPTAKE_DATA_DIR: dataDir }) });
    collector = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => collector.once("listening", () => resolve()));
    url = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => collector?.close(() => resolve()));
    await store?.close();
    await server?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 while it is down, and the retries deliver every event exactly once when it is back", async () => {
    const batches = Array.from({ length: BATCHES }, (_, b) => makeBatch(b));
    const before: number[] = [];
    for (const b of batches.slice(0, 4)) await deliver(url, b, before);
    expect(before).toEqual([200, 200, 200, 200]);

    await server.stop();
    const during: number[] = [];
    const pending = batches.slice(4).map((b) => deliver(url, b, during));
    // Stay down past the collector's project cache (5 s), so the key lookup fails too, not only the insert.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((s) => s === 503)).toBe(true);

    await server.start();
    await Promise.all(pending);
    // One batch delivered again after all (a client that never saw its 200) must change nothing.
    await deliver(url, batches[1], []);

    const total = BATCHES * PER_BATCH;
    let exported = 0;
    for (let u = 0; u < USERS; u++) exported += (await store.exportUser("default", `user-${u}`)).length;
    expect(exported).toBe(total);
    const http = createClickHouseHttp({ url: server.url, database: "fault" });
    const [row] = await http.query<{ rows: number; ids: number }>("SELECT count() AS rows, uniqExact(message_id) AS ids FROM events");
    http.close();
    expect(row).toEqual({ rows: total, ids: total });
  });
});

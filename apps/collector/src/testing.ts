/** Test helpers: a collector over a fresh SQLite file with known keys, driven through app.request(). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { readConfig, type CollectorConfig } from "./config.ts";
import { hashSecret } from "./keys.ts";
import { createSqliteStore } from "./store/sqlite/index.ts";
import type { EventStore } from "./store/types.ts";

export const WRITE_KEY = "wk_test";
export const SECRET_KEY = "sk_test";

export async function testCollector(opts: { env?: Record<string, string>; store?: EventStore; now?: () => number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "uptake-test-"));
  const config: CollectorConfig = readConfig({ UPTAKE_DATA_DIR: dataDir, ...opts.env });
  const store = opts.store ?? createSqliteStore({ file: join(dataDir, "uptake.sqlite"), timeZone: config.timeZone });
  await store.ensureProject({ id: "default", name: "Test", writeKey: WRITE_KEY, secretKeyHash: hashSecret(SECRET_KEY) });
  const clock = { now: opts.now ?? Date.now };
  const app = createApp({ store, config, clock });
  const send = (body: unknown, headers: Record<string, string> = {}, path = "/v1/batch") =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "text/plain", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const query = (path: string) => app.request(path, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
  return { app, store, config, send, query, dataDir };
}

let n = 0;
/** A valid track message; fields may be overridden. */
export function track(fields: Record<string, unknown> = {}) {
  n++;
  return {
    type: "track",
    event: "Feature Used",
    messageId: `msg-${n}-${Math.random().toString(36).slice(2)}`,
    userId: "u1",
    properties: { feature: "export" },
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

/** Starts a real collector on a loopback port over a fresh SQLite file (or a given store), for end-to-end tests. */
import { serve } from "@hono/node-server";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@uptake/collector";
import { readConfig } from "@uptake/collector/config.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import type { EventStore } from "@uptake/collector/store/types.ts";

export type RunningCollector = {
  url: string;
  writeKey: string;
  secretKey: string;
  store: EventStore;
  dataDir: string;
  /** GET a query route with the secret key and return its JSON. */
  query<T = any>(path: string): Promise<T>;
  /** Call an admin route with the secret key. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
};

export async function startCollector(opts: { env?: Record<string, string>; store?: EventStore } = {}): Promise<RunningCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), "uptake-e2e-"));
  const config = readConfig({ UPTAKE_DATA_DIR: dataDir, ...opts.env });
  const store = opts.store ?? createSqliteStore({ file: join(dataDir, "uptake.sqlite") });
  const writeKey = "wk_e2e";
  const secretKey = "sk_e2e";
  await store.ensureProject({ id: "default", name: "E2E", writeKey, secretKeyHash: hashSecret(secretKey) });
  const app = createApp({ store, config, demoWriteKey: writeKey });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${secretKey}` };
  return {
    url,
    writeKey,
    secretKey,
    store,
    dataDir,
    async query(path) {
      const res = await fetch(url + path, { headers: auth });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    admin: (method, path, body) =>
      fetch(url + path, {
        method,
        headers: { ...auth, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The collector process: reads the environment once, opens the store, listens. */
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { bootstrapProject } from "./bootstrap.ts";
import { readConfig } from "./config.ts";
import { openStore } from "./store/open.ts";
import { startRetention } from "./privacy/retention.ts";

// A setting to fix (a zone that is not one, a data file counted in another zone) is a line to read, not a stack trace.
const { config, store } = await (async () => {
  try {
    const config = readConfig();
    return { config, store: await openStore(config) };
  } catch (err) {
    console.error(`Uptake collector cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
})();
const keys = await bootstrapProject(store, config);
const app = createApp({ store, config, demoWriteKey: keys.writeKey });
// Each project's retention period (settings.privacy.retentionDays): raw events past it are deleted hourly.
startRetention(store, () => Date.now());

const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST ?? "0.0.0.0" }, (info) => {
  const base = `http://localhost:${info.port}`;
  console.log(`Uptake collector on ${base} (storage: ${store.engine})`);
  console.log(`  dashboard  ${base}/`);
  console.log(`  demo page  ${base}/demo`);
  console.log(`  script     ${base}/sdk.js`);
  console.log(`  write key  ${keys.writeKey}`);
  console.log(`  secret key ${keys.secretKey}${keys.generated ? `   (generated, kept in ${config.dataDir}/keys.json)` : ""}`);
});

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Idle keep-alive connections would hold close() open: after 5 s they are cut. The store then applies
    // what its journal still holds before it exits (a kill instead is safe too: the next start replays it).
    server.close(async () => {
      await store.close();
      process.exit(0);
    });
    setTimeout(() => (server as { closeAllConnections?(): void }).closeAllConnections?.(), 5000).unref();
  });
}

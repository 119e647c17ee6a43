/** The real collector in its own process, for load tests: SQLite in UPTAKE_DATA_DIR, keys from the environment. */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { createApp } from "@uptake/collector";
import { bootstrapProject } from "@uptake/collector/bootstrap.ts";
import { readConfig } from "@uptake/collector/config.ts";
import { openStore } from "@uptake/collector/store/open.ts";

const config = readConfig();
const store = await openStore(config);
const keys = await bootstrapProject(store, config);
const app = createApp({ store, config, demoWriteKey: keys.writeKey });
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.stdout.write(`ready ${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => store.close().then(() => process.exit(0))));

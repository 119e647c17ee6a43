/** createApp(): the collector as a pure function of its store, clock and config, testable with app.request(). */
import { Hono } from "hono";
import type { CollectorConfig } from "./config.ts";
import { createProjectCache } from "./projects.ts";
import { assetRoutes } from "./routes/assets.ts";
import { adminChecklistRoutes } from "./routes/admin-checklists.ts";
import { adminSurveyRoutes } from "./routes/admin-surveys.ts";
import { widgetRoutes } from "./routes/widgets.ts";
import { demoRoutes } from "./routes/demo.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { queryRoutes } from "./routes/query.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { accountDetailRoutes } from "./routes/account-detail.ts";
import { resultRoutes } from "./routes/results.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { keyRoutes } from "./routes/keys.ts";
import { privacyRoutes } from "./routes/privacy.ts";
import { defaultZone } from "./routes/range.ts";
import { createDropCounter, type DropCounter } from "./privacy/drops.ts";
import { createDispatcher } from "./webhooks/dispatcher.ts";
import { createWebhookHooks } from "./webhooks/hooks.ts";
import { StoreUnavailableError, type EventStore } from "./store/types.ts";

export type AppDeps = {
  store: EventStore;
  config: CollectorConfig;
  clock?: { now(): number };
  /** The default project's write key, filled into the demo page's script tags. */
  demoWriteKey?: string;
  /** How webhooks are posted (tests pass a failing or recording fetch); defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Where dropped-event counts go (tests pass one to flush it); defaults to one writing to the store. */
  drops?: DropCounter;
};

export function createApp({ store, config, clock = Date, demoWriteKey, fetch, drops }: AppDeps) {
  const now = () => clock.now();
  const webhooks = createWebhookHooks({ store, now, dispatcher: createDispatcher({ store, now, fetch }) });
  const projects = createProjectCache(store, now);
  const app = new Hono();
  // A data file whose rollups count another zone's days answers that zone fastest: it is the default too.
  const zone = config.timeZone ?? store.rollupZone;
  if (zone && zone !== "UTC") app.use("/v1/*", defaultZone(zone));

  app.get("/health", async (c) => {
    try {
      await store.ping();
      return c.json({ ok: true, storage: store.engine, ...(store.backlog ? { backlogBytes: store.backlog() } : {}), ...(store.warming?.() ? { warming: true } : {}) });
    } catch {
      return c.json({ ok: false, storage: store.engine }, 503);
    }
  });
  app.route("/", ingestRoutes({ store, projects, config, now, onAppended: webhooks.afterAppend, drops: drops ?? createDropCounter(store, now) }));
  app.route("/", queryRoutes({ store, now }));
  app.route("/", widgetRoutes({ store, projects, config, now }));
  app.route("/", adminSurveyRoutes({ store, now }));
  app.route("/", adminChecklistRoutes({ store, now }));
  app.route("/", resultRoutes({ store, now }));
  app.route("/", accountRoutes({ store, now, onAlerts: webhooks.onAlerts }));
  app.route("/", accountDetailRoutes({ store, now }));
  app.route("/", webhookRoutes({ store, now }));
  app.route("/", privacyRoutes({ store, projects, now }));
  app.route("/", keyRoutes({ store, projects, now }));
  app.route("/", demoRoutes({ assets: config.assets, demoWriteKey }));
  app.route("/", assetRoutes({ ...config, timeZone: zone || "UTC" }));

  app.onError((err, c) => {
    // The store went away mid-request (a key lookup, a query): the client should retry, not give up.
    if (err instanceof StoreUnavailableError) {
      c.header("Retry-After", "5");
      return c.json({ error: "store unavailable, retry later" }, 503);
    }
    console.error(err);
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}

export type { CollectorConfig } from "./config.ts";
export type { EventStore } from "./store/types.ts";

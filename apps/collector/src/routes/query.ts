/** Query routes for product teams (contract §6), behind the secret key. */
import { Hono } from "hono";
import { ACTIVE_USERS_LOOKBACK, activeUsersSeries } from "../analytics/active-users.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";
import { dayNumber, isoDay } from "../time.ts";
import { parseRange } from "./range.ts";

export function queryRoutes({ store, now }: { store: EventStore; now: () => number }) {
  const app = new Hono<SecretEnv>();
  app.use("/v1/trends/*", secretAuth(store));

  app.get("/v1/trends/active-users", async (c) => {
    const r = parseRange(c, now());
    if (!r.ok) return r.response;
    const { range } = r;
    const from = dayNumber(range.from);
    const to = dayNumber(range.to);
    const rows = await store.activeDays(c.get("project").id, { ...range, from: isoDay(from - ACTIVE_USERS_LOOKBACK) });
    return c.json({ series: activeUsersSeries(rows, from, to, range.interval) });
  });

  return app;
}

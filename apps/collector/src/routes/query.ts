/** Trend routes for product teams (contract §6): active users, logins, features and retention, behind the secret key. */
import { Hono } from "hono";
import { ZFeatureParams } from "@uptake/schema";
import { ACTIVE_USERS_LOOKBACK, activeUsersSeries } from "../analytics/active-users.ts";
import { buckets } from "../analytics/buckets.ts";
import { featuresAnswer, featureUsesExcept, retainedAccounts } from "../analytics/features.ts";
import { loginsAnswer } from "../analytics/logins.ts";
import { retentionCohorts } from "../analytics/retention.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";
import { dayNumber, isoDay } from "../time.ts";
import { answer, parseQuery } from "./answer.ts";

export function queryRoutes({ store, now }: { store: EventStore; now: () => number }) {
  const app = new Hono<SecretEnv>();
  app.use("/v1/trends/*", secretAuth(store));
  app.use("/v1/retention", secretAuth(store));

  app.get("/v1/trends/active-users", (c) => {
    const projectId = c.get("project").id;
    return answer(c, store, projectId, now(), async (range) => {
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      const gaps = await store.activityGaps(projectId, { ...range, from: isoDay(from - ACTIVE_USERS_LOOKBACK) });
      return { series: activeUsersSeries(gaps, from, to, range.interval) };
    });
  });

  app.get("/v1/trends/logins", (c) => {
    const projectId = c.get("project").id;
    return answer(c, store, projectId, now(), async (range) => loginsAnswer(await store.loginStats(projectId, range)));
  });

  app.get("/v1/trends/features", (c) => {
    const projectId = c.get("project").id;
    const f = parseQuery(c, ZFeatureParams);
    if (!f.ok) return f.response;
    return answer(c, store, projectId, now(), async (range) => {
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      const edges = [
        { from: range.from, to: isoDay(Math.min(to, from + 6)) },
        { from: isoDay(Math.max(from, to - 6)), to: range.to },
      ];
      // Each account's uses per feature give both which features it used and the retained accounts' uses,
      // so the store is asked once, all at the same time (ClickHouse also counts each feature's accounts
      // from that same read, see its featureUsage).
      const [usage, active, rows, edgeRows] = await Promise.all([
        store.featureUsage(projectId, { ...range, feature: f.value.feature }),
        store.activeTotals(projectId, range),
        store.accountFeatures(projectId, range),
        store.accountWindows(projectId, range, edges),
      ]);
      const retained = retainedAccounts(edgeRows);
      const retainedUses = featureUsesExcept(rows.filter((r) => retained.has(r.accountId)), []);
      return featuresAnswer(usage, active, buckets(from, to, range.interval), rows, edgeRows, retainedUses);
    });
  });

  app.get("/v1/retention", (c) => {
    const projectId = c.get("project").id;
    return answer(c, store, projectId, now(), async (range) => {
      const interval = c.req.query("interval") ? range.interval : "week";
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      const cells = await store.cohorts(projectId, { ...range, interval });
      return { interval, cohorts: retentionCohorts(cells, buckets(from, to, interval)) };
    });
  });

  return app;
}

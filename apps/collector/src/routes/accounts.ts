/** Accounts (health, trend, alerts), early-warning alerts, renewal/churn rates and the analytics settings. */
import { Hono } from "hono";
import { z } from "zod";
import { ZAnalyticsSettings } from "@uptake/schema";
import { buckets } from "../analytics/buckets.ts";
import type { Alert } from "../analytics/alerts.ts";
import { renewalSeries } from "../analytics/renewals.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";
import { dayNumber } from "../time.ts";
import { accountRows, alertsAsOf, analyticsSettings, traitsOf } from "./account-data.ts";
import { answer, parseQuery } from "./answer.ts";

const ZAccountsParams = z.object({
  sort: z.enum(["health", "activeUsers", "id", "trend"]).default("health"),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export type AccountDeps = { store: EventStore; now: () => number; onAlerts: (projectId: string, alerts: Alert[]) => void };

export function accountRoutes({ store, now, onAlerts }: AccountDeps) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  for (const path of ["/v1/accounts", "/v1/alerts", "/v1/renewals", "/v1/settings/analytics"]) app.use(path, auth);

  app.get("/v1/accounts", (c) => {
    const p = parseQuery(c, ZAccountsParams);
    if (!p.ok) return p.response;
    const project = c.get("project");
    return answer(c, store, project.id, now(), async (range) => {
      const rows = await accountRows(store, project, range);
      onAlerts(project.id, rows.flatMap((r) => r.alerts));
      const { sort, limit } = p.value;
      // Health ascending by default: the accounts that need a call come first.
      const order = p.value.order ?? (sort === "health" || sort === "id" ? "asc" : "desc");
      const key = (r: (typeof rows)[number]) => (sort === "id" ? 0 : (r[sort] ?? Number.NEGATIVE_INFINITY));
      rows.sort((a, b) => (order === "asc" ? 1 : -1) * (key(a) - key(b) || a.id.localeCompare(b.id)));
      const page = rows.slice(0, limit);
      const traits = await traitsOf(store, project.id, range, page.map((r) => r.id));
      return { asOf: range.to, total: rows.length, accounts: page.map(({ id, ...r }) => ({ id, traits: traits.get(id) ?? {}, ...r })) };
    });
  });

  app.get("/v1/alerts", (c) => {
    const project = c.get("project");
    return answer(c, store, project.id, now(), async (range) => {
      const alerts = await alertsAsOf(store, project, range);
      onAlerts(project.id, alerts);
      const traits = await traitsOf(store, project.id, range, [...new Set(alerts.map((a) => a.accountId))]);
      return { asOf: range.to, settings: analyticsSettings(project).alerts, alerts: alerts.map((a) => ({ ...a, traits: traits.get(a.accountId) ?? {} })) };
    });
  });

  app.get("/v1/renewals", (c) => {
    const projectId = c.get("project").id;
    return answer(c, store, projectId, now(), async (range) => {
      const [history, accounts] = await Promise.all([
        store.accountOutcomes(projectId, { ...range, from: "1970-01-01" }),
        store.accountProfiles(projectId, range, { traits: false, users: false }),
      ]);
      const from = dayNumber(range.from);
      const to = dayNumber(range.to);
      const series = renewalSeries(history, accounts, buckets(from, to, range.interval), range.tz);
      const total = renewalSeries(history, accounts, [{ date: range.from, first: from, last: to }], range.tz)[0];
      const { date: _date, ...totals } = total;
      return { ...totals, series };
    });
  });

  app.get("/v1/settings/analytics", (c) => c.json(analyticsSettings(c.get("project"))));

  app.put("/v1/settings/analytics", async (c) => {
    const project = c.get("project");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "body is not valid JSON" }, 400);
    }
    const parsed = ZAnalyticsSettings.safeParse(body);
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
    await store.saveProjectSettings(project.id, { ...project.settings, analytics: parsed.data });
    return c.json(parsed.data);
  });

  return app;
}

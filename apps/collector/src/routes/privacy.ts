/**
 * Privacy routes, behind the secret key: the project's privacy settings, one user's erase and export
 * (LGPD art. 18, GDPR art. 17 and 20), and the counters of events dropped on purpose.
 */
import { Hono } from "hono";
import { ZPrivacySettings, fieldErrors } from "@uptake/schema";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import { identitySecret, privacySettings } from "../privacy/settings.ts";
import type { ProjectCache } from "../projects.ts";
import type { EventStore } from "../store/types.ts";
import { parseRange } from "./range.ts";

export function privacyRoutes({ store, projects, now }: { store: EventStore; projects: ProjectCache; now: () => number }) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  for (const path of ["/v1/settings/privacy", "/v1/users/*", "/v1/drops"]) app.use(path, auth);

  app.get("/v1/settings/privacy", (c) => {
    const project = c.get("project");
    return c.json({ ...privacySettings(project), identitySecretSet: identitySecret(project) != null });
  });

  app.put("/v1/settings/privacy", async (c) => {
    const project = c.get("project");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "body must be a JSON object" }, 400);
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) return c.json({ error: "body must be a JSON object" }, 400);
    // A partial body changes only what it names.
    const parsed = ZPrivacySettings.safeParse({ ...privacySettings(project), ...body });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400);
    }
    if (parsed.data.requireSignedIdentity && !identitySecret(project)) {
      return c.json({ error: "create an identity secret first: POST /v1/keys/identity/rotate" }, 409);
    }
    await store.saveProjectSettings(project.id, { ...project.settings, privacy: parsed.data });
    projects.forget();
    return c.json({ ...parsed.data, identitySecretSet: identitySecret(project) != null });
  });

  app.delete("/v1/users/:id", async (c) => {
    const erased = await store.eraseUser(c.get("project").id, c.req.param("id"));
    return c.json({ userId: c.req.param("id"), erased });
  });

  app.get("/v1/users/:id/export", async (c) => {
    const events = await store.exportUser(c.get("project").id, c.req.param("id"));
    c.header("Content-Disposition", `attachment; filename="uptake-user-export.json"`);
    return c.json({ userId: c.req.param("id"), exportedAt: new Date(now()).toISOString(), events });
  });

  app.get("/v1/drops", async (c) => {
    // The same range rules as every query route: ISO days, from ≤ to, the last 30 days by default (UTC days here).
    const range = parseRange(c, now());
    if (!range.ok) return range.response;
    const { from, to } = range.range;
    const drops = await store.dropCounts(c.get("project").id, from, to);
    const totals: Record<string, number> = {};
    for (const d of drops) totals[d.reason] = (totals[d.reason] ?? 0) + d.count;
    return c.json({ from, to, totals, drops });
  });

  return app;
}

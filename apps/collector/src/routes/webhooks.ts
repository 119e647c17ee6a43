/** `/v1/webhooks`: list, create and delete the project's webhook subscriptions (secret key). */
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { ZWebhookInput } from "@uptake/schema";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";

export function webhookRoutes({ store, now }: { store: EventStore; now: () => number }) {
  const app = new Hono<SecretEnv>();
  app.use("/v1/webhooks", secretAuth(store));
  app.use("/v1/webhooks/*", secretAuth(store));

  // The signing secret is shown once, at creation; listings hide it like a password.
  app.get("/v1/webhooks", async (c) => {
    const hooks = await store.listWebhooks(c.get("project").id);
    return c.json({ webhooks: hooks.map(({ secret: _secret, ...h }) => ({ ...h, createdAt: new Date(h.createdAt).toISOString() })) });
  });

  app.post("/v1/webhooks", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "body is not valid JSON" }, 400);
    }
    const parsed = ZWebhookInput.safeParse(body);
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, 400);
    const hook = {
      id: `wh_${randomBytes(9).toString("base64url")}`,
      url: parsed.data.url,
      secret: parsed.data.secret ?? `whsec_${randomBytes(24).toString("base64url")}`,
      events: [...new Set(parsed.data.events)],
      createdAt: now(),
    };
    await store.createWebhook(c.get("project").id, hook);
    return c.json({ ...hook, createdAt: new Date(hook.createdAt).toISOString() }, 201);
  });

  app.delete("/v1/webhooks/:id", async (c) => {
    const gone = await store.deleteWebhook(c.get("project").id, c.req.param("id"));
    return gone ? c.body(null, 204) : c.json({ error: "no such webhook" }, 404);
  });

  return app;
}

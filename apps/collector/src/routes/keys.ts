/**
 * `/v1/keys`, behind the secret key: rotate the write key (the previous one keeps working for a grace
 * period, default 7 days, or until revoked), the secret key (the old one stops at once: the caller holds
 * the new one in this very answer) and the identity secret that signs user ids. Data stays where it is:
 * keys point at the project, events belong to the project.
 */
import { Hono } from "hono";
import { randomBytes } from "node:crypto";
import { ZWriteKeyRotation, fieldErrors } from "@uptake/schema";
import { generateKey, hashSecret } from "../keys.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import { identitySecret } from "../privacy/settings.ts";
import type { ProjectCache } from "../projects.ts";
import type { EventStore } from "../store/types.ts";

export function keyRoutes({ store, projects, now }: { store: EventStore; projects: ProjectCache; now: () => number }) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  app.use("/v1/keys", auth);
  app.use("/v1/keys/*", auth);

  const keysOf = async (projectId: string, writeKey: string) => ({
    writeKey,
    retiredWriteKeys: (await store.retiredWriteKeys(projectId, now())).map((k) => ({ ...k, expiresAt: new Date(k.expiresAt).toISOString() })),
  });

  app.get("/v1/keys", async (c) => {
    const project = c.get("project");
    return c.json({ ...(await keysOf(project.id, project.writeKey)), identitySecretSet: identitySecret(project) != null });
  });

  app.post("/v1/keys/write/rotate", async (c) => {
    const text = await c.req.text();
    let body: unknown = {};
    try {
      if (text.trim()) body = JSON.parse(text);
    } catch {
      return c.json({ error: "body must be JSON" }, 400);
    }
    const parsed = ZWriteKeyRotation.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400);
    }
    const project = c.get("project");
    const writeKey = generateKey("wk");
    await store.rotateWriteKey(project.id, writeKey, now() + parsed.data.graceSeconds * 1000);
    projects.forget();
    return c.json(await keysOf(project.id, writeKey));
  });

  app.delete("/v1/keys/write/:key", async (c) => {
    const project = c.get("project");
    if (!(await store.revokeWriteKey(project.id, c.req.param("key")))) return c.json({ error: "not a retired write key of this project" }, 404);
    projects.forget();
    return c.json(await keysOf(project.id, project.writeKey));
  });

  app.post("/v1/keys/secret/rotate", async (c) => {
    const secretKey = generateKey("sk");
    await store.rotateSecretKey(c.get("project").id, hashSecret(secretKey));
    return c.json({ secretKey });
  });

  app.post("/v1/keys/identity/rotate", async (c) => {
    const project = c.get("project");
    const secret = `is_${randomBytes(32).toString("base64url")}`;
    await store.saveProjectSettings(project.id, { ...project.settings, identitySecret: secret });
    projects.forget();
    return c.json({ identitySecret: secret });
  });

  return app;
}

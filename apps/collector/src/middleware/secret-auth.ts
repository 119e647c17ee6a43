/** `Authorization: Bearer <secret key>` on every read and admin route. */
import type { MiddlewareHandler } from "hono";
import { hashSecret, safeEqual } from "../keys.ts";
import type { EventStore, Project } from "../store/types.ts";

export type SecretEnv = { Variables: { project: Project } };

export function secretAuth(store: EventStore): MiddlewareHandler<SecretEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const key = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (!key) return c.json({ error: "missing secret key: send Authorization: Bearer <secret key>" }, 401);
    const hash = hashSecret(key);
    const project = await store.projectBySecretHash(hash);
    if (!project || !safeEqual(project.secretKeyHash, hash)) return c.json({ error: "unknown secret key" }, 401);
    c.set("project", project);
    await next();
  };
}

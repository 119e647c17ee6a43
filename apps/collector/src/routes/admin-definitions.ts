/**
 * Admin CRUD for one kind of widget definition (surveys, checklists), behind the secret key:
 * list, create, read, replace, patch, and archive (definitions are never deleted: answers refer to them).
 */
import { Hono, type Context } from "hono";
import type { z } from "zod";
import { fieldErrors } from "@uptake/schema";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";
import type { StoredDefinition } from "../store/widget-types.ts";

type Deps = {
  store: EventStore;
  now: () => number;
  kind: "survey" | "checklist";
  /** `/v1/surveys` */
  path: string;
  schema: z.ZodType<{ id: string }>;
};

/** What the admin API shows for a stored definition. */
export function present(def: StoredDefinition) {
  return {
    ...def.body,
    status: def.archived ? ("archived" as const) : ("active" as const),
    createdAt: new Date(def.createdAt).toISOString(),
    updatedAt: new Date(def.updatedAt).toISOString(),
  };
}

export function definitionRoutes({ store, now, kind, path, schema }: Deps) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  const noun = kind === "survey" ? "survey" : "checklist";

  const invalid = (c: Context, error: z.ZodError) => {
    const errors = fieldErrors(error);
    return c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400);
  };
  const readJson = async (c: Context): Promise<Record<string, unknown> | null> => {
    try {
      const body: unknown = await c.req.json();
      return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const notJson = (c: Context) => c.json({ error: "body must be a JSON object" }, 400);
  const missing = (c: Context, id: string) => c.json({ error: `no ${noun} with id "${id}"` }, 404);
  const statusOf = (body: Record<string, unknown>) => {
    const { status, createdAt: _c, updatedAt: _u, ...rest } = body;
    if (status !== undefined && status !== "active" && status !== "archived") return { error: true as const };
    return { rest, archived: status === undefined ? undefined : status === "archived" };
  };

  app.get(path, auth, async (c) => {
    const status = c.req.query("status");
    if (status !== undefined && status !== "active" && status !== "archived") {
      return c.json({ error: 'status must be "active" or "archived"' }, 400);
    }
    const defs = await store.listDefinitions(c.get("project").id, kind, status ? { archived: status === "archived" } : {});
    return c.json({ [`${noun}s`]: defs.map(present) });
  });

  app.post(path, auth, async (c) => {
    const body = await readJson(c);
    if (!body) return notJson(c);
    const parsed = schema.safeParse(body);
    if (!parsed.success) return invalid(c, parsed.error);
    const projectId = c.get("project").id;
    if (await store.getDefinition(projectId, kind, parsed.data.id)) {
      return c.json({ error: `a ${noun} with id "${parsed.data.id}" exists: PUT or PATCH ${path}/${parsed.data.id}` }, 409);
    }
    const saved = await store.putDefinition(projectId, { kind, id: parsed.data.id, body: parsed.data, now: now() });
    return c.json(present(saved), 201);
  });

  app.get(`${path}/:id`, auth, async (c) => {
    const def = await store.getDefinition(c.get("project").id, kind, c.req.param("id"));
    return def ? c.json(present(def)) : missing(c, c.req.param("id"));
  });

  app.put(`${path}/:id`, auth, async (c) => {
    const body = await readJson(c);
    if (!body) return notJson(c);
    const id = c.req.param("id");
    const s = statusOf({ ...body, id: body.id ?? id });
    if ("error" in s) return c.json({ error: 'status must be "active" or "archived"' }, 400);
    const parsed = schema.safeParse(s.rest);
    if (!parsed.success) return invalid(c, parsed.error);
    if (parsed.data.id !== id) return c.json({ error: `id in the body ("${parsed.data.id}") is not "${id}"` }, 400);
    const projectId = c.get("project").id;
    const existed = await store.getDefinition(projectId, kind, id);
    const saved = await store.putDefinition(projectId, { kind, id, body: parsed.data, archived: s.archived, now: now() });
    return c.json(present(saved), existed ? 200 : 201);
  });

  app.patch(`${path}/:id`, auth, async (c) => {
    const body = await readJson(c);
    if (!body) return notJson(c);
    const id = c.req.param("id");
    const projectId = c.get("project").id;
    const current = await store.getDefinition(projectId, kind, id);
    if (!current) return missing(c, id);
    const s = statusOf(body);
    if ("error" in s) return c.json({ error: 'status must be "active" or "archived"' }, 400);
    const parsed = schema.safeParse({ ...current.body, ...s.rest, id });
    if (!parsed.success) return invalid(c, parsed.error);
    const saved = await store.putDefinition(projectId, { kind, id, body: parsed.data, archived: s.archived, now: now() });
    return c.json(present(saved));
  });

  app.delete(`${path}/:id`, auth, async (c) => {
    const id = c.req.param("id");
    const projectId = c.get("project").id;
    const current = await store.getDefinition(projectId, kind, id);
    if (!current) return missing(c, id);
    const saved = await store.putDefinition(projectId, { kind, id, body: current.body, archived: true, now: now() });
    return c.json(present(saved));
  });

  return app;
}

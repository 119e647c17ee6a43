/** Survey results (NPS/CSAT, responses with comments, CSV export) and checklist funnels, behind the secret key. */
import { Hono } from "hono";
import { ZPageParams } from "@uptake/schema";
import { buckets } from "../analytics/buckets.ts";
import { checklistFunnel } from "../analytics/checklists.ts";
import { responsesCsv, surveyResults } from "../analytics/surveys.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { EventStore } from "../store/types.ts";
import { dayNumber } from "../time.ts";
import { answer, parseQuery } from "./answer.ts";
import { parseRange } from "./range.ts";

export function resultRoutes({ store, now }: { store: EventStore; now: () => number }) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  app.use("/v1/surveys/:id/results", auth);
  app.use("/v1/surveys/:id/responses", auth);
  app.use("/v1/surveys/:id/responses.csv", auth);
  app.use("/v1/checklists/:id/funnel", auth);

  app.get("/v1/surveys/:id/results", (c) => {
    const projectId = c.get("project").id;
    const id = c.req.param("id");
    return answer(c, store, projectId, now(), async (range) => {
      const events = await store.surveyEvents(projectId, range, id);
      return { surveyId: id, ...surveyResults(events, buckets(dayNumber(range.from), dayNumber(range.to), range.interval)) };
    });
  });

  app.get("/v1/surveys/:id/responses", async (c) => {
    const r = parseRange(c, now());
    if (!r.ok) return r.response;
    const p = parseQuery(c, ZPageParams);
    if (!p.ok) return p.response;
    const { page, limit, comments } = p.value;
    const events = await store.surveyEvents(c.get("project").id, r.range, c.req.param("id"));
    const list = comments === "only" ? events.responses.filter((x) => x.comment != null) : events.responses;
    const responses = list.slice((page - 1) * limit, page * limit).map((x) => ({
      timestamp: new Date(x.timestamp).toISOString(), user: x.actor, account: x.accountId, kind: x.kind, score: x.score, scale: x.scale, comment: x.comment,
    }));
    return c.json({ total: list.length, page, limit, pages: Math.ceil(list.length / limit), responses });
  });

  app.get("/v1/surveys/:id/responses.csv", async (c) => {
    const r = parseRange(c, now());
    if (!r.ok) return r.response;
    const id = c.req.param("id");
    const events = await store.surveyEvents(c.get("project").id, r.range, id);
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="survey-${id.replace(/[^A-Za-z0-9_-]/g, "_")}-responses.csv"`);
    return c.body(responsesCsv(events.responses));
  });

  app.get("/v1/checklists/:id/funnel", (c) => {
    const projectId = c.get("project").id;
    const id = c.req.param("id");
    return answer(c, store, projectId, now(), async (range) => ({ checklistId: id, ...checklistFunnel(await store.checklistEvents(projectId, range, id)) }));
  });

  return app;
}

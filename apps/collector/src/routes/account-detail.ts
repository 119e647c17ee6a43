/**
 * GET /v1/accounts/:id — one account over the range: its health as in the accounts list, its people, the
 * features it used, its survey answers and its checklist progress. The whole account, whatever `segment=`.
 */
import { Hono } from "hono";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { ChecklistEvent, SurveyResponse } from "../store/analytics-types.ts";
import type { EventStore } from "../store/types.ts";
import { accountRows, traitsOf } from "./account-data.ts";
import { parseRange } from "./range.ts";

const iso = (ms: number) => new Date(ms).toISOString();

/** Per checklist: the items anyone under the account completed, and whether anyone completed it all. */
export function checklistProgress(events: ChecklistEvent[]) {
  const out = new Map<string, { items: Set<string>; completed: boolean }>();
  for (const e of events) {
    const c = out.get(e.checklistId) ?? { items: new Set<string>(), completed: false };
    out.set(e.checklistId, c);
    if (e.itemId == null) c.completed = true;
    else c.items.add(e.itemId);
  }
  return [...out]
    .map(([checklistId, c]) => ({ checklistId, completedItems: [...c.items].sort(), completed: c.completed }))
    .sort((a, b) => a.checklistId.localeCompare(b.checklistId));
}

const surveyAnswer = (r: SurveyResponse) => ({
  surveyId: r.surveyId, kind: r.kind, score: r.score, comment: r.comment, actor: r.actor, timestamp: iso(r.timestamp),
});

export function accountDetailRoutes({ store, now }: { store: EventStore; now: () => number }) {
  const app = new Hono<SecretEnv>();
  app.use("/v1/accounts/:id", secretAuth(store));

  app.get("/v1/accounts/:id", async (c) => {
    const project = c.get("project");
    const id = c.req.param("id");
    const parsed = parseRange(c, now());
    if (!parsed.ok) return parsed.response;
    const { segment: _segment, ...whole } = parsed.range;
    const range = { ...whole, account: id };
    const [rows, traits, activity, surveys, checklists] = await Promise.all([
      accountRows(store, project, range),
      traitsOf(store, project.id, range, [id]),
      store.accountActivity(project.id, id, whole),
      store.surveyEvents(project.id, range),
      store.checklistEvents(project.id, range),
    ]);
    const row = rows.find((r) => r.id === id);
    if (!row) return c.json({ error: `no account ${id} in this project` }, 404);
    return c.json({
      id, traits: traits.get(id) ?? {}, health: row.health, parts: row.parts, trend: row.trend, alerts: row.alerts,
      users: activity.users
        .map((u) => ({ id: u.actor, traits: u.traits, lastSeen: iso(u.lastSeen), logins: u.logins, events: u.events }))
        .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)),
      features: activity.features
        .map((f) => ({ feature: f.feature, uses: f.uses, users: f.users, lastUsed: iso(f.lastUsed) }))
        .sort((a, b) => b.uses - a.uses || a.feature.localeCompare(b.feature)),
      surveys: surveys.responses.filter((r) => r.accountId === id).map(surveyAnswer),
      checklists: checklistProgress(checklists.filter((e) => e.accountId === id)),
    });
  });

  return app;
}

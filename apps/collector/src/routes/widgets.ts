/**
 * `GET /v1/widgets`: the surveys and checklists one user may see now, for the SDK (public with the write
 * key, CORS like ingest); and `GET/PUT /v1/widgets/settings`: the project's theme, placement and survey
 * pacing, behind the secret key.
 */
import { Hono, type Context } from "hono";
import {
  ZChecklistInput, ZSurveyInput, ZWidgetSettings, ZWidgetsQuery, fieldErrors,
  type TChecklistPayload, type TSurveyPayload, type TWidgetSettings,
} from "@uptake/schema";
import { checklistMatchers, checklistProgress } from "../checklists/progress.ts";
import type { CollectorConfig } from "../config.ts";
import { originAllowed, setCorsHeaders } from "../middleware/origin.ts";
import { createLimiter } from "../middleware/rate-limit.ts";
import { verifiedIdentity } from "../privacy/identity.ts";
import { secretAuth, type SecretEnv } from "../middleware/secret-auth.ts";
import type { ProjectCache } from "../projects.ts";
import { StoreUnavailableError, type EventStore } from "../store/types.ts";
import type { StoredDefinition } from "../store/widget-types.ts";
import { audienceVerdict } from "../targeting/audience.ts";
import { checklistPayload, surveyPayload } from "../targeting/payload.ts";
import { eligibleSurveys, type SurveyCandidate } from "../targeting/surveys.ts";

export type WidgetDeps = { store: EventStore; projects: ProjectCache; config: CollectorConfig; now: () => number };

const SETTINGS_ID = "project";

async function readSettings(store: EventStore, projectId: string): Promise<TWidgetSettings> {
  const saved = await store.getDefinition(projectId, "settings", SETTINGS_ID);
  const parsed = ZWidgetSettings.safeParse(saved?.body ?? {});
  return parsed.success ? parsed.data : ZWidgetSettings.parse({});
}

/** Saved bodies are validated on the way out too: a definition the schema no longer accepts is skipped, not served. */
function surveysOf(defs: StoredDefinition[]): SurveyCandidate[] {
  return defs.flatMap((d) => {
    const parsed = ZSurveyInput.safeParse(d.body);
    return parsed.success ? [{ id: d.id, archived: d.archived, definition: parsed.data }] : [];
  });
}

export function widgetRoutes({ store, projects, config, now }: WidgetDeps) {
  const app = new Hono<SecretEnv>();
  const auth = secretAuth(store);
  // Each answer reads several rows per user: a write key's budget keeps one page in a loop from costing the store.
  const perKey = createLimiter(config.rateLimit.perKey, now);

  app.get("/v1/widgets/settings", auth, async (c) => c.json(await readSettings(store, c.get("project").id)));

  app.put("/v1/widgets/settings", auth, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "body must be a JSON object" }, 400);
    }
    const parsed = ZWidgetSettings.safeParse(body);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400);
    }
    await store.putDefinition(c.get("project").id, { kind: "settings", id: SETTINGS_ID, body: parsed.data, now: now() });
    return c.json(parsed.data);
  });

  app.get("/v1/widgets", async (c) => {
    setCorsHeaders(c, config.allowedOrigins);
    // Per user and changing with every answer: never cached by the browser or a proxy.
    c.header("Cache-Control", "no-store");
    const parsed = ZWidgetsQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400);
    }
    const q = parsed.data;
    const project = await projects.byWriteKey(q.writeKey);
    if (!project) return c.json({ error: "unknown write key" }, 401);
    if (!originAllowed(c.req.header("origin"), config.allowedOrigins)) {
      return c.json({ error: `origin ${c.req.header("origin")} is not allowed` }, 403);
    }
    const wait = perKey.take(q.writeKey);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.json({ error: "rate limited" }, 429);
    }
    try {
      // In a project that requires signed identities, an unsigned userId reads nothing of that user's.
      const ids = verifiedIdentity(project, { userId: q.userId, anonymousId: q.anonymousId, signature: c.req.query("userSignature") });
      return c.json(await answer(project.id, { ...q, userId: ids.userId ?? undefined, anonymousId: ids.anonymousId ?? undefined }));
    } catch (err) {
      return unavailable(c, err);
    }
  });

  async function answer(projectId: string, q: ReturnType<typeof ZWidgetsQuery.parse>) {
    const locale = q.locale ?? "en";
    const [settings, surveyDefs, checklistDefs, profile] = await Promise.all([
      readSettings(store, projectId),
      store.listDefinitions(projectId, "survey"),
      store.listDefinitions(projectId, "checklist", { archived: false }),
      store.widgetProfile(projectId, { userId: q.userId, anonymousId: q.anonymousId }),
    ]);
    const history = await store.surveyHistory(projectId, profile.actor);
    const candidates = surveysOf(surveyDefs);
    const surveys: TSurveyPayload[] = eligibleSurveys(candidates, { profile, history, settings, now: now() })
      .filter((s) => s.id !== q.survey)
      .map((s) => surveyPayload(s.definition, locale, settings.placement));
    const forced = candidates.find((s) => s.id === q.survey && !s.archived);
    if (forced) surveys.unshift(surveyPayload(forced.definition, locale, settings.placement, true));

    const checklists: TChecklistPayload[] = [];
    for (const d of checklistDefs) {
      const parsed = ZChecklistInput.safeParse(d.body);
      if (!parsed.success || audienceVerdict(parsed.data.audience, profile, d.id) !== "ok") continue;
      const matches = await store.eventMatches(projectId, {
        actor: profile.actor, accountId: profile.accountId, matchers: checklistMatchers(parsed.data),
      });
      checklists.push(checklistPayload(parsed.data, checklistProgress(parsed.data, matches), locale, settings.placement));
    }
    return { locale, theme: settings.theme, surveys, checklists };
  }

  return app;
}

function unavailable(c: Context, err: unknown) {
  if (!(err instanceof StoreUnavailableError)) throw err;
  c.header("Retry-After", "5");
  return c.json({ error: "store unavailable, retry later" }, 503);
}

/** The SQLite engine of the WidgetStore: definitions in one table, widget state read from stored events. */
import type Database from "better-sqlite3";
import type { EventMatcher, MatchResult, StoredDefinition, SurveyHistory, WidgetKind, WidgetStore } from "../widget-types.ts";

type Guard = <T>(fn: () => T) => Promise<T>;

type DefinitionRow = {
  kind: WidgetKind; id: string; body: string; archived: number; created_at: number; updated_at: number;
};

const SURVEY_EVENTS = ["Survey Shown", "Survey Responded", "Survey Dismissed"];

export function createSqliteWidgetStore(db: Database.Database, guard: Guard): WidgetStore {
  const st = {
    put: db.prepare(
      `INSERT INTO widget_definitions (project_id, kind, id, body, archived, created_at, updated_at)
       VALUES (@projectId, @kind, @id, @body, COALESCE(@archived, 0), @now, @now)
       ON CONFLICT DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at,
         archived = COALESCE(@archived, archived)`,
    ),
    get: db.prepare("SELECT * FROM widget_definitions WHERE project_id = ? AND kind = ? AND id = ?"),
    list: db.prepare(
      `SELECT * FROM widget_definitions WHERE project_id = ? AND kind = ? AND (? IS NULL OR archived = ?)
       ORDER BY created_at, id`,
    ),
    identity: db.prepare("SELECT user_id FROM identities WHERE project_id = ? AND anonymous_id = ?").pluck(),
    user: db.prepare("SELECT traits, account_id, first_seen FROM users WHERE project_id = ? AND actor = ?"),
    account: db.prepare("SELECT traits FROM accounts WHERE project_id = ? AND account_id = ?").pluck(),
    history: db.prepare(
      `SELECT json_extract(properties, '$.survey_id') AS survey_id, event,
              COALESCE(json_extract(properties, '$.snooze'), 0) AS snooze, COUNT(*) AS n, MAX(ts) AS at
       FROM events WHERE project_id = ? AND actor = ? AND event IN (${SURVEY_EVENTS.map(() => "?").join(",")})
         AND json_extract(properties, '$.survey_id') IS NOT NULL
       GROUP BY 1, 2, 3`,
    ),
  };

  const toDefinition = (r: DefinitionRow): StoredDefinition => ({
    kind: r.kind, id: r.id, body: JSON.parse(r.body), archived: r.archived === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  });

  /**
   * When the actor, and anyone filed under the account (the actor's own events under any account included),
   * last did `m.event` with its properties: one read through the actor's index and one through the account's.
   */
  function matchOne(projectId: string, actor: string, accountId: string | null, m: EventMatcher): MatchResult {
    const where = Object.entries(m.where ?? {});
    // Booleans are stored as JSON true/false, which json_extract returns as 1/0.
    const props = where.map(() => " AND json_extract(properties, ?) = ?").join("");
    const params = where.flatMap(([k, v]) => [`$."${k}"`, typeof v === "boolean" ? Number(v) : v]);
    const latest = (index: string, column: string, id: string) =>
      db.prepare(`SELECT MAX(ts) FROM events INDEXED BY ${index} WHERE project_id = ? AND ${column} = ? AND event = ?${props}`)
        .pluck().get(projectId, id, m.event, ...params) as number | null;
    const userAt = latest("events_by_actor", "actor", actor);
    if (accountId == null) return { key: m.key, userAt, accountAt: null };
    const accountAt = latest("events_by_account", "account_id", accountId);
    return { key: m.key, userAt, accountAt: accountAt == null ? userAt : userAt == null ? accountAt : Math.max(userAt, accountAt) };
  }

  return {
    putDefinition: (projectId, def) =>
      guard(() => {
        const archived = def.archived === undefined ? null : Number(def.archived);
        st.put.run({ projectId, kind: def.kind, id: def.id, body: JSON.stringify(def.body), archived, now: def.now });
        return toDefinition(st.get.get(projectId, def.kind, def.id) as DefinitionRow);
      }),
    getDefinition: (projectId, kind, id) =>
      guard(() => {
        const row = st.get.get(projectId, kind, id) as DefinitionRow | undefined;
        return row ? toDefinition(row) : null;
      }),
    listDefinitions: (projectId, kind, opts = {}) =>
      guard(() => {
        const archived = opts.archived === undefined ? null : Number(opts.archived);
        return (st.list.all(projectId, kind, archived, archived) as DefinitionRow[]).map(toDefinition);
      }),
    widgetProfile: (projectId, ids) =>
      guard(() => {
        const actor =
          ids.userId ?? ((st.identity.get(projectId, ids.anonymousId) as string | undefined) ?? ids.anonymousId ?? "");
        const user = st.user.get(projectId, actor) as { traits: string; account_id: string | null; first_seen: number } | undefined;
        const accountId = user?.account_id ?? null;
        const accountTraits = accountId == null ? undefined : (st.account.get(projectId, accountId) as string | undefined);
        return {
          actor,
          traits: user ? JSON.parse(user.traits) : {},
          accountId,
          accountTraits: accountTraits ? JSON.parse(accountTraits) : {},
          firstSeen: user?.first_seen ?? null,
        };
      }),
    surveyHistory: (projectId, actor) =>
      guard(() => {
        const rows = st.history.all(projectId, actor, ...SURVEY_EVENTS) as {
          survey_id: unknown; event: string; snooze: number; n: number; at: number;
        }[];
        const bySurvey = new Map<string, SurveyHistory>();
        for (const r of rows) {
          const surveyId = String(r.survey_id);
          const h = bySurvey.get(surveyId) ?? {
            surveyId, shown: 0, lastShownAt: null, lastRespondedAt: null, lastDismissedAt: null, lastSnoozedAt: null,
          };
          if (r.event === "Survey Shown") {
            h.shown += r.n;
            h.lastShownAt = Math.max(h.lastShownAt ?? r.at, r.at);
          } else if (r.event === "Survey Responded") h.lastRespondedAt = Math.max(h.lastRespondedAt ?? r.at, r.at);
          else if (r.snooze === 1) h.lastSnoozedAt = Math.max(h.lastSnoozedAt ?? r.at, r.at);
          else h.lastDismissedAt = Math.max(h.lastDismissedAt ?? r.at, r.at);
          bySurvey.set(surveyId, h);
        }
        return [...bySurvey.values()];
      }),
    eventMatches: (projectId, q) => guard(() => q.matchers.map((m) => matchOne(projectId, q.actor, q.accountId, m))),
  };
}

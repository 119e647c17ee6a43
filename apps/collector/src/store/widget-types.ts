/**
 * The WidgetStore interface: survey and checklist definitions, and the per-user facts that targeting and
 * checklist progress are decided from. Every engine answers with plain data; the rules live in targeting/
 * and checklists/, never in an engine.
 *
 * Shared semantics, identical in every engine:
 * - The actor is the resolved person: the userId, or the anonymous id until identified (then merged).
 * - Widget state is not kept apart: it is read from the `Survey Shown`, `Survey Dismissed` (`snooze: true`
 *   for "Ask me later") and `Survey Responded` events, keyed by `properties.survey_id`, so it holds across
 *   devices, browsers and cleared storage.
 * - Definition bodies are stored as given (JSON objects) and validated by the routes when read back.
 * - Times are ms since epoch.
 */

export type WidgetKind = "survey" | "checklist" | "settings";

export type StoredDefinition = {
  kind: WidgetKind;
  id: string;
  body: Record<string, unknown>;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
};

/** Who is asking: the resolved actor, their current traits and account, and when they were first seen. */
export type WidgetProfile = {
  actor: string;
  traits: Record<string, unknown>;
  accountId: string | null;
  accountTraits: Record<string, unknown>;
  /** null when the collector has no event of this actor yet. */
  firstSeen: number | null;
};

/** One survey as one actor has met it. */
export type SurveyHistory = {
  surveyId: string;
  /** `Survey Shown` events. */
  shown: number;
  lastShownAt: number | null;
  lastRespondedAt: number | null;
  /** Latest `Survey Dismissed` without `snooze: true`. */
  lastDismissedAt: number | null;
  /** Latest `Survey Dismissed` with `snooze: true`. */
  lastSnoozedAt: number | null;
};

/**
 * An event to look for: `event` with every `where` property equal (strings, numbers; booleans as JSON
 * booleans). `key` is the caller's name for the answer.
 */
export type EventMatcher = { key: string; event: string; where?: Record<string, string | number | boolean> };

/** When a matcher last matched: by the actor, and by anyone whose event is filed under the account (the actor included). */
export type MatchResult = { key: string; userAt: number | null; accountAt: number | null };

export interface WidgetStore {
  /**
   * Creates or replaces a definition. `createdAt` is kept from the first save; `archived` is kept unless given.
   * @example await store.putDefinition("default", { kind: "survey", id: "nps", body, now: Date.now() })
   */
  putDefinition(
    projectId: string,
    def: { kind: WidgetKind; id: string; body: Record<string, unknown>; archived?: boolean; now: number },
  ): Promise<StoredDefinition>;
  getDefinition(projectId: string, kind: WidgetKind, id: string): Promise<StoredDefinition | null>;
  /** Oldest first (creation order is the priority among surveys). `archived` filters; absent lists all. */
  listDefinitions(projectId: string, kind: WidgetKind, opts?: { archived?: boolean }): Promise<StoredDefinition[]>;

  /** Resolves `userId` (else `anonymousId`, through identities) to the actor and reads their profile. */
  widgetProfile(projectId: string, ids: { userId?: string; anonymousId?: string }): Promise<WidgetProfile>;
  /** One row per survey the actor has any survey event for. */
  surveyHistory(projectId: string, actor: string): Promise<SurveyHistory[]>;
  /** One result per matcher, in order; `accountAt` is null when `accountId` is null. */
  eventMatches(
    projectId: string,
    q: { actor: string; accountId: string | null; matchers: EventMatcher[] },
  ): Promise<MatchResult[]>;
}

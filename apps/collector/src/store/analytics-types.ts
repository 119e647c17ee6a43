/**
 * The AnalyticsStore interface: the questions of the query API (contract §6) asked at the level of the
 * question, so each engine answers from its own rollups and the pure math stays in analytics/.
 *
 * Shared semantics, identical in every engine:
 * - Days are calendar days in `q.tz` (IANA); `from`/`to` are inclusive. Buckets are `interval` days, ISO weeks
 *   starting Monday, or calendar months, clipped to [from, to]; a bucket's `date` is its first day in range.
 * - The actor is the resolved person (userId, or anonymous id until identified; merged once identified).
 * - An event's account is the account stored with the event (context.groupId, else the user's last group).
 * - `segment` keeps actors whose *current* profile matches: a user trait, or a trait of the account the
 *   user belongs to now (users.account_id). Account-level answers keep accounts with a matching trait when
 *   the segment is an account trait, and accounts with at least one matching actor when it is a user trait.
 * - Counts are exact (no sampling, no approximate distinct).
 */
import type { Interval, RangeQuery } from "./types.ts";

export type BucketQuery = RangeQuery & { interval: Interval };

/**
 * For each day in [from, to] and each gap g in 1..30, how many actors were active that day whose previous
 * active day (any time before, not only in range) was g days earlier; g = 30 means 30 days or more, or never.
 */
export type ActivityGap = { day: string; gap: number; actors: number };

export type LoginFrequency = { logins: number; actors: number };

export type LoginStats = {
  /** Per bucket: `Signed In` events, and distinct actors with at least one. Empty buckets are included. */
  series: { date: string; logins: number; users: number }[];
  /**
   * Login frequency: for each count n, how many actors signed in exactly n times in range (n >= 1), by n
   * ascending. Only the distribution is asked for, so no per-actor row has to leave the store.
   */
  actorsByLogins: LoginFrequency[];
  /** Per account with any activity in range: `Signed In` events filed under it, and its distinct active actors. */
  perAccount: { accountId: string; logins: number; activeUsers: number }[];
};

export type FeatureUsage = {
  /** Per feature used in range: distinct actors, distinct accounts (of the events), `Feature Used` events. */
  totals: { feature: string; users: number; accounts: number; uses: number }[];
  /** Per feature and bucket with at least one use: distinct actors and uses in that bucket. */
  series: { feature: string; date: string; users: number; uses: number }[];
};

/** Distinct actors and distinct accounts with any event in range. */
export type ActiveTotals = { users: number; accounts: number };

/**
 * One account's activity in each window asked, indexed as the windows (0 in a window where it had no event):
 * distinct active actors, events, `Signed In` events and `Feature Used` events. Columns per account rather than
 * a row per account and window: the accounts list asks 32 windows of each of 23 k accounts over 100 M events,
 * 740 k rows to make and collect (alerts on ClickHouse went from 1.29 s to 1.16-1.23 s without them).
 */
export type AccountWindows = { accountId: string; users: number[]; events: number[]; logins: number[]; uses: number[] };

/** Per account and feature used in range: `Feature Used` events filed under that account. */
export type AccountFeatureRow = { accountId: string; feature: string; uses: number };

/**
 * How many features each account used in range (accounts with none are absent), and how many features any
 * of them used: AccountFeatureRow counted, for answers that need neither the features' names nor their sums.
 */
export type AccountBreadth = { accounts: { accountId: string; features: number }[]; features: number };

/** Per feature: `Feature Used` events filed under the accounts asked about (AccountFeatureRow summed over them). */
export type FeatureUsesRow = { feature: string; uses: number };

/**
 * Retention raw counts. The cohort of an actor is the bucket of their first active day ever (first seen);
 * only actors first seen in [from, to] count. `period` is how many buckets after the cohort's bucket the
 * actors were active (0 = the cohort's own bucket), up to the bucket of `to`.
 */
export type CohortCell = { cohort: string; period: number; actors: number };

export type SurveyResponse = {
  messageId: string;
  timestamp: number;
  /** The local day of the response in `q.tz`. */
  day: string;
  actor: string;
  accountId: string | null;
  surveyId: string;
  kind: "nps" | "csat";
  /** null when the score was missing or not a finite number. */
  score: number | null;
  /** The CSAT scale (5 or 7) sent with the response; null when absent. */
  scale: number | null;
  comment: string | null;
};

/** One answer's score, as the health score reads it (see AnalyticsStore.surveyScores). */
export type SurveyScore = Pick<SurveyResponse, "kind" | "score" | "scale"> & { accountId: string };

export type SurveyEvents = {
  /** `Survey Shown` events in range, per local day (days without any are absent). */
  shown: { day: string; count: number }[];
  /** `Survey Dismissed` events in range. */
  dismissed: number;
  /** `Survey Responded` events in range, newest first. */
  responses: SurveyResponse[];
};

export type ChecklistEvent = {
  actor: string;
  accountId: string | null;
  checklistId: string;
  /** null for `Checklist Completed`, the item id for `Checklist Item Completed`. */
  itemId: string | null;
  timestamp: number;
  /** The actor's first-seen instant (their earliest event ever), ms. */
  firstSeen: number;
};

export type ChecklistFinishers = { accountId: string; people: number };

export type AccountOutcome = { accountId: string; kind: "renewed" | "churned"; timestamp: number; day: string };

/** What a caller of accountProfiles() needs (see there). */
export type ProfileParts = { traits?: boolean; users?: boolean; accounts?: readonly string[] };

export type AccountProfile = {
  accountId: string;
  traits: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  /** Actors whose current account this is. */
  users: number;
  /** Last `Signed In` of any actor filed under this account, ms; null if never. */
  lastLogin: number | null;
};

/** One person of an account (see AnalyticsStore.accountActivity). */
export type AccountUserActivity = {
  actor: string;
  /** The actor's current traits. */
  traits: Record<string, unknown>;
  /** The instant of the actor's latest event ever, under any account, ms. */
  lastSeen: number;
  /** `Signed In` events filed under this account in range. */
  logins: number;
  /** Events of any kind filed under this account in range. */
  events: number;
};

/** One feature used under an account in range (see AnalyticsStore.accountActivity). */
export type AccountFeatureActivity = { feature: string; uses: number; users: number; lastUsed: number };

export type AccountActivity = { users: AccountUserActivity[]; features: AccountFeatureActivity[] };

/** A window of local days, inclusive. */
export type DayWindow = { from: string; to: string };

export type Webhook = {
  id: string;
  url: string;
  /** The HMAC key deliveries are signed with. */
  secret: string;
  /** Which happenings it receives: `alert.created`, `survey.responded`. */
  events: string[];
  createdAt: number;
};

export type AlertRecord = { accountId: string; reason: string; day: string; firedAt: number };

export interface AnalyticsStore {
  /** See ActivityGap; empty days are absent. */
  activityGaps(projectId: string, q: RangeQuery): Promise<ActivityGap[]>;
  /** See ActiveTotals. */
  activeTotals(projectId: string, q: RangeQuery): Promise<ActiveTotals>;
  /** See LoginStats. */
  loginStats(projectId: string, q: BucketQuery): Promise<LoginStats>;
  /** See FeatureUsage; `feature` keeps one feature only. */
  featureUsage(projectId: string, q: BucketQuery & { feature?: string }): Promise<FeatureUsage>;
  /** See AccountFeatureRow. */
  accountFeatures(projectId: string, q: RangeQuery): Promise<AccountFeatureRow[]>;
  /** See AccountBreadth: accountFeatures' rows counted. */
  accountBreadth(projectId: string, q: RangeQuery): Promise<AccountBreadth>;
  /** See FeatureUsesRow: over every account in range except those of `except`; features left with no use are absent. */
  accountFeatureUses(projectId: string, q: RangeQuery, except: string[]): Promise<FeatureUsesRow[]>;
  /**
   * See AccountWindows: one for each account with any event in any of `windows`, in no particular order.
   * `q.from`/`q.to` are ignored; the windows are the ranges, in `q.tz`.
   */
  accountWindows(projectId: string, q: RangeQuery, windows: DayWindow[]): Promise<AccountWindows[]>;
  /** See CohortCell; `q.interval` is week or month (day works too). */
  cohorts(projectId: string, q: BucketQuery): Promise<CohortCell[]>;
  /** See SurveyEvents; without `surveyId`, every survey. */
  surveyEvents(projectId: string, q: RangeQuery, surveyId?: string): Promise<SurveyEvents>;
  /**
   * The NPS and CSAT answers of every survey in range filed under an account: kind, score and scale alone
   * (what per-account sentiment reads, without comments, days or order).
   */
  surveyScores(projectId: string, q: RangeQuery): Promise<SurveyScore[]>;
  /**
   * `Checklist Item Completed` and `Checklist Completed` events in range, in no particular order; without id, all.
   * `completedOnly` keeps `Checklist Completed` alone (what health asks: who finished, not each step).
   */
  checklistEvents(projectId: string, q: RangeQuery, checklistId?: string, completedOnly?: boolean): Promise<ChecklistEvent[]>;
  /**
   * Per account, the distinct people with a `Checklist Completed` (of any checklist) filed under it in range:
   * what the health score's onboarding part counts, without each event. Accounts with none are absent.
   */
  checklistFinishers(projectId: string, q: RangeQuery): Promise<ChecklistFinishers[]>;
  /** `Account Renewed` / `Account Churned` events in range, oldest first. */
  accountOutcomes(projectId: string, q: RangeQuery): Promise<AccountOutcome[]>;
  /**
   * Every account profile matching the segment (the range is ignored). `parts` are hints an engine may
   * ignore, for callers that need less: `traits: false` and `users: false` may leave those empty ({} and 0),
   * and `accounts` may keep only those accounts' profiles (callers still pick theirs).
   */
  accountProfiles(projectId: string, q: RangeQuery, parts?: ProfileParts): Promise<AccountProfile[]>;
  /**
   * One account's people and feature use over the local days [q.from, q.to] in q.tz; `q.segment` is ignored.
   * - users: every actor whose current account is `accountId`, plus every actor with an event filed under it
   *   in range (an anonymous id merged into a user is that user). `events`/`logins` count only their events
   *   filed under this account in range (0 for a current member idle in range).
   * - features: per feature with a `Feature Used` (non-empty string `feature`) filed under the account in
   *   range: its events, distinct actors, and the latest such event's instant (ms).
   * Order is unspecified; an unknown account answers two empty lists.
   */
  accountActivity(projectId: string, accountId: string, q: RangeQuery): Promise<AccountActivity>;
  /** The distinct values of a user or account trait, most common first (for side-by-side segments). */
  traitValues(projectId: string, scope: "user" | "account", trait: string, limit: number): Promise<string[]>;

  /** Replaces the project's settings object (analytics weights, alert thresholds live under their own keys). */
  saveProjectSettings(projectId: string, settings: Record<string, unknown>): Promise<void>;

  listWebhooks(projectId: string): Promise<Webhook[]>;
  createWebhook(projectId: string, hook: Webhook): Promise<void>;
  /** True when it existed. */
  deleteWebhook(projectId: string, id: string): Promise<boolean>;

  /** Records alerts; returns only those not recorded before (same account, reason and day), for webhooks. */
  recordAlerts(projectId: string, alerts: AlertRecord[]): Promise<AlertRecord[]>;
}

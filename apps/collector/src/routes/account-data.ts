/**
 * Gathers what the accounts, alerts and health answers need from the store for one as-of day, then hands it
 * to the pure math in analytics/ (alerts.ts, health.ts).
 */
import { ZAnalyticsSettings, type TAnalyticsSettings } from "@uptake/schema";
import { accountAlerts, baselineOf, weeklyStats, type Alert } from "../analytics/alerts.ts";
import { healthScore, type Health } from "../analytics/health.ts";
import { csatOf, npsOf, validCsat, validNps } from "../analytics/surveys.ts";
import type { EventStore, Project, RangeQuery } from "../store/types.ts";
import { dayNumber, isoDay, localDayNumber } from "../time.ts";
import { LAST_28, trailingWindows } from "../analytics/weeks.ts";

/** An account's health as the list and the detail page show it; its traits are read apart (see traitsOf). */
export type AccountRow = {
  id: string;
  users: number;
  activeUsers: number;
  health: number | null;
  trend: number | null;
  /** Active users in each of the last 12 weeks up to `to`, oldest first: the table's sparkline. */
  weeklyUsers: number[];
  parts: Health["parts"];
  alerts: Alert[];
};

const SPARK_WEEKS = 12;

/** Settings saved on the project, with defaults for what is missing (an unreadable value falls back too). */
export function analyticsSettings(project: Project): TAnalyticsSettings {
  const parsed = ZAnalyticsSettings.safeParse(project.settings.analytics ?? {});
  return parsed.success ? parsed.data : ZAnalyticsSettings.parse({});
}

/**
 * Alerts only (cheaper than the full accounts answer): as of `q.to`. They need each account's first seen and
 * latest sign-in, not its traits or people (see accountProfiles()).
 */
export async function alertsAsOf(store: EventStore, project: Project, q: RangeQuery): Promise<Alert[]> {
  const asOf = dayNumber(q.to);
  const settings = analyticsSettings(project);
  const [accounts, rows] = await Promise.all([
    store.accountProfiles(project.id, q, { traits: false, users: false }),
    store.accountWindows(project.id, q, trailingWindows(asOf).slice(0, LAST_28)),
  ]);
  return accountAlerts(accounts, weeklyStats(rows), asOf, q.tz, settings.alerts);
}

/**
 * Every account's row, only a segment's accounts, or only `q.account`'s (the detail page): the same score
 * each way, because the project-wide inputs (how many features the project uses, whether it has checklists
 * at all) are asked apart, and a segment picks the accounts, not their people (see below).
 */
export async function accountRows(store: EventStore, project: Project, q: RangeQuery): Promise<AccountRow[]> {
  const asOf = dayNumber(q.to);
  const settings = analyticsSettings(project);
  const last28 = { ...q, from: isoDay(asOf - 27), to: q.to };
  // A segment picks the accounts, not their people: answers and finished checklists filed under an account
  // count for it whatever account their person is in now, and breadth is out of the features used under any
  // account, so an account's health is the same with or without a segment.
  const lastYear = { ...q, from: isoDay(asOf - 364), segment: undefined };
  const [profiles, rows, features, scores, finishers, projectFeatures] = await Promise.all([
    store.accountProfiles(project.id, q, { traits: false }),
    store.accountWindows(project.id, q, trailingWindows(asOf)),
    store.accountBreadth(project.id, q.account == null ? { ...last28, segment: undefined } : last28),
    store.surveyScores(project.id, { ...q, from: isoDay(asOf - 89), segment: undefined }),
    store.checklistFinishers(project.id, lastYear),
    q.account == null ? null : featuresUnderAccounts(store, project.id, last28),
  ]);
  const accounts = q.account == null ? profiles : profiles.filter((a) => a.accountId === q.account);
  // The checklist part counts once the project has any checklist activity; finished checklists prove it
  // cheaply, and only a project (or, on the detail page, an account) without one asks about every step.
  const hasChecklists = finishers.length > 0 || (await store.checklistEvents(project.id, { ...lastYear, account: undefined })).length > 0;
  const weekly = weeklyStats(rows);
  const alertsOf = new Map<string, Alert[]>();
  for (const x of accountAlerts(accounts, weekly, asOf, q.tz, settings.alerts)) listOf(alertsOf, x.accountId).push(x);
  const featuresOf = new Map(features.accounts.map((a) => [a.accountId, a.features]));
  const featureCount = projectFeatures ?? features.features;
  const nps = new Map<string, number[]>();
  const csat = new Map<string, { score: number; scale: number }[]>();
  for (const r of scores) {
    const n = r.kind === "nps" ? validNps(r) : null;
    const s = r.kind === "csat" ? validCsat(r) : null;
    if (n != null) listOf(nps, r.accountId).push(n);
    if (s != null) listOf(csat, r.accountId).push(s);
  }
  const onboarded = new Map(finishers.map((f) => [f.accountId, f.people]));
  return accounts.map((a) => {
    const week = weekly.get(a.accountId);
    const lived = Math.min(4, Math.max(0, Math.floor((asOf - 6 - localDayNumber(a.firstSeen, q.tz)) / 7)));
    const health = healthScore(
      {
        logins28: week?.logins[LAST_28] ?? 0,
        users28: week?.users[LAST_28] ?? 0,
        features: featuresOf.get(a.accountId) ?? 0,
        projectFeatures: featureCount,
        lastWeek: week?.events[0] ?? 0,
        baseline: lived ? (week ? baselineOf(week.events, lived) : 0) : null,
        nps: nps.has(a.accountId) ? npsOf(nps.get(a.accountId) as number[]).nps : null,
        csat: csat.has(a.accountId) ? csatOf(csat.get(a.accountId) as { score: number; scale: number }[]).csat : null,
        onboarded: hasChecklists ? (onboarded.get(a.accountId) ?? 0) / Math.max(1, a.users) : null,
      },
      settings.health.weights,
    );
    return {
      id: a.accountId, users: a.users, activeUsers: week?.users[LAST_28] ?? 0,
      health: health.score, trend: health.trend, parts: health.parts,
      weeklyUsers: sparkline(week?.users),
      alerts: alertsOf.get(a.accountId) ?? [],
    };
  });
}

/**
 * The traits of these accounts only, by account id: a page of the list or the alerted accounts. Every account's
 * would be much of the answer's work (over 100 M events on ClickHouse, the accounts list took 2.11 s with every
 * account's traits and 1.89-1.91 s with the page's).
 */
export async function traitsOf(store: EventStore, projectId: string, q: RangeQuery, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const profiles = ids.length ? await store.accountProfiles(projectId, q, { users: false, accounts: ids }) : [];
  return new Map(profiles.map((a) => [a.accountId, a.traits]));
}

/** A map's list under `key`, made empty the first time. */
function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** The last SPARK_WEEKS weeks' active users, oldest first (weekly users come newest first). */
function sparkline(users: number[] | undefined): number[] {
  const out = new Array<number>(SPARK_WEEKS);
  for (let k = 0; k < SPARK_WEEKS; k++) out[k] = users?.[SPARK_WEEKS - 1 - k] ?? 0;
  return out;
}

/**
 * How many features were used under any account in range: the breadth part's denominator. Asked as the
 * features with uses under every account (none excepted), which the engines sum from per-account rollups,
 * rather than as the full feature usage with its distinct people: over 10 M events 4 ms against 24 on
 * SQLite, and on ClickHouse the heaviest of the account page's queries.
 */
async function featuresUnderAccounts(store: EventStore, projectId: string, q: RangeQuery): Promise<number> {
  return (await store.accountFeatureUses(projectId, { ...q, account: undefined, segment: undefined }, [])).length;
}

/**
 * The account health score, 0–100: a weighted mean of parts in 0..1 (login frequency, feature breadth, usage
 * trend, sentiment from NPS/CSAT, onboarding from checklists). Parts without data are left out and the
 * remaining weights renormalised, so a new account is not punished for surveys it was never shown.
 */
import { round } from "./stats.ts";

export type HealthWeights = { logins: number; breadth: number; trend: number; sentiment: number; onboarding: number };
export const DEFAULT_WEIGHTS: HealthWeights = { logins: 0.3, breadth: 0.2, trend: 0.2, sentiment: 0.15, onboarding: 0.15 };

/** Logins per active user per week at which the login part is full. */
export const TARGET_WEEKLY_LOGINS = 3;

export type HealthInputs = {
  /** Logins and distinct active users in the last 28 days. */
  logins28: number;
  users28: number;
  /** Features the account used in the last 28 days, and features anyone in the project used. */
  features: number;
  projectFeatures: number;
  /** Events in the last week, and the weekly average of the 4 weeks before it (null: none of those weeks lived). */
  lastWeek: number;
  baseline: number | null;
  /** NPS (−100..100) and CSAT % satisfied of the account's responses; null when none. */
  nps: number | null;
  csat: number | null;
  /** Share of the account's users who completed a checklist; null when the project has no checklist data. */
  onboarded: number | null;
};

export type HealthPart = { name: keyof HealthWeights; value: number | null; weight: number };
export type Health = { score: number | null; parts: HealthPart[]; trend: number | null };

export function healthScore(x: HealthInputs, weights: HealthWeights): Health {
  const perUserWeekly = x.users28 ? x.logins28 / x.users28 / 4 : 0;
  const trendRatio = x.baseline == null ? null : x.baseline === 0 ? (x.lastWeek > 0 ? 2 : 1) : x.lastWeek / x.baseline;
  const sentiments = [x.nps == null ? null : (x.nps + 100) / 200, x.csat == null ? null : x.csat / 100].filter((v): v is number => v != null);
  const values: Record<keyof HealthWeights, number | null> = {
    logins: Math.min(1, perUserWeekly / TARGET_WEEKLY_LOGINS),
    breadth: x.projectFeatures ? Math.min(1, x.features / x.projectFeatures) : null,
    trend: trendRatio == null ? null : Math.max(0, Math.min(1, trendRatio / 2)),
    sentiment: sentiments.length ? sentiments.reduce((a, b) => a + b, 0) / sentiments.length : null,
    onboarding: x.onboarded,
  };
  const parts = (Object.keys(weights) as (keyof HealthWeights)[]).map((name) => ({
    name, value: values[name] == null ? null : round(values[name] as number, 4), weight: weights[name],
  }));
  let sum = 0;
  let total = 0;
  for (const p of parts) {
    if (p.value == null || p.weight <= 0) continue;
    sum += p.value * p.weight;
    total += p.weight;
  }
  return { score: total ? Math.round((sum / total) * 100) : null, parts, trend: trendRatio == null ? null : round((trendRatio - 1) * 100, 1) };
}

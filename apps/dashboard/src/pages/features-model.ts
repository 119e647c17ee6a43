/** Pure helpers for feature adoption: sticky vs occasional, ordering, and the chosen feature. */
import type { FeatureStat } from "../api.ts";

/**
 * How regularly a feature's users come back to it: the average users per bucket over its users in the
 * whole range (1 = the same people every day/week/month). Like DAU/MAU, but for one feature.
 */
export function featureStickiness(f: FeatureStat): number {
  if (!f.users || f.series.length === 0) return 0;
  const mean = f.series.reduce((s, p) => s + p.users, 0) / f.series.length;
  return Math.min(1, mean / f.users);
}

/** Sticky from this share of returning users per bucket on. */
export const STICKY_FROM = 0.2;

export type FeatureRow = FeatureStat & { stickiness: number; sticky: boolean };

export type SortKey = "adoption" | "users" | "accounts" | "uses" | "stickiness" | "feature";

export function featureRows(list: FeatureStat[], sort: SortKey = "adoption"): FeatureRow[] {
  const rows = list.map((f) => {
    const stickiness = featureStickiness(f);
    return { ...f, stickiness, sticky: stickiness >= STICKY_FROM };
  });
  return rows.sort((a, b) => (sort === "feature" ? a.feature.localeCompare(b.feature) : b[sort] - a[sort] || a.feature.localeCompare(b.feature)));
}

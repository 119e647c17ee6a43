/** Pure helpers for feature adoption: sticky vs occasional, ordering, and the chosen feature. */
import type { FeatureStat } from "../api.ts";

/**
 * How regularly a feature's users come back to it: the average users per bucket over its users in the
 * whole range (1 = the same people every day/week/month). Like DAU/MAU, but for one feature.
 */
function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function featureStickiness(f: FeatureStat): number {
  if (!f.users || f.series.length === 0) return 0;
  const mean = f.series.reduce((s, p) => s + p.users, 0) / f.series.length;
  return Math.min(1, mean / f.users);
}

export type FeatureRow = FeatureStat & { stickiness: number; sticky: boolean };

export type SortKey = "adoption" | "users" | "accounts" | "uses" | "stickiness" | "feature";

/**
 * Sticky: users come back to it at least as regularly as to the median feature of the same product and
 * range. Relative, because what counts as regular depends on the interval and on the product.
 */
export function featureRows(list: FeatureStat[], sort: SortKey = "adoption"): FeatureRow[] {
  const s = list.map(featureStickiness);
  const bar = median(s);
  const rows = list.map((f, i) => ({ ...f, stickiness: s[i], sticky: s[i] > 0 && s[i] >= bar }));
  return rows.sort((a, b) => (sort === "feature" ? a.feature.localeCompare(b.feature) : b[sort] - a[sort] || a.feature.localeCompare(b.feature)));
}

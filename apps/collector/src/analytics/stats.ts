/** Small numeric helpers shared by the analytics modules: rounding, quantiles, ratios. */
import type { LoginFrequency } from "../store/analytics-types.ts";

export function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** The q-quantile (0..1) by linear interpolation between closest ranks; null for no values. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, several times faster than a comparator over a plain array.
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** a / b rounded, or 0 when b is 0 (a rate of nothing is shown as 0, not as a division error). */
export function ratio(a: number, b: number, places = 4): number {
  return b ? round(a / b, places) : 0;
}

/** A percentage with one decimal, or null when there is no denominator. */
export function percent(a: number, b: number): number | null {
  return b ? round((a / b) * 100, 1) : null;
}

/** Rounds a nullable number. */
export function maybeRound(n: number | null, places: number): number | null {
  return n == null ? null : round(n, places);
}

/** Sign-ins per actor as a frequency table: how many actors signed in each number of times, by that number. */
export function loginFrequencies(counts: Iterable<number>): LoginFrequency[] {
  const by = new Map<number, number>();
  for (const n of counts) by.set(n, (by.get(n) ?? 0) + 1);
  return [...by].sort((a, b) => a[0] - b[0]).map(([logins, actors]) => ({ logins, actors }));
}

/** A frequency table back as the sorted values it counts. */
export function expand(table: LoginFrequency[]): number[] {
  const out: number[] = [];
  for (const { logins, actors } of table) for (let i = 0; i < actors; i++) out.push(logins);
  return out;
}

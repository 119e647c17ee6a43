/** Retention cohorts by first-seen bucket, as counts and as rates of the cohort's size. */
import type { CohortCell } from "../store/analytics-types.ts";
import type { Bucket } from "./buckets.ts";
import { round } from "./stats.ts";

export type Cohort = { cohort: string; size: number; retained: number[]; rates: number[] };

/** retained[n] is the number of the cohort active n buckets after its own (n0 = size), up to the range's end. */
export function retentionCohorts(cells: CohortCell[], bs: Bucket[]): Cohort[] {
  const byCohort = new Map<string, Map<number, number>>();
  for (const c of cells) {
    let m = byCohort.get(c.cohort);
    if (!m) byCohort.set(c.cohort, (m = new Map()));
    m.set(c.period, (m.get(c.period) ?? 0) + c.actors);
  }
  const out: Cohort[] = [];
  bs.forEach((b, i) => {
    const m = byCohort.get(b.date);
    if (!m) return;
    const retained = Array.from({ length: bs.length - i }, (_, p) => m.get(p) ?? 0);
    const size = retained[0];
    out.push({ cohort: b.date, size, retained, rates: retained.map((n) => (size ? round(n / size, 4) : 0)) });
  });
  return out;
}

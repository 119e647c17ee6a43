/**
 * Renewal and churn per interval from `Account Renewed` / `Account Churned`. An account is due for renewal
 * in a bucket when it renewed or churned in it; renewal rate = renewed / due × 100. Churn rate = churned /
 * accounts alive at the bucket's start (first seen before it, not churned before it) × 100.
 */
import type { AccountOutcome, AccountProfile } from "../store/analytics-types.ts";
import type { Bucket } from "./buckets.ts";
import { percent } from "./stats.ts";
import { dayNumber, localDayNumber } from "../time.ts";

export type RenewalPoint = { date: string; due: number; renewed: number; churned: number; renewalRate: number | null; churnRate: number | null; alive: number };

/** `history` holds every outcome up to the range's end (for who was alive); the last outcome per account and bucket counts. */
export function renewalSeries(history: AccountOutcome[], accounts: AccountProfile[], bs: Bucket[], tz: string): RenewalPoint[] {
  return bs.map((b) => {
    const last = new Map<string, AccountOutcome["kind"]>();
    const churnedBefore = new Set<string>();
    for (const o of history) {
      const d = dayNumber(o.day);
      if (d < b.first && o.kind === "churned") churnedBefore.add(o.accountId);
      if (d < b.first && o.kind === "renewed") churnedBefore.delete(o.accountId);
      if (d >= b.first && d <= b.last) last.set(o.accountId, o.kind);
    }
    const renewed = [...last.values()].filter((k) => k === "renewed").length;
    const churned = last.size - renewed;
    const alive = accounts.filter((a) => localDayNumber(a.firstSeen, tz) < b.first && !churnedBefore.has(a.accountId)).length;
    return { date: b.date, due: last.size, renewed, churned, renewalRate: percent(renewed, last.size), churnRate: percent(churned, alive), alive };
  });
}

/**
 * Early-warning alerts: an account's active users or uses in the last 7 days fell below its trailing
 * baseline (the average of the previous weeks since it was first seen, up to 30) by more than `dropShare`,
 * or nobody under it signed in for `noLoginDays`.
 */
import type { AccountProfile, AccountWindows } from "../store/analytics-types.ts";
import { DAY_MS, isoDay, localDayNumber } from "../time.ts";
import { round } from "./stats.ts";
import { BASELINE_WEEKS } from "./weeks.ts";

export type AlertSettings = { dropShare: number; noLoginDays: number; minBaseline: number };
export const DEFAULT_ALERTS: AlertSettings = { dropShare: 0.5, noLoginDays: 14, minBaseline: 1 };

export type Alert = {
  accountId: string;
  reason: "active_users_drop" | "usage_drop" | "no_login";
  message: string;
  current: number;
  baseline: number;
  day: string;
};

/** An account's users, uses, sign-ins and events per window of trailingWindows(): weeks 0..BASELINE_WEEKS first. */
export type WeekStats = Omit<AccountWindows, "accountId">;

/** Each account's windows by its id. */
export function weeklyStats(accounts: AccountWindows[]): Map<string, WeekStats> {
  return new Map(accounts.map((a) => [a.accountId, a]));
}

/** How many previous weeks an account first seen on `firstDay` has lived through, as of `asOf`. */
export function baselineWeeks(firstDay: number, asOf: number): number {
  return Math.max(0, Math.min(BASELINE_WEEKS, Math.floor((asOf - 6 - firstDay) / 7)));
}

export function baselineOf(values: number[], weeks: number): number {
  if (weeks === 0) return 0;
  let sum = 0;
  for (let k = 1; k <= weeks; k++) sum += values[k];
  return sum / weeks;
}

export function accountAlerts(
  accounts: AccountProfile[], weekly: Map<string, WeekStats>, asOf: number, tz: string, settings: AlertSettings,
): Alert[] {
  const out: Alert[] = [];
  const day = isoDay(asOf);
  const endOfDay = (asOf + 1) * DAY_MS;
  for (const a of accounts) {
    const firstDay = localDayNumber(a.firstSeen, tz);
    if (firstDay > asOf) continue;
    const weeks = baselineWeeks(firstDay, asOf);
    const s = weekly.get(a.accountId);
    for (const [reason, values, label] of [
      ["active_users_drop", s?.users, "active users"],
      ["usage_drop", s?.uses, "feature uses"],
    ] as const) {
      if (!weeks) continue;
      const current = values?.[0] ?? 0;
      const baseline = values ? baselineOf(values, weeks) : 0;
      if (baseline < settings.minBaseline || current >= baseline * (1 - settings.dropShare)) continue;
      const drop = Math.round((1 - current / baseline) * 100);
      out.push({ accountId: a.accountId, reason, message: `${label} down ${drop}% against the ${weeks}-week baseline`, current, baseline: round(baseline, 2), day });
    }
    const quietFor = a.lastLogin == null ? null : Math.floor((endOfDay - a.lastLogin) / DAY_MS);
    const oldEnough = asOf - firstDay >= settings.noLoginDays;
    if (oldEnough && (quietFor == null || quietFor >= settings.noLoginDays)) {
      out.push({
        accountId: a.accountId, reason: "no_login",
        message: quietFor == null ? "nobody has signed in yet" : `no sign-in for ${quietFor} days`,
        current: quietFor ?? asOf - firstDay, baseline: settings.noLoginDays, day,
      });
    }
  }
  return out;
}

/**
 * Feature adoption: per feature, distinct users and accounts, adoption (users of it / active users in the
 * range), uses over time and depth; account breadth (how many features an account uses); and which features
 * the retained accounts (active in both the first and the last 7 days of the range) use most.
 */
import type { AccountBreadth, AccountFeatureRow, AccountWindows, ActiveTotals, FeatureUsage, FeatureUsesRow } from "../store/analytics-types.ts";
import type { Bucket } from "./buckets.ts";
import { mean, ratio, round, maybeRound } from "./stats.ts";

export type FeatureAnswer = {
  feature: string;
  users: number;
  accounts: number;
  uses: number;
  adoption: number;
  /** Uses per active user in the range. */
  depth: number;
  /** Uses per user of this feature. */
  usesPerUser: number;
  series: { date: string; users: number; uses: number }[];
};

export type FeaturesAnswer = {
  activeUsers: number;
  activeAccounts: number;
  features: FeatureAnswer[];
  breadth: { average: number | null; distribution: { features: number; accounts: number }[] };
  retained: { accounts: number; features: { feature: string; accounts: number; share: number; uses: number }[] };
};

/** Per feature, the uses of `rows` outside the accounts of `except` (the engines' answer where no rollup serves it). */
export function featureUsesExcept(rows: AccountFeatureRow[], except: string[]): FeatureUsesRow[] {
  const skip = new Set(except);
  const uses = new Map<string, number>();
  for (const r of rows) if (!skip.has(r.accountId)) uses.set(r.feature, (uses.get(r.feature) ?? 0) + r.uses);
  return [...uses].map(([feature, n]) => ({ feature, uses: n }));
}

/** AccountBreadth from the (account, feature) rows of accountFeatures (one row per pair). */
export function breadthOf(rows: readonly { accountId: string; feature: string }[]): AccountBreadth {
  const perAccount = new Map<string, number>();
  const features = new Set<string>();
  for (const r of rows) {
    perAccount.set(r.accountId, (perAccount.get(r.accountId) ?? 0) + 1);
    features.add(r.feature);
  }
  return { accounts: [...perAccount].map(([accountId, n]) => ({ accountId, features: n })), features: features.size };
}

/** The accounts active in both edge windows of the range (window 0: its first 7 days, window 1: its last 7). */
export function retainedAccounts(edges: AccountWindows[]): Set<string> {
  return new Set(edges.filter((a) => a.events[0] > 0 && a.events[1] > 0).map((a) => a.accountId));
}

/** `pairs`: which features each account used; `retainedUses`: per feature, the uses filed under the retained accounts. */
export function featuresAnswer(
  usage: FeatureUsage, active: ActiveTotals, bs: Bucket[], pairs: readonly { accountId: string; feature: string }[], edges: AccountWindows[],
  retainedUses: FeatureUsesRow[],
): FeaturesAnswer {
  const series = new Map<string, Map<string, { users: number; uses: number }>>();
  for (const p of usage.series) {
    let m = series.get(p.feature);
    if (!m) series.set(p.feature, (m = new Map()));
    m.set(p.date, { users: p.users, uses: p.uses });
  }
  const features = usage.totals
    .map((t) => ({
      ...t,
      adoption: ratio(t.users, active.users),
      depth: ratio(t.uses, active.users, 2),
      usesPerUser: ratio(t.uses, t.users, 2),
      series: bs.map((b) => ({ date: b.date, ...(series.get(t.feature)?.get(b.date) ?? { users: 0, uses: 0 }) })),
    }))
    .sort((a, b) => b.users - a.users || a.feature.localeCompare(b.feature));

  const perAccount = new Map<string, number>();
  for (const r of pairs) perAccount.set(r.accountId, (perAccount.get(r.accountId) ?? 0) + 1);
  const distribution = new Map<number, number>();
  for (const n of perAccount.values()) distribution.set(n, (distribution.get(n) ?? 0) + 1);

  const retained = retainedAccounts(edges);
  const uses = new Map(retainedUses.map((r) => [r.feature, r.uses]));
  const top = new Map<string, { accounts: number; uses: number }>();
  for (const r of pairs) {
    if (!retained.has(r.accountId)) continue;
    const t = top.get(r.feature) ?? { accounts: 0, uses: uses.get(r.feature) ?? 0 };
    t.accounts++;
    top.set(r.feature, t);
  }
  return {
    activeUsers: active.users,
    activeAccounts: active.accounts,
    features,
    breadth: {
      average: maybeRound(mean([...perAccount.values()]), 2),
      distribution: [...distribution].map(([f, accounts]) => ({ features: f, accounts })).sort((a, b) => a.features - b.features),
    },
    retained: {
      accounts: retained.size,
      features: [...top]
        .map(([feature, t]) => ({ feature, accounts: t.accounts, share: round(t.accounts / retained.size, 4), uses: t.uses }))
        .sort((a, b) => b.accounts - a.accounts || b.uses - a.uses || a.feature.localeCompare(b.feature)),
    },
  };
}

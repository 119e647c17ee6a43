/** Logins (`Signed In`) per interval with distinct users, and login frequency per user and per account. */
import type { LoginStats } from "../store/analytics-types.ts";
import { expand, maybeRound, quantile, mean, round } from "./stats.ts";

export type LoginsAnswer = {
  series: LoginStats["series"];
  frequency: {
    perUser: { users: number; average: number | null; median: number | null; p90: number | null };
    perAccount: { accounts: number; average: number | null; median: number | null };
  };
  /** Accounts by logins, most first: logins per active user shows how often each account's people come back. */
  accounts: { accountId: string; logins: number; activeUsers: number; loginsPerUser: number }[];
};

export function loginsAnswer(stats: LoginStats, topAccounts = 50): LoginsAnswer {
  const perUser = expand(stats.actorsByLogins);
  const accounts = stats.perAccount
    .map((a) => ({ ...a, loginsPerUser: a.activeUsers ? round(a.logins / a.activeUsers, 2) : 0 }))
    .sort((a, b) => b.logins - a.logins || a.accountId.localeCompare(b.accountId));
  const perAccount = accounts.map((a) => a.loginsPerUser);
  return {
    series: stats.series,
    frequency: {
      perUser: {
        users: perUser.length,
        average: maybeRound(mean(perUser), 2),
        median: maybeRound(quantile(perUser, 0.5), 2),
        p90: maybeRound(quantile(perUser, 0.9), 2),
      },
      perAccount: { accounts: accounts.length, average: maybeRound(mean(perAccount), 2), median: maybeRound(quantile(perAccount, 0.5), 2) },
    },
    accounts: accounts.slice(0, topAccounts),
  };
}

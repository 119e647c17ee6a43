/** The CLI's questions: each command is a query route with its parameters (the same answers as the API). */

export type Command = { path: (words: string[]) => string | null; params: string[]; help: string };

const RANGE = ["from", "to", "tz", "segment", "compare"];

export const COMMANDS: Record<string, Command> = {
  "trends active-users": { path: () => "/v1/trends/active-users", params: [...RANGE, "interval"], help: "DAU, WAU, MAU and stickiness" },
  "trends logins": { path: () => "/v1/trends/logins", params: [...RANGE, "interval"], help: "sign-ins and distinct users per interval, frequency" },
  "trends features": { path: () => "/v1/trends/features", params: [...RANGE, "interval", "feature"], help: "feature adoption, breadth, retained accounts' features" },
  retention: { path: () => "/v1/retention", params: [...RANGE, "interval"], help: "weekly or monthly cohorts by first seen" },
  "surveys results": { path: (w) => (w[0] ? `/v1/surveys/${encodeURIComponent(w[0])}/results` : null), params: [...RANGE, "interval"], help: "<survey id>: NPS or CSAT with margin of error" },
  "surveys responses": { path: (w) => (w[0] ? `/v1/surveys/${encodeURIComponent(w[0])}/responses` : null), params: [...RANGE, "page", "limit", "comments"], help: "<survey id>: responses with comments, paged" },
  "surveys export": { path: (w) => (w[0] ? `/v1/surveys/${encodeURIComponent(w[0])}/responses.csv` : null), params: RANGE, help: "<survey id>: every response as CSV" },
  "checklists funnel": { path: (w) => (w[0] ? `/v1/checklists/${encodeURIComponent(w[0])}/funnel` : null), params: RANGE, help: "<checklist id>: started, completed, time to onboard" },
  accounts: { path: () => "/v1/accounts", params: [...RANGE, "sort", "order", "limit"], help: "accounts with health score, trend and alerts" },
  alerts: { path: () => "/v1/alerts", params: RANGE, help: "accounts whose usage dropped against their baseline" },
  renewals: { path: () => "/v1/renewals", params: [...RANGE, "interval"], help: "renewal and churn rates per interval" },
};

/** Finds the command named by the first one or two words; the rest are its arguments. */
export function findCommand(words: string[]): { name: string; command: Command; rest: string[] } | null {
  for (const n of [2, 1]) {
    const name = words.slice(0, n).join(" ");
    if (COMMANDS[name]) return { name, command: COMMANDS[name], rest: words.slice(n) };
  }
  return null;
}

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  uptake ${name.padEnd(20)} ${c.help}`);
  return [
    "Usage: uptake <command> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--interval day|week|month] [--tz Zone]",
    "                        [--segment trait:value] [--compare trait] [--json]",
    "",
    "Commands:",
    ...lines,
    "  uptake demo load         --events N [--days 120] [--seed 1]: fill the local SQLite file with demo data",
    "  uptake rollups rebuild   --zone Zone: count the local SQLite file's rollups again in that zone's days",
    "                           (collector stopped; then start it with UPTAKE_TIME_ZONE=Zone)",
    "",
    "Where the answers come from:",
    "  --host http://localhost:8787 with --secret-key sk_… (or UPTAKE_SECRET_KEY): a running collector",
    "  otherwise the local SQLite file under --data-dir (UPTAKE_DATA_DIR, default ./data)",
  ].join("\n");
}

/** Pure helpers for accounts: health level, its parts as shares, risk ordering and names. */
import type { Account, Alert, HealthPart } from "../api.ts";

export function healthLevel(score: number | null): "low" | "mid" | "high" | "none" {
  if (score === null) return "none";
  return score < 40 ? "low" : score < 70 ? "mid" : "high";
}

/** The parts that had data, each with its share of the score's weight, heaviest first. */
export function healthParts(parts: HealthPart[] | undefined): { name: string; value: number; weight: number }[] {
  const known = (parts ?? []).filter((p): p is HealthPart & { value: number } => p.value !== null && p.weight > 0);
  const total = known.reduce((s, p) => s + p.weight, 0) || 1;
  return known.map((p) => ({ name: humanize(p.name), value: p.value, weight: p.weight / total })).sort((a, b) => b.weight - a.weight);
}

export type AtRisk = { id: string; name: string; alerts: Alert[] };

/** Alerts grouped by account, the accounts with the most alerts first. */
export function atRisk(alerts: Alert[], limit = 6): AtRisk[] {
  const by = new Map<string, AtRisk>();
  for (const a of alerts) {
    const row = by.get(a.accountId) ?? { id: a.accountId, name: accountName({ id: a.accountId, traits: a.traits ?? {} }), alerts: [] };
    row.alerts.push(a);
    by.set(a.accountId, row);
  }
  return [...by.values()].sort((a, b) => b.alerts.length - a.alerts.length || a.id.localeCompare(b.id)).slice(0, limit);
}

export function accountName(a: Pick<Account, "id" | "traits">): string {
  const n = a.traits?.name;
  return typeof n === "string" && n ? n : a.id;
}

/** `activeUsers` → `Active users`, `login_drop` → `Login drop`. */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

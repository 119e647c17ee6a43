/**
 * Checklist funnel: who started (completed any item or the checklist), who completed, each item's completion,
 * the median and p90 hours from first seen to completion ("time to onboard"), and days to each item.
 */
import type { ChecklistEvent, ChecklistFinishers } from "../store/analytics-types.ts";
import { maybeRound, quantile } from "./stats.ts";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export type ChecklistFunnel = {
  started: number;
  completed: number;
  completionRate: number | null;
  medianHoursToComplete: number | null;
  p90HoursToComplete: number | null;
  items: { id: string; completed: number; medianDaysToComplete: number | null }[];
};

export function checklistFunnel(events: ChecklistEvent[]): ChecklistFunnel {
  const started = new Set<string>();
  const done = new Map<string, number>();
  const items = new Map<string, Map<string, number>>();
  for (const e of events) {
    started.add(e.actor);
    const since = Math.max(0, e.timestamp - e.firstSeen);
    // Each person's first completion counts, whatever order the events come in.
    let m = done;
    if (e.itemId != null) {
      m = items.get(e.itemId) ?? new Map();
      items.set(e.itemId, m);
    }
    const before = m.get(e.actor);
    if (before === undefined || since < before) m.set(e.actor, since);
  }
  const hours = [...done.values()].map((ms) => ms / HOUR);
  return {
    started: started.size,
    completed: done.size,
    completionRate: started.size ? Math.round((done.size / started.size) * 1000) / 10 : null,
    medianHoursToComplete: maybeRound(quantile(hours, 0.5), 2),
    p90HoursToComplete: maybeRound(quantile(hours, 0.9), 2),
    items: [...items]
      .map(([id, m]) => ({ id, completed: m.size, medianDaysToComplete: maybeRound(quantile([...m.values()].map((ms) => ms / DAY), 0.5), 2) }))
      .sort((a, b) => b.completed - a.completed || a.id.localeCompare(b.id)),
  };
}

/** Per account, the distinct people among `events` who finished a checklist (see AnalyticsStore.checklistFinishers). */
export function finishersOf(events: ChecklistEvent[]): ChecklistFinishers[] {
  const people = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.itemId != null || e.accountId == null) continue;
    const s = people.get(e.accountId) ?? new Set<string>();
    s.add(e.actor);
    people.set(e.accountId, s);
  }
  return [...people].map(([accountId, s]) => ({ accountId, people: s.size }));
}

/**
 * Checklist progress from stored events, so it follows the user to any device: which items are done
 * (by the user, or by anyone in the account for `scope: "account"` items), and whether the user closed
 * the checklist or has already seen it completed.
 */
import type { TChecklistDefinition } from "@uptake/schema";
import type { EventMatcher, MatchResult } from "../store/widget-types.ts";

export type ChecklistProgress = {
  done: Record<string, boolean>;
  dismissed: boolean;
  /** Every item done and `Checklist Completed` already stored for this user. */
  completed: boolean;
};

const itemKey = (id: string) => `item:${id}`;

/** What to ask the store for one checklist: each item's event, manual ticks, and the checklist's own events. */
export function checklistMatchers(def: TChecklistDefinition): EventMatcher[] {
  const own = (event: string, key: string): EventMatcher => ({ key, event, where: { checklist_id: def.id } });
  return [
    ...def.items.map((item): EventMatcher =>
      item.completeOn === "manual"
        ? { key: itemKey(item.id), event: "Checklist Item Completed", where: { checklist_id: def.id, item_id: item.id } }
        : { key: itemKey(item.id), event: item.completeOn.event, where: item.completeOn.where },
    ),
    own("Checklist Dismissed", "dismissed"),
    own("Checklist Reopened", "reopened"),
    own("Checklist Completed", "completed"),
  ];
}

export function checklistProgress(def: TChecklistDefinition, matches: MatchResult[]): ChecklistProgress {
  const byKey = new Map(matches.map((m) => [m.key, m]));
  const userAt = (key: string) => byKey.get(key)?.userAt ?? null;
  const done: Record<string, boolean> = {};
  for (const item of def.items) {
    const m = byKey.get(itemKey(item.id));
    done[item.id] = (item.scope === "account" ? (m?.accountAt ?? m?.userAt) : m?.userAt) != null;
  }
  const dismissedAt = userAt("dismissed");
  const reopenedAt = userAt("reopened");
  return {
    done,
    dismissed: dismissedAt != null && (reopenedAt == null || dismissedAt > reopenedAt),
    completed: Object.values(done).every(Boolean) && userAt("completed") != null,
  };
}

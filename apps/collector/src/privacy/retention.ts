/**
 * Retention per project (`retentionDays`): raw events older than that are deleted; the daily rollups
 * (user_days, actor_days, account_days…) are aggregates and stay, so trends keep their history.
 */
import type { EventStore } from "../store/types.ts";
import { DAY_MS } from "../time.ts";
import { privacySettings } from "./settings.ts";

/** One pass over every project; returns the events deleted per project (projects without a limit are absent). */
export async function sweepRetention(store: EventStore, now: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const project of await store.listProjects()) {
    const days = privacySettings(project).retentionDays;
    if (days != null) deleted[project.id] = await store.deleteEventsBefore(project.id, now - days * DAY_MS);
  }
  return deleted;
}

/** Sweeps now and then every `everyMs`; a failed sweep (store down) is tried again at the next tick. */
export function startRetention(store: EventStore, now: () => number, everyMs = 3_600_000): () => void {
  const tick = () => sweepRetention(store, now()).catch((err) => console.error("retention sweep failed:", (err as Error).message));
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

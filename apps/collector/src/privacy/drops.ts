/**
 * Counts of events dropped on purpose: gathered in memory per project, day and reason, and added to the
 * store every few seconds (one write per flush, not per request, so a flood of bots costs no I/O storm).
 */
import type { TDropReason } from "@uptake/schema";
import type { DropCount } from "../store/privacy-types.ts";
import type { EventStore } from "../store/types.ts";
import { DAY_MS, isoDay } from "../time.ts";
import type { Drops } from "./screen.ts";

/** `X-Uptake-Dropped: 2; reason=bot, 1; reason=unverified`: how many of the batch's events were dropped, and why. */
export const DROPPED_HEADER = "X-Uptake-Dropped";

export function droppedHeader(drops: Drops): string | null {
  const parts = Object.entries(drops).filter(([, n]) => n && n > 0).map(([reason, n]) => `${n}; reason=${reason}`);
  return parts.length ? parts.join(", ") : null;
}

export type DropCounter = {
  add(projectId: string, drops: Drops): void;
  /** Writes what was gathered; kept for the next flush when the store is down. */
  flush(): Promise<void>;
};

/** Flushes `delayMs` after the first count since the last flush, on a timer that never holds the process open. */
export function createDropCounter(store: EventStore, now: () => number, delayMs = 2_000): DropCounter {
  let pending = new Map<string, Map<string, number>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const add = (projectId: string, day: string, reason: string, n: number) => {
    const counts = pending.get(projectId) ?? new Map<string, number>();
    pending.set(projectId, counts);
    counts.set(`${day} ${reason}`, (counts.get(`${day} ${reason}`) ?? 0) + n);
    timer ??= setTimeout(() => void counter.flush(), delayMs).unref();
  };
  const counter: DropCounter = {
    add(projectId, drops) {
      const day = isoDay(Math.floor(now() / DAY_MS));
      for (const [reason, n] of Object.entries(drops)) if (n) add(projectId, day, reason, n);
    },
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      const batch = pending;
      pending = new Map();
      for (const [projectId, counts] of batch) {
        const rows: DropCount[] = [...counts].map(([k, count]) => {
          const [day, reason] = k.split(" ");
          return { day, reason: reason as TDropReason, count };
        });
        try {
          await store.addDrops(projectId, rows);
        } catch {
          for (const r of rows) add(projectId, r.day, r.reason, r.count);
        }
      }
    },
  };
  return counter;
}

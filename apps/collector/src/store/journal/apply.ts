/** Applies journal entries to a store in their order: runs of batches as one group commit, erasures one at a time. */
import { bodyEvents } from "../../ingest/body-events.ts";
import { StoreUnavailableError, type EventStore, type StoredEvent } from "../types.ts";

/**
 * What one journal frame holds: a batch of one project as its events, or as the body it came in (`b`, parsed,
 * received at `r`: the events are derived from it again, as ingest derived them), or one person's erasure.
 */
export type Entry = { p: string; e: StoredEvent[] } | { p: string; r: number; b: unknown } | { p: string; erase: string };
type Batch = { p: string; e: StoredEvent[] };

export type Applied = {
  /** How many entries from the start are done with (applied, or refused for good); the rest waits. */
  done: number;
  /** The database could not take writes: retry the entries after `done` later. */
  unavailable: boolean;
  /** Entries the database refused for good (a bug's batch, not a locked or full file). */
  refused: { index: number; message: string; erasure?: { projectId: string; userId: string } }[];
  erased: { index: number; projectId: string; userId: string; removed: number }[];
};

export async function applyEntries(store: Pick<EventStore, "append" | "eraseUser">, entries: Entry[]): Promise<Applied> {
  const out: Applied = { done: 0, unavailable: false, refused: [], erased: [] };
  while (out.done < entries.length) {
    const start = out.done;
    const first = entries[start];
    if ("erase" in first) {
      try {
        out.erased.push({ index: start, projectId: first.p, userId: first.erase, removed: await store.eraseUser(first.p, first.erase) });
      } catch (err) {
        if (err instanceof StoreUnavailableError) return { ...out, unavailable: true };
        out.refused.push({ index: start, message: messageOf(err), erasure: { projectId: first.p, userId: first.erase } });
      }
      out.done = start + 1;
      continue;
    }
    let end = start;
    while (end < entries.length && !("erase" in entries[end])) end++;
    // Appended in one tick, the batches become one group commit of the store.
    const results = await Promise.allSettled(
      entries.slice(start, end).map(async (entry) => {
        const b = batchOfEntry(entry as Exclude<Entry, { erase: string }>);
        return store.append(b.p, b.e);
      }),
    );
    if (results.some((r) => r.status === "rejected" && r.reason instanceof StoreUnavailableError)) return { ...out, unavailable: true };
    results.forEach((r, i) => r.status === "rejected" && out.refused.push({ index: start + i, message: messageOf(r.reason) }));
    out.done = end;
  }
  return out;
}

/** A batch entry's events; throws when its body no longer gives them (see body-events.ts). */
function batchOfEntry(entry: Exclude<Entry, { erase: string }>): Batch {
  return "e" in entry ? entry : { p: entry.p, e: bodyEvents(entry.b, entry.r) };
}

function messageOf(err: unknown): string {
  return String((err as Error)?.message ?? err);
}

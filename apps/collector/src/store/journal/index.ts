/**
 * The ingest journal in front of the SQLite engine. An accepted batch is acknowledged once its frame is
 * fsynced to the journal (a sequential append), and applied to the indexed tables and rollups by a thread of
 * its own (apply-worker.ts), in large groups, while the collector's event loop goes on taking requests. The
 * journal is the durable copy until then: a restart replays it (messageIds make replaying harmless), a locked
 * or full database only delays the applier, and reads wait for what was acknowledged before them, so an
 * answer still counts every accepted event.
 *
 * This is how Segment and PostHog take events in (a durable log first, the tables after), scaled to one file.
 * Erasures go through the journal too, so a replay re-erases what it re-adds.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { createSqliteStore } from "../sqlite/index.ts";
import { StoreUnavailableError, type EventStore, type StoredEvent } from "../types.ts";
import type { Entry } from "./apply.ts";
import { startApplyThread } from "./apply-thread.ts";
import { createApplier } from "./applier.ts";
import { openSegments } from "./segments.ts";

export type JournalOptions = {
  /** The SQLite file; the journal's segments go to `dir`. */
  file: string;
  dir: string;
  /** Bytes acknowledged but not applied yet past which ingest answers 503, so the SDKs hold their events. */
  maxBacklogBytes: number;
  log?: (message: string) => void;
  /** Segment file size (tests use small ones to see segments rotate). */
  segmentBytes?: number;
  /** The rollup zone of a new SQLite file (sqlite/zone.ts). */
  timeZone?: string;
  /** Read the recent days the analytics hold in memory in the background from the start (sqlite/key-days.ts). */
  warm?: boolean;
};

export type JournaledStore = EventStore & {
  /** Bytes acknowledged and not applied yet. */
  backlog(): number;
};

/** Reads wait at most this long for the applier; past it they answer from what is applied. */
const READ_WAIT_MS = 5000;

export async function createJournaledSqliteStore({ file, dir, maxBacklogBytes, log = console.log, segmentBytes, timeZone, warm }: JournalOptions): Promise<JournaledStore> {
  // This connection migrates the file and answers reads; the applier thread opens its own to write events.
  const inner = createSqliteStore({ file, timeZone, warm });
  const journal = openSegments(dir, { segmentBytes });
  const applier = createApplier(journal, {
    maxBacklogBytes,
    startThread: () => startApplyThread(file),
    log,
    refuse: (payload, message) => {
      const rejected = join(dir, "rejected.jsonl");
      appendFileSync(rejected, `${JSON.stringify({ at: new Date().toISOString(), error: message, entry: JSON.parse(payload.toString("utf8")) })}\n`);
      log(`ingest journal: the database refused a batch for good (${message}); it is kept in ${rejected}`);
    },
  });
  const replay = journal.backlog();
  if (replay > 0) {
    log(`ingest journal: applying ${megabytes(replay)} accepted before the last stop`);
    await applier.drain();
  }

  /** `frame`: an Entry as JSON text. */
  const write = async (frame: string) => {
    if (journal.backlog() > maxBacklogBytes) {
      throw new StoreUnavailableError(`ingest journal holds ${megabytes(journal.backlog())} not applied yet`);
    }
    try {
      await journal.append(Buffer.from(frame));
    } catch (err) {
      throw new StoreUnavailableError(`ingest journal write failed: ${(err as Error).message}`, err);
    }
    applier.wake();
  };

  // Every read and every other write first waits for the events acknowledged before it.
  const waiting = Object.fromEntries(
    Object.entries(inner).map(([key, value]) => [
      key,
      typeof value === "function"
        ? async (...args: unknown[]) => {
            await applier.caughtUp(READ_WAIT_MS);
            return (value as (...a: unknown[]) => unknown).apply(inner, args);
          }
        : value,
    ]),
  ) as unknown as EventStore;

  return {
    ...waiting,
    engine: inner.engine,
    rollupZone: inner.rollupZone,
    // Keys, projects and the health probe do not depend on events: they answer at once.
    ensureProject: (p) => inner.ensureProject(p),
    projectByWriteKey: (key) => inner.projectByWriteKey(key),
    projectBySecretHash: (hash) => inner.projectBySecretHash(hash),
    ping: () => inner.ping(),
    async append(projectId: string, events: StoredEvent[]) {
      if (events.length) await write(JSON.stringify({ p: projectId, e: events } satisfies Entry));
      // Duplicates are found when the batch is applied; here every event counts as accepted.
      return { inserted: events.length, duplicates: 0 };
    },
    async appendBody(projectId: string, body: { text: string; receivedAt: number }, events: StoredEvent[]) {
      // The text parsed as JSON at ingest, so it stands in the frame as the value of `b` as it is.
      if (events.length) await write(`{"p":${JSON.stringify(projectId)},"r":${body.receivedAt},"b":${body.text}}`);
      return { inserted: events.length, duplicates: 0 };
    },
    async eraseUser(projectId: string, userId: string) {
      const erased = applier.erasure(projectId, userId);
      await write(JSON.stringify({ p: projectId, erase: userId } satisfies Entry)).catch((err) => {
        erased.cancel();
        throw err;
      });
      return erased.done;
    },
    backlog: () => journal.backlog(),
    warming: () => inner.warming?.() ?? false,
    async close() {
      await journal.settled();
      await applier.drain();
      await applier.stop();
      // Everything applied: empty the journal, so the next start has nothing to replay.
      if (journal.backlog() === 0) journal.reset();
      journal.close();
      await inner.close();
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e5 ? 3 : 1)} MB`;
}

/**
 * Group commit in front of the writer: batches that arrive while the event loop is busy are committed
 * together, each in its own savepoint, so many clients share one fsync. (A writer thread was measured and
 * lost here: on two cores shared with the HTTP work, copying batches across threads cost more than it saved.)
 */
import type { AppendResult, StoredEvent } from "../types.ts";
import type { Batch, WriteError, Writer } from "./writer.ts";

export type WriterClient = {
  append(projectId: string, events: StoredEvent[]): Promise<AppendResult>;
  eraseUser(projectId: string, userId: string): Promise<number>;
  close(): Promise<void>;
};

/** Turns a writer's error back into an Error carrying SQLite's code, for the store's 503 mapping. */
function toError(e: WriteError): Error {
  return Object.assign(new Error(e.message), { code: e.code });
}

export function groupCommit(writer: Writer): WriterClient {
  let pending: { batch: Batch; resolve(r: AppendResult): void; reject(e: Error): void }[] = [];
  const flush = () => {
    const jobs = pending;
    pending = [];
    writer.commit(jobs.map((j) => j.batch)).forEach((o, i) => (o.ok ? jobs[i].resolve(o.result) : jobs[i].reject(toError(o.error))));
  };
  return {
    append: (projectId, events) =>
      new Promise((resolve, reject) => {
        if (pending.push({ batch: { projectId, events }, resolve, reject }) === 1) setImmediate(flush);
      }),
    eraseUser: async (projectId, userId) => writer.eraseUser(projectId, userId),
    close: async () => {
      if (pending.length) flush();
    },
  };
}

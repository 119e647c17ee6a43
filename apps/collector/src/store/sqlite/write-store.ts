/**
 * The writing half of the SQLite engine alone: appends and erasures through the same writer and group commit
 * as the whole engine, for the ingest journal's applier thread, which then loads none of the query code.
 */
import type { EventStore } from "../types.ts";
import { openDatabase } from "./database.ts";
import { toStoreError } from "./errors.ts";
import { groupCommit } from "./group-commit.ts";
import { createWriter } from "./writer.ts";

export type WriteStore = Pick<EventStore, "append" | "eraseUser" | "close">;

/** Opens `file`, already migrated by the connection that answers reads. */
export function createSqliteWriteStore(file: string): WriteStore {
  const db = openDatabase(file);
  const writer = groupCommit(createWriter(db));
  return {
    append: (projectId, events) =>
      events.length ? writer.append(projectId, events).catch((err) => Promise.reject(toStoreError(err))) : Promise.resolve({ inserted: 0, duplicates: 0 }),
    eraseUser: (projectId, userId) => writer.eraseUser(projectId, userId).catch((err) => Promise.reject(toStoreError(err))),
    close: async () => {
      await writer.close();
      db.close();
    },
  };
}

/** Picks the storage engine once, at start, from the config. */
import { join } from "node:path";
import type { CollectorConfig } from "../config.ts";
import type { EventStore } from "./types.ts";

export async function openStore(config: CollectorConfig): Promise<EventStore> {
  if (config.storage === "clickhouse") {
    const { createClickHouseStore } = await import("./clickhouse/index.ts");
    return createClickHouseStore(config.clickhouse);
  }
  const file = join(config.dataDir, "uptake.sqlite");
  if (config.journal.enabled) {
    const { createJournaledSqliteStore } = await import("./journal/index.ts");
    return createJournaledSqliteStore({ file, dir: join(config.dataDir, "journal"), maxBacklogBytes: config.journal.maxBacklogBytes, timeZone: config.timeZone, warm: true });
  }
  const { createSqliteStore } = await import("./sqlite/index.ts");
  return createSqliteStore({ file, timeZone: config.timeZone, warm: true });
}

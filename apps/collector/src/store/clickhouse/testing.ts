/** Test helper: a ClickHouse store over a database of its own, dropped at the end, so test files can share the server. */
import { inject } from "vitest";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";

/** A database name of its own for `suite`, a store over it, and its removal. */
export function clickHouseDatabase(suite: string) {
  const url = inject("clickhouseUrl");
  const database = `${suite}_${process.pid}_${Date.now()}`;
  return {
    url,
    database,
    open: () => createClickHouseStore({ url, database }),
    drop: async () => {
      const http = createClickHouseHttp({ url });
      await http.exec(`DROP DATABASE IF EXISTS ${database}`);
      http.close();
    },
  };
}

/** `[open, drop]` for the shared suites' `(factory, cleanup)` arguments. */
export function freshClickHouse(suite: string) {
  const { open, drop } = clickHouseDatabase(suite);
  return [open, drop] as const;
}

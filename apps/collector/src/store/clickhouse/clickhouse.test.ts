import { inject } from "vitest";
import { describeEventStore } from "../contract.ts";
import { describeWidgetStore } from "../widget-contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";

const url = inject("clickhouseUrl");

/** A store over its own database, dropped at the end, so test files can share the server. */
function fresh(suite: string) {
  const database = `${suite}_${process.pid}_${Date.now()}`;
  return [
    () => createClickHouseStore({ url, database }),
    async () => {
      const http = createClickHouseHttp({ url });
      await http.exec(`DROP DATABASE IF EXISTS ${database}`);
      http.close();
    },
  ] as const;
}

describeEventStore("clickhouse", ...fresh("contract"));
describeWidgetStore("clickhouse", ...fresh("widgets"));

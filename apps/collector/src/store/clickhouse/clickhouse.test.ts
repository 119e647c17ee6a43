import { inject } from "vitest";
import { describeEventStore } from "../contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";

const url = inject("clickhouseUrl");
const database = `contract_${process.pid}_${Date.now()}`;

describeEventStore(
  "clickhouse",
  () => createClickHouseStore({ url, database }),
  async () => {
    const http = createClickHouseHttp({ url });
    await http.exec(`DROP DATABASE IF EXISTS ${database}`);
    http.close();
  },
);

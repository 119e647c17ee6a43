import { inject } from "vitest";
import { createClickHouseHttp } from "../store/clickhouse/http.ts";
import { createClickHouseStore } from "../store/clickhouse/index.ts";
import { describeAnalytics } from "./contract.ts";

const url = inject("clickhouseUrl");
const database = `analytics_${process.pid}_${Date.now()}`;
describeAnalytics(
  "clickhouse",
  () => createClickHouseStore({ url, database }),
  async () => {
    const http = createClickHouseHttp({ url });
    await http.exec(`DROP DATABASE IF EXISTS ${database}`);
    http.close();
  },
);

import { inject } from "vitest";
import { describePrivacyStore } from "../privacy-contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";

const url = inject("clickhouseUrl");
const database = `privacy_${process.pid}_${Date.now()}`;

describePrivacyStore(
  "clickhouse",
  () => createClickHouseStore({ url, database }),
  async () => {
    const http = createClickHouseHttp({ url });
    await http.exec(`DROP DATABASE IF EXISTS ${database}`);
    http.close();
  },
);

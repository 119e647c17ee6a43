import { describePrivacyStore } from "../privacy-contract.ts";
import { freshClickHouse } from "./testing.ts";

describePrivacyStore("clickhouse", ...freshClickHouse("privacy"));

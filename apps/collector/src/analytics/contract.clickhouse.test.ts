import { freshClickHouse } from "../store/clickhouse/testing.ts";
import { describeAnalytics } from "./contract.ts";

describeAnalytics("clickhouse", ...freshClickHouse("analytics"));

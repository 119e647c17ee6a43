import { defineProject } from "vitest/config";
// Setup and teardown start, fill and drop real ClickHouse databases: on a busy machine they outlast 10 s.
export default defineProject({ test: { name: "collector", environment: "node", hookTimeout: 60_000 } });

import { defineConfig } from "vitest/config";

// One run for every package; each project keeps its own environment (happy-dom for browser code).
export default defineConfig({
  test: {
    // One real ClickHouse server for every project's tests (inject("clickhouseUrl")).
    globalSetup: ["test/setup/clickhouse.ts"],
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "test/vitest.config.ts"],
  },
});

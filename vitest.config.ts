import { defineConfig } from "vitest/config";

// One run for every package; each project keeps its own environment (happy-dom for browser code).
export default defineConfig({
  test: {
    // One real ClickHouse server for every project's tests (inject("clickhouseUrl")), and the collector's
    // production build for the tests that run it as a process.
    globalSetup: ["test/setup/clickhouse.ts", "test/setup/collector-build.ts"],
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "test/vitest.config.ts"],
  },
});

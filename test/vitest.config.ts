import { defineProject } from "vitest/config";

// End-to-end runs start real servers and a real browser: generous timeouts, one file at a time per worker.
export default defineProject({
  test: {
    name: "e2e",
    environment: "node",
    include: ["**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

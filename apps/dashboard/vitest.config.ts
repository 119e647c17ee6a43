import { defineProject } from "vitest/config";

// The views' logic, rendered with Preact into happy-dom; the browser end-to-end runs live in /test.
export default defineProject({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: { name: "dashboard", environment: "happy-dom", include: ["src/**/*.test.{ts,tsx}", "*.test.ts"] },
});

/**
 * Vitest globalSetup: builds the collector as `npm start` runs it (apps/collector/build.mjs), from the sources
 * as they are now, so the tests that start the collector as a process run what ships, never a stale build.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup() {
  execFileSync(process.execPath, ["build.mjs"], { cwd: fileURLToPath(new URL("../../apps/collector/", import.meta.url)), stdio: "inherit" });
}

/**
 * The collector as it runs in production: two plain JavaScript bundles, the server and the ingest journal's
 * applier thread, with the SQL migrations copied beside them. Run from the build, neither the process nor
 * its thread loads tsx (its loader thread and compiler cost about 37 MB in the process and 22 MB in the
 * applier's thread, measured). Unit tests and the CLI still run the TypeScript sources through tsx;
 * scripts/ensure.sh rebuilds this when a source is newer, and the test run's globalSetup always does.
 */
import { build } from "esbuild";
import { cpSync, rmSync } from "node:fs";

const dist = new URL("./dist/", import.meta.url);
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { server: "src/server.ts", "apply-worker": "src/store/journal/apply-worker.ts" },
  absWorkingDir: import.meta.dirname,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Native code, loaded from node_modules as it is.
  external: ["better-sqlite3"],
  // Some dependencies are CommonJS and require() Node's modules; an ES module has no require of its own.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  logLevel: "warning",
});
for (const engine of ["sqlite", "clickhouse"]) {
  cpSync(new URL(`./src/store/${engine}/migrations/`, import.meta.url), new URL(`./store/${engine}/migrations/`, dist), { recursive: true });
}

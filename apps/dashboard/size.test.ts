// @vitest-environment node
// The dashboard's budget: all of its JavaScript under 60 KB gzip (level 9), measured on a fresh build of the
// current sources in exact bytes, so a stale dist/ can never pass for them.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, expect, it } from "vitest";

const BUDGET = 60 * 1024;
const out = mkdtempSync(join(tmpdir(), "uptake-dashboard-size-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function gzipBytes(files: string[]): number {
  return gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
}

it("ships one script and one stylesheet, the JavaScript under 60 KB gzip", async () => {
  // Vitest sets NODE_ENV=test, which would make Vite resolve packages' development builds; measure what ships.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: import.meta.dirname, configFile: join(import.meta.dirname, "vite.config.ts"), mode: "production", logLevel: "silent", build: { outDir: out } });
  } finally {
    process.env.NODE_ENV = env;
  }
  const assets = readdirSync(join(out, "assets"));
  const js = assets.filter((f) => f.endsWith(".js")).map((f) => join(out, "assets", f));
  const css = assets.filter((f) => f.endsWith(".css")).map((f) => join(out, "assets", f));
  expect(js).toHaveLength(1);
  expect(css).toHaveLength(1);
  const jsGzip = gzipBytes(js);
  console.log(`dashboard JS: ${jsGzip} bytes gzip -9 (${(jsGzip / 1024).toFixed(1)} KB); CSS: ${gzipBytes(css)} bytes`);
  expect(jsGzip).toBeLessThan(BUDGET);
  // The collector serves the page with script-src 'self': an inline script would be blocked.
  const html = readFileSync(join(out, "index.html"), "utf8");
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
});

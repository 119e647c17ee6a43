import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** The widgets chunk's budget, Preact included, in exact gzip-9 bytes. */
const WIDGETS_GZIP_BUDGET = 15_360;

const path = resolve(fileURLToPath(import.meta.url), "../../../dist/widgets.js");

describe("dist/widgets.js", () => {
  const code = () => {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm --filter @uptake/sdk build\` before the tests`);
    return readFileSync(path);
  };

  it(`is at most ${WIDGETS_GZIP_BUDGET} bytes gzipped at level 9, Preact included`, () => {
    const size = gzipSync(code(), { level: 9 }).length;
    expect(size, `widgets.js is ${size} B gzip-9`).toBeLessThanOrEqual(WIDGETS_GZIP_BUDGET);
  });

  it("registers itself for the core, and needs neither eval nor HTML parsing", () => {
    const text = code().toString();
    expect(text).toContain("__uptakeWidgets");
    expect(text).not.toMatch(/\beval\(|new Function\(|innerHTML\s*=|insertAdjacentHTML|document\.write/);
  });
});

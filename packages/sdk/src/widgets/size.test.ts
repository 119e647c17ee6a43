import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
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

  it("registers itself for the core, and needs no eval (a strict CSP forbids it)", () => {
    const text = code().toString();
    expect(text.includes("__uptakeWidgets")).toBe(true);
    expect(/\beval\(|new Function\(/.test(text)).toBe(false);
  });

  it("never hands text to the HTML parser: no innerHTML or dangerouslySetInnerHTML in the widgets' source", () => {
    const dir = resolve(fileURLToPath(import.meta.url), "..");
    const sources = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));
    const offenders = sources.filter((f) => /innerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

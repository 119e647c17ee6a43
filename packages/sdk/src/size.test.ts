import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { VERSION } from "./core/client";

/** Size is a feature: the script tag's budget, in exact gzip-9 bytes. */
const SDK_GZIP_BUDGET = 5120;
const SNIPPET_BUDGET = 600;

const dist = (file: string) => {
  const path = resolve(fileURLToPath(import.meta.url), "../../dist", file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm --filter @uptake/sdk build\` before the tests`);
  return readFileSync(path);
};

describe("dist/sdk.js", () => {
  it(`is at most ${SDK_GZIP_BUDGET} bytes gzipped at level 9`, () => {
    const size = gzipSync(dist("sdk.js"), { level: 9 }).length;
    expect(size, `sdk.js is ${size} B gzip-9`).toBeLessThanOrEqual(SDK_GZIP_BUDGET);
  });

  it("bundles no server code and no widgets", () => {
    const code = dist("sdk.js").toString();
    expect(code).not.toMatch(/zod|preact/i);
  });
});

describe("dist/snippet.min.js", () => {
  it(`is the contract's one-liner, under ${SNIPPET_BUDGET} bytes`, () => {
    const code = dist("snippet.min.js").toString().trim();
    expect(code.length).toBeLessThanOrEqual(SNIPPET_BUDGET);
    expect(code).toMatch(/^!function\(w,d,k\)\{.*\}\(window,document,"YOUR_WRITE_KEY"\);$/);
  });
});

describe("version", () => {
  it("is the package's", () => expect(VERSION).toBe(pkg.version));
});

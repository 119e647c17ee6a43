/**
 * The production build's applier thread (the ingest journal's, store/journal/apply-worker.ts) carries only
 * what applying batches needs: zod's schemas alone cost the thread about 15 MB of memory, measured.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const WORKER = fileURLToPath(new URL("../apps/collector/dist/apply-worker.mjs", import.meta.url));

it("bundles no zod schemas into the applier thread, and stays under 100 KB", () => {
  const code = readFileSync(WORKER, "utf8");
  expect(code).not.toMatch(/zod\/v4\/classic|ZodError/);
  expect(Buffer.byteLength(code)).toBeLessThan(100 * 1024);
});

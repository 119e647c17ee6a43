/**
 * The widgets chunk (dist/widgets.js, Preact included) beside the survey code peers ship: posthog-js's
 * lazily loaded surveys bundle, and Formbricks' survey UI (@formbricks/surveys; @formbricks/js itself is a
 * 4 KB loader that fetches that UI from the Formbricks server at run time, so it is listed apart).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createReport, type Report } from "./report.ts";
import { peerPackage } from "./peers.ts";
import { sizeOf } from "./sizes.ts";

const SDK = join(import.meta.dirname, "../packages/sdk");
const BUDGET = 15_360;

function widgetsChunk(): string {
  const file = join(SDK, "dist/widgets.js");
  if (!existsSync(file)) {
    process.stderr.write("  building packages/sdk/dist/widgets.js\n");
    execFileSync("npx", ["vite", "build", "-c", "vite.widgets.config.ts"], { cwd: SDK, stdio: "ignore" });
  }
  return file;
}

export async function run(report: Report) {
  report.section("Size: survey and checklist widgets (bytes; gzip -9, brotli -q 11)");
  const ours = sizeOf([widgetsChunk()]);
  const posthog = peerPackage("posthog-js@1.449.2");
  const formbricksUi = peerPackage("@formbricks/surveys@1.99.0");
  const formbricksLoader = peerPackage("@formbricks/js@5.1.0");
  const peers = [
    { name: "posthog-js 1.449.2 dist/surveys.js", size: sizeOf([join(posthog, "dist/surveys.js")]) },
    { name: "@formbricks/surveys 1.99.0 dist/index.umd.js", size: sizeOf([join(formbricksUi, "dist/index.umd.js")]) },
  ];
  for (const p of peers) {
    report.row({ what: "widgets.js (NPS + CSAT + checklist, Preact) gzip", uptake: ours.gzip, unit: "B", peer: `${p.name} ${p.size.gzip.toLocaleString("en-US")} B`, ratio: ours.gzip / p.size.gzip, target: `≤ ${BUDGET.toLocaleString("en-US")} B` });
  }
  report.row({ what: "widgets.js brotli", uptake: ours.brotli, unit: "B", peer: `${peers[0].name} ${peers[0].size.brotli.toLocaleString("en-US")} B`, ratio: ours.brotli / peers[0].size.brotli });
  report.row({ what: "widgets.js raw (minified)", uptake: ours.raw, unit: "B", peer: `${peers[0].name} ${peers[0].size.raw.toLocaleString("en-US")} B`, ratio: ours.raw / peers[0].size.raw });
  const loader = sizeOf([join(formbricksLoader, "dist/index.js")]);
  report.row({ what: "@formbricks/js 5.1.0 loader (fetches its UI at run time) gzip", uptake: "—", unit: "B", peer: `${loader.gzip.toLocaleString("en-US")} B` });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = createReport();
  await run(report);
  console.table(report.rows);
}

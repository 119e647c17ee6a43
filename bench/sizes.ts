/** Bundle sizes: Uptake's sdk.js core beside the tracking scripts vendors would otherwise embed. */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createReport, type Report } from "./report.ts";
import { findFile, peerPackage } from "./peers.ts";

const SDK_DIST = join(import.meta.dirname, "../packages/sdk/dist");

export type Size = { raw: number; gzip: number; brotli: number };

export function sizeOf(files: string[]): Size {
  const buf = Buffer.concat(files.map((f) => readFileSync(f)));
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The peers' browser scripts for plain event tracking, as their docs tell vendors to load them. */
export function trackingPeers(): { name: string; files: string[]; target?: string }[] {
  const posthog = peerPackage("posthog-js@1.449.2");
  const segment = peerPackage("@segment/analytics-next@1.84.3");
  const mixpanel = peerPackage("mixpanel-browser@2.83.0");
  const amplitude = peerPackage("@amplitude/analytics-browser@2.48.1");
  return [
    { name: "posthog-js (array.js core)", files: [join(posthog, "dist/array.js")] },
    { name: "posthog-js (array.full.js)", files: [join(posthog, "dist/array.full.js")] },
    { name: "Segment analytics.js (standalone)", files: [join(segment, "dist/umd/standalone.js")] },
    { name: "mixpanel-browser (mixpanel.min.js)", files: [join(mixpanel, "dist/mixpanel.min.js")] },
    { name: "Amplitude (amplitude-min.js)", files: [join(amplitude, "lib/scripts/amplitude-min.js")] },
    {
      name: "Formbricks JS loader (@formbricks/js)",
      files: [findFile(join(peerPackage("@formbricks/js@5.1.0"), "dist"), /^index\.js$/)],
      target: "— (a loader: its SDK comes from the server at run time)",
    },
  ];
}

export async function run(report: Report) {
  report.section("Size: script-tag bundles (bytes; gzip -9, brotli -q 11)");
  const core = sizeOf([join(SDK_DIST, "sdk.js")]);
  const kb = (n: number) => n / 1024;
  const peers = trackingPeers().map((p) => ({ ...p, size: sizeOf(p.files) }));
  const posthog = peers[0].size;
  report.row({ what: "sdk.js core, raw", uptake: kb(core.raw), unit: "KB", peer: kb(posthog.raw), target: "—" });
  report.row({ what: "sdk.js core, gzip", uptake: kb(core.gzip), unit: "KB", peer: kb(posthog.gzip), target: "≤ 5 KB" });
  report.row({ what: "sdk.js core, brotli", uptake: kb(core.brotli), unit: "KB", peer: kb(posthog.brotli), target: "—" });
  for (const p of peers) {
    report.row({ what: `gzip vs ${p.name}`, uptake: kb(core.gzip), unit: "KB", peer: kb(p.size.gzip), target: p.target ?? "smaller" });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

/**
 * Cost on the vendor's page, in headless Chromium: main-thread time added by loading the SDK, time per
 * track() call, and bytes on the wire per event, beside posthog-js loaded the same way (script tag, same page).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { peerPackage } from "./peers.ts";
import { createReport, median, type Report } from "./report.ts";

const RUNS = 7;
const CALLS = 10_000;
const WIRE_EVENTS = 200;

type Candidate = { name: string; head: string; track: string; flush: string };

function candidates(): Candidate[] {
  return [
    {
      name: "Uptake",
      head: `<script>${readFileSync(join(import.meta.dirname, "../packages/sdk/dist/snippet.min.js"), "utf8").replace("YOUR_WRITE_KEY", "wk_bench")}</script>
             <script async src="/sdk.js" data-write-key="wk_bench"></script>`,
      track: `uptake.track("Feature Used", { feature: "export", i })`,
      flush: `uptake.flush()`,
    },
    {
      name: "posthog-js",
      head: `<script src="/posthog.js"></script>
             <script>posthog.init("phc_bench", { api_host: location.origin, autocapture: false, disable_session_recording: true,
               advanced_disable_flags: true, advanced_disable_decide: true, capture_pageview: true, persistence: "localStorage",
               opt_out_useragent_filter: true })</script>`,
      track: `posthog.capture("Feature Used", { feature: "export", i })`,
      flush: `new Promise((r) => setTimeout(r, 4000))`,
    },
  ];
}

export async function run(report: Report) {
  report.section("Cost on the host page (headless Chromium; median of " + RUNS + " loads)");
  const posthogJs = readFileSync(join(peerPackage("posthog-js@1.449.2"), "dist/array.js"));
  const sdkJs = readFileSync(join(import.meta.dirname, "../packages/sdk/dist/sdk.js"));
  const wire = { bytes: 0, requests: 0 };
  const pages = new Map<string, string>();
  const server = createServer(async (req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST") {
      let n = 0;
      for await (const chunk of req) n += (chunk as Buffer).length;
      wire.bytes += n;
      wire.requests++;
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end('{"success":true,"status":1}');
      return;
    }
    if (url.pathname === "/sdk.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(sdkJs);
    if (url.pathname === "/posthog.js") return res.writeHead(200, { "content-type": "text/javascript" }).end(posthogJs);
    const html = pages.get(url.pathname);
    if (html) return res.writeHead(200, { "content-type": "text/html" }).end(html);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><h1>Host page</h1></body></html>`;
  pages.set("/blank", page(""));
  const all = candidates();
  for (const c of all) pages.set(`/${c.name}`, page(c.head));

  /** Main-thread script and task time of one fresh page load, until the SDK is ready and has sent its page view. */
  const loadCost = async (path: string) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send("Performance.enable");
    await tab.goto(origin + path, { waitUntil: "load" });
    await tab.waitForTimeout(300);
    const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
    await context.close();
    const get = (n: string) => (metrics.find((m) => m.name === n)?.value ?? 0) * 1000;
    return { script: get("ScriptDuration"), task: get("TaskDuration") };
  };

  const baseline: number[] = [];
  const costs = new Map<string, { script: number[]; task: number[] }>();
  for (let i = 0; i < RUNS; i++) {
    baseline.push((await loadCost("/blank")).script);
    for (const c of all) {
      const r = await loadCost(`/${c.name}`);
      const entry = costs.get(c.name) ?? { script: [], task: [] };
      entry.script.push(r.script);
      entry.task.push(r.task);
      costs.set(c.name, entry);
    }
  }
  const base = median(baseline);
  const ours = costs.get("Uptake")!;
  const theirs = costs.get("posthog-js")!;
  report.row({ what: "script time added by loading the SDK", uptake: median(ours.script) - base, unit: "ms", peer: median(theirs.script) - base, target: "smaller" });

  /** Time per call, in the page, after the SDK is ready; and bytes posted per event. */
  const perCall = async (c: Candidate) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${origin}/${c.name}`, { waitUntil: "load" });
    await tab.waitForFunction(c.name === "Uptake" ? "window.uptake && !Array.isArray(window.uptake)" : "window.posthog && window.posthog.__loaded");
    await tab.evaluate(c.flush);
    const ms = await tab.evaluate(`(() => { const t = performance.now(); for (let i = 0; i < ${CALLS}; i++) ${c.track}; return performance.now() - t; })()`);
    await tab.evaluate(c.flush);
    await tab.waitForTimeout(1000);
    wire.bytes = 0;
    wire.requests = 0;
    await tab.evaluate(`(() => { for (let i = 0; i < ${WIRE_EVENTS}; i++) ${c.track}; })()`);
    await tab.evaluate(c.flush);
    await tab.waitForTimeout(c.name === "Uptake" ? 500 : 0);
    const bytes = wire.bytes / WIRE_EVENTS;
    await context.close();
    return { usPerCall: ((ms as number) / CALLS) * 1000, bytes };
  };
  const u = await perCall(all[0]);
  const p = await perCall(all[1]);
  report.row({ what: `time per track() call (${CALLS.toLocaleString("en-US")} calls)`, uptake: u.usPerCall, unit: "µs", peer: p.usPerCall, target: "smaller" });
  report.row({ what: `bytes on the wire per event (${WIRE_EVENTS} events)`, uptake: u.bytes, unit: "B", peer: p.bytes, target: "—" });

  await browser.close();
  server.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

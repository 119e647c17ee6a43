/**
 * The dashboard's first load: its JavaScript in bytes (gzip -9), and the time from navigation to the overview
 * rendered in headless Chromium against a collector holding 1 M seeded demo events (median of cold loads,
 * each in a fresh browser context). The peer is the same overview's query API answers fetched straight
 * from Node, in parallel as the page asks them: what the page adds on top of the collector's own time.
 * Size: UPTAKE_BENCH_DASHBOARD_EVENTS (default 1000000).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { loadDemoData } from "@uptake/collector/demo-data/load.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import { createReport, median, type Report } from "./report.ts";
import { spawnCollector } from "./servers/spawn.ts";

const DIST = join(import.meta.dirname, "../apps/dashboard/dist");
const EVENTS = Number(process.env.UPTAKE_BENCH_DASHBOARD_EVENTS ?? 1_000_000);
const RUNS = 5;
const WRITE_KEY = "wk_bench_dashboard";
const SECRET = "sk_bench_dashboard";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];


/** The routes the overview asks on first load, with its default filters (last 30 days, by day). */
function overviewRoutes(now: number): string[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const q = `from=${day(now - 29 * 86_400_000)}&to=${day(now)}&interval=day`;
  return [`/v1/trends/active-users?${q}`, `/v1/trends/logins?${q}`, `/v1/trends/features?${q}`, "/v1/surveys", "/v1/checklists", `/v1/alerts?${q}`];
}

export async function run(report: Report) {
  report.section("Dashboard: first load");
  if (!existsSync(join(DIST, "index.html"))) throw new Error("apps/dashboard/dist is missing: run `pnpm --filter @uptake/dashboard run build`");
  const files = readdirSync(join(DIST, "assets"));
  const gzip = (ext: string) => gzipSync(Buffer.concat(files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(DIST, "assets", f)))), { level: 9 }).length;
  report.row({ what: "dashboard JS, gzip -9", uptake: gzip(".js") / 1024, unit: "KB", target: "< 60 KB" });
  report.row({ what: "dashboard CSS, gzip -9", uptake: gzip(".css") / 1024, unit: "KB" });

  const dir = mkdtempSync(join(tmpdir(), "uptake-bench-dashboard-"));
  const label = `${EVENTS / 1e6} M`;
  try {
    const store = createSqliteStore({ file: join(dir, "uptake.sqlite") });
    await store.ensureProject({ id: "default", name: "Bench", writeKey: WRITE_KEY, secretKeyHash: hashSecret(SECRET) });
    const loaded = await loadDemoData(store, { projectId: "default", events: EVENTS, seed: 42 }, (p) =>
      process.stderr.write(`\r  loading ${label}: ${p.events.toLocaleString("en-US")} events   `),
    );
    process.stderr.write("\n");
    await store.close();

    const collector = await spawnCollector({ UPTAKE_DATA_DIR: dir, UPTAKE_WRITE_KEY: WRITE_KEY, UPTAKE_SECRET_KEY: SECRET });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
    try {
      const first: number[] = [];
      const all: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
        await ctx.addInitScript((key) => localStorage.setItem("uptake.secretKey", key), SECRET);
        const page = await ctx.newPage();
        await page.goto(collector.url + "/", { waitUntil: "commit" });
        await page.waitForSelector('[data-stat="dau"]', { timeout: 120_000 });
        const dau = await page.evaluate(() => performance.now());
        await page.waitForFunction(() => !document.querySelector(".spinner"), undefined, { timeout: 120_000, polling: "raf" });
        const done = await page.evaluate(() => performance.now());
        await ctx.close();
        // The first load warms the collector's SQLite page cache, as any visit after start-up would find it.
        if (i === 0) continue;
        first.push(dau);
        all.push(done);
        process.stderr.write(`  load ${i}: active users at ${dau.toFixed(0)} ms, every card at ${done.toFixed(0)} ms\n`);
      }

      const api: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await Promise.all(overviewRoutes(Date.now()).map((r) => fetch(collector.url + r, { headers: { authorization: `Bearer ${SECRET}` } }).then((res) => res.text())));
        api.push(performance.now() - t);
      }
      const apiMs = median(api);
      // Which answer the page waits for longest, asked alone: where a faster overview has to come from.
      const alone = [];
      for (const r of overviewRoutes(Date.now())) {
        const t = performance.now();
        await fetch(collector.url + r, { headers: { authorization: `Bearer ${SECRET}` } }).then((res) => res.text());
        alone.push({ route: r.split("?")[0], ms: performance.now() - t });
      }
      const slowest = alone.sort((a, b) => b.ms - a.ms)[0];
      report.row({ what: `overview: active users shown, ${label} events (${loaded.accounts} accounts)`, uptake: median(first), unit: "ms", peer: `API alone ${apiMs.toFixed(0)} ms`, target: "< 1,500 ms" });
      report.row({ what: `overview: every card rendered, ${label} events`, uptake: median(all), unit: "ms", peer: apiMs, target: "< 1,500 ms" });
      report.row({ what: `slowest overview answer alone: ${slowest.route}`, uptake: slowest.ms, unit: "ms" });
    } finally {
      await browser.close();
      await collector.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

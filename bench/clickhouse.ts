/**
 * ClickHouse bench: loads the seeded demo events into a private ClickHouse server and into SQLite through
 * the same store interface (ingest rate of each, with progress), then times every query route over the
 * last 90 days through the real app on both engines, side by side (median of several runs).
 *
 * Sizes: BENCH_CH_EVENTS (comma-separated), 1 M and 10 M by default. SQLite's figures are the analytics
 * module's, measured in the same run on the same seeded data, so `npm run bench` loads each size into SQLite
 * once; run alone, this module loads SQLite beside ClickHouse up to BENCH_CH_SQLITE_MAX (1 M by default). BENCH_CH_EVENTS=100000000
 * is the "< 1 s over 100 M events" run, on ClickHouse only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@uptake/collector";
import { readConfig } from "@uptake/collector/config.ts";
import { loadDemoData } from "@uptake/collector/demo-data/load.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createClickHouseStore } from "@uptake/collector/store/clickhouse/index.ts";
import { createClickHouseServer } from "@uptake/collector/store/clickhouse/test-server.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import type { EventStore } from "@uptake/collector/store/types.ts";
import { createReport, median, type Report } from "./report.ts";

const SECRET = "sk_bench_clickhouse";
const END = Date.parse("2026-11-01T00:00:00Z");
const DAYS = 180;
const RUNS = 5;

const ROUTES: { what: string; path: string }[] = [
  { what: "active users (DAU/WAU/MAU), by day", path: "/v1/trends/active-users?interval=day" },
  { what: "active users, segment account.tier", path: "/v1/trends/active-users?interval=day&segment=account.tier:high-touch" },
  { what: "active users, tz=America/Sao_Paulo", path: "/v1/trends/active-users?interval=day&tz=America/Sao_Paulo" },
  { what: "logins by week", path: "/v1/trends/logins?interval=week" },
  { what: "logins by week, segment account.tier", path: "/v1/trends/logins?interval=week&segment=account.tier:high-touch" },
  { what: "features by week (adoption, breadth, retained)", path: "/v1/trends/features?interval=week" },
  { what: "features by week, segment account.tier", path: "/v1/trends/features?interval=week&segment=account.tier:high-touch" },
  { what: "retention, weekly cohorts", path: "/v1/retention?interval=week" },
  { what: "NPS results by week", path: "/v1/surveys/nps-q/results?interval=week" },
  { what: "checklist funnel", path: "/v1/checklists/onboarding/funnel" },
  { what: "accounts by health", path: "/v1/accounts?sort=health" },
  { what: "accounts by health, segment account.tier", path: "/v1/accounts?sort=health&segment=account.tier:high-touch" },
  { what: "one account (people, features, answers)", path: "/v1/accounts/acct_00001" },
  { what: "alerts", path: "/v1/alerts" },
  { what: "renewals by month", path: "/v1/renewals?interval=month" },
];

const label = (n: number) => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);

export async function run(report: Report, sizes = readSizes()) {
  report.section("ClickHouse beside SQLite (90-day range; peer = SQLite)");
  const server = await createClickHouseServer();
  await server.start();
  try {
    for (const size of sizes) await runSize(report, server.url, size);
  } finally {
    await server.destroy();
  }
}

async function load(store: EventStore, engine: string, size: number) {
  await store.ensureProject({ id: "bench", name: "Bench", writeKey: "wk_bench_ch", secretKeyHash: hashSecret(SECRET) });
  const loaded = await loadDemoData(store, { projectId: "bench", events: size, days: DAYS, end: END, seed: 42 }, (p) =>
    process.stderr.write(`\r  loading ${label(size)} into ${engine}: ${p.events.toLocaleString("en-US")} events, ${p.eventsPerSecond.toLocaleString("en-US")} ev/s   `),
  );
  process.stderr.write("\n");
  return loaded;
}

async function timeRoutes(store: EventStore, dir: string): Promise<Map<string, number>> {
  const app = createApp({ store, config: readConfig({ UPTAKE_DATA_DIR: dir }), clock: { now: () => END } });
  const to = new Date(END - 86_400_000).toISOString().slice(0, 10);
  const from = new Date(END - 90 * 86_400_000).toISOString().slice(0, 10);
  const out = new Map<string, number>();
  for (const r of ROUTES) {
    const url = `${r.path}${r.path.includes("?") ? "&" : "?"}from=${from}&to=${to}`;
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const res = await app.request(url, { headers: { authorization: `Bearer ${SECRET}` } });
      await res.text();
      if (res.status !== 200) throw new Error(`${store.engine} ${url} answered ${res.status}`);
      if (i > 0) times.push(performance.now() - t);
    }
    process.stderr.write(`  ${store.engine} ${r.what}: ${median(times).toFixed(1)} ms\n`);
    out.set(r.what, median(times));
  }
  return out;
}

async function runSize(report: Report, url: string, size: number) {
  const dir = mkdtempSync(join(tmpdir(), "uptake-bench-ch-"));
  const database = `bench_${size}`;
  try {
    const clickhouse = await createClickHouseStore({ url, database });
    const ch = await load(clickhouse, "ClickHouse", size);
    // The analytics module of the same run already timed SQLite on these very events: load them again only
    // when it did not (this module run alone, or a size it skipped).
    const recorded = recordedSqlite(report, ch.events);
    const withSqlite = recorded.size === 0 && size <= Number(process.env.BENCH_CH_SQLITE_MAX ?? 1_000_000);
    const sqlite = withSqlite ? createSqliteStore({ file: join(dir, "uptake.sqlite") }) : null;
    const sq = sqlite && (await load(sqlite, "SQLite", size));
    const chTimes = await timeRoutes(clickhouse, dir);
    const sqTimes = sqlite ? await timeRoutes(sqlite, dir) : recorded;
    const sqLoad = sq?.eventsPerSecond ?? report.points.find((p) => p.chart === LOAD_CHART && p.series === "SQLite" && p.x === ch.events)?.y;
    report.row({
      what: `ingest ${ch.events.toLocaleString("en-US")} events through append()`,
      uptake: ch.eventsPerSecond, peer: sqLoad ?? "not run", unit: "ev/s", target: "ClickHouse ≥ 100,000 ev/s",
    });
    report.point({ chart: LOAD_CHART, series: "ClickHouse", x: ch.events, y: ch.eventsPerSecond });
    for (const r of ROUTES) {
      report.row({
        what: `${r.what}, ${label(size)} events`, uptake: chTimes.get(r.what) ?? NaN, peer: sqTimes.get(r.what) ?? "not run", unit: "ms",
        target: size >= 1e8 ? "< 1 s" : size >= 1e7 ? "faster than SQLite" : "",
      });
      report.point({ chart: "ClickHouse: route answer, ms (90-day range)", series: r.what, x: ch.events, y: chTimes.get(r.what) ?? NaN });
    }
    await clickhouse.close();
    await sqlite?.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LOAD_CHART = "Load through append(), events/s";

/** SQLite's answers to the same routes over the same seeded events, as the analytics module recorded them. */
function recordedSqlite(report: Report, events: number): Map<string, number> {
  return new Map(
    report.points.filter((p) => p.chart === "SQLite: route answer, ms (90-day range)" && p.x === events).map((p) => [p.series, p.y]),
  );
}

function readSizes(): number[] {
  const raw = process.env.BENCH_CH_EVENTS ?? "1000000,10000000";
  return raw.split(",").map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

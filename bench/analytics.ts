/**
 * Query API bench: loads seeded demo events (100 k, 1 M and 10 M by default) into SQLite through the store
 * interface (load rate in events/s, beside its ceiling: events-ceiling.ts), then times each route's answer over the last 90 days through the real app
 * (median of several runs), beside the naive peer (the same question as plain SQL over the raw events), and the
 * peak RSS of the collector, built as `npm start` runs it, taking events and answering every route.
 * Sizes: BENCH_EVENTS=100000,1000000 (or UPTAKE_BENCH_ANALYTICS_SIZES).
 * The per-route figures are also recorded as points, which the ClickHouse module reads as its SQLite peer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "@uptake/collector";
import { readConfig } from "@uptake/collector/config.ts";
import { loadDemoData } from "@uptake/collector/demo-data/load.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import { openStore } from "@uptake/collector/store/open.ts";
import type { EventStore } from "@uptake/collector/store/types.ts";
import { eventsTableCeiling } from "./events-ceiling.ts";
import { batchBody } from "./load.ts";
import { createReport, median, type Report } from "./report.ts";
import { spawnCollector } from "./servers/spawn.ts";

const collectorRequire = join(import.meta.dirname, "../apps/collector/package.json");
const SECRET = "sk_bench_analytics";
const END = Date.parse("2026-11-01T00:00:00Z");
const DAYS = 180;
const RUNS = 5;

const ROUTES: { what: string; path: string; target: string; peer?: string }[] = [
  { what: "active users (DAU/WAU/MAU), by day", path: "/v1/trends/active-users?interval=day", target: "< 100 ms", peer: "dau" },
  { what: "active users, segment account.tier", path: "/v1/trends/active-users?interval=day&segment=account.tier:high-touch", target: "< 100 ms" },
  { what: "active users, tz=America/Sao_Paulo", path: "/v1/trends/active-users?interval=day&tz=America/Sao_Paulo", target: "< 100 ms" },
  { what: "logins by week", path: "/v1/trends/logins?interval=week", target: "< 100 ms", peer: "logins" },
  { what: "logins by week, segment account.tier", path: "/v1/trends/logins?interval=week&segment=account.tier:high-touch", target: "< 100 ms" },
  { what: "features by week (adoption, breadth, retained)", path: "/v1/trends/features?interval=week", target: "< 100 ms", peer: "features" },
  { what: "features by week, segment account.tier", path: "/v1/trends/features?interval=week&segment=account.tier:high-touch", target: "< 100 ms" },
  { what: "retention, weekly cohorts", path: "/v1/retention?interval=week", target: "< 1 s" },
  { what: "NPS results by week", path: "/v1/surveys/nps-q/results?interval=week", target: "< 100 ms" },
  { what: "CSAT results by week", path: "/v1/surveys/csat-support/results?interval=week", target: "< 100 ms" },
  { what: "checklist funnel", path: "/v1/checklists/onboarding/funnel", target: "< 100 ms" },
  { what: "accounts by health", path: "/v1/accounts?sort=health", target: "< 100 ms" },
  { what: "accounts by health, segment account.tier", path: "/v1/accounts?sort=health&segment=account.tier:high-touch", target: "< 100 ms" },
  { what: "alerts", path: "/v1/alerts", target: "< 100 ms" },
  { what: "renewals by month", path: "/v1/renewals?interval=month", target: "< 100 ms" },
  { what: "one account (people, features, answers)", path: "/v1/accounts/acct_00001", target: "< 100 ms" },
];


export async function run(report: Report, sizes = readSizes()) {
  report.section("Query API (SQLite, 90-day range)");
  for (const size of sizes) await runSize(report, size);
}

async function runSize(report: Report, size: number) {
  const dir = mkdtempSync(join(tmpdir(), "uptake-bench-analytics-"));
  const label = size >= 1e6 ? `${size / 1e6} M` : `${size / 1e3} k`;
  try {
    const store = createSqliteStore({ file: join(dir, "uptake.sqlite") });
    await store.ensureProject({ id: "bench", name: "Bench", writeKey: "wk_bench_analytics", secretKeyHash: hashSecret(SECRET) });
    const loaded = await loadDemoData(store, { projectId: "bench", events: size, days: DAYS, end: END, seed: 42 }, (p) =>
      process.stderr.write(`\r  loading ${label}: ${p.events.toLocaleString("en-US")} events, ${p.eventsPerSecond.toLocaleString("en-US")} ev/s   `),
    );
    process.stderr.write("\n");
    report.row({ what: `load ${loaded.events.toLocaleString("en-US")} events (${loaded.accounts} accounts, ${loaded.users} users) through append()`, uptake: loaded.eventsPerSecond, unit: "ev/s", target: "≥ 100,000 ev/s" });

    await store.close();
    const ceiling = eventsTableCeiling(dir, { events: size, days: DAYS, end: END, seed: 42 }, (n) =>
      process.stderr.write(`\r  the events table alone, ${label}: ${n.toLocaleString("en-US")} events   `),
    );
    process.stderr.write("\n");
    report.row({
      what: `the same ${ceiling.events.toLocaleString("en-US")} events into the events table alone (its ${ceiling.indexes} indexes, no rollups or profiles): the ceiling of the row above`,
      uptake: ceiling.eventsPerSecond, unit: "ev/s", target: "≥ 100,000 ev/s",
    });
    report.point({ chart: "Load through append(), events/s", series: "SQLite, events table alone", x: ceiling.events, y: ceiling.eventsPerSecond });
    if (size === 1_000_000) await loadWithRandomIds(report, dir, size);
    // The answering runs in a fresh process, like a collector started on an existing data dir, so its RSS
    // is the collector's and not the loader's.
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--answer", dir], {
      encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`answering process failed (${child.status})`);
    const answers = JSON.parse(child.stdout) as { rows: { what: string; ms: number; peer: number | null; target: string }[] };
    for (const r of answers.rows) {
      report.row({ what: `${r.what}, ${label} events`, uptake: r.ms, unit: "ms", peer: r.peer ?? "—", target: r.target });
      report.point({ chart: "SQLite: route answer, ms (90-day range)", series: r.what, x: loaded.events, y: r.ms });
    }
    report.point({ chart: "Load through append(), events/s", series: "SQLite", x: loaded.events, y: loaded.eventsPerSecond });
    report.row({ what: `collector peak RSS, taking events and answering every route, ${label} events`, uptake: await collectorPeakRss(dir), unit: "MB", target: "< 300 MB" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same events with random v4 messageIds, as Segment's own libraries send them, into a second file: the
 * demo's ids are a counter, so like uptake.js's time-ordered ids they land close together in the dedupe index
 * (project, messageId), where random ones land anywhere in it.
 */
async function loadWithRandomIds(report: Report, dir: string, size: number) {
  const store = createSqliteStore({ file: join(dir, "random-ids.sqlite") });
  await store.ensureProject({ id: "bench", name: "Bench", writeKey: "wk_bench_random", secretKeyHash: hashSecret("sk_bench_random") });
  const randomIds: EventStore = { ...store, append: (p, events) => store.append(p, events.map((e) => ({ ...e, messageId: randomUUID() }))) };
  const loaded = await loadDemoData(randomIds, { projectId: "bench", events: size, days: DAYS, end: END, seed: 42 }, (p) =>
    process.stderr.write(`\r  loading 1 M with random messageIds: ${p.events.toLocaleString("en-US")} events, ${p.eventsPerSecond.toLocaleString("en-US")} ev/s   `),
  );
  process.stderr.write("\n");
  report.row({ what: `load ${loaded.events.toLocaleString("en-US")} events with random v4 messageIds (Segment's libraries) through append()`, uptake: loaded.eventsPerSecond, unit: "ev/s", target: "≥ 100,000 ev/s" });
  await store.close();
}

/**
 * The collector's peak RSS (VmHWM, its whole life): the production build started on the loaded file, taking
 * 2,000 events into another project (so its ingest journal's applier thread runs, as in a collector that
 * takes events too), holding the days its analytics read ahead, then answering every route once over HTTP.
 */
async function collectorPeakRss(dir: string): Promise<number> {
  const collector = await spawnCollector({ UPTAKE_DATA_DIR: dir, UPTAKE_WRITE_KEY: "wk_bench_rss", UPTAKE_SECRET_KEY: "sk_bench_rss" });
  try {
    const body = batchBody("wk_bench_rss", 50);
    for (let n = 0; n < 40; n++) {
      const res = await fetch(`${collector.url}/v1/batch`, { method: "POST", headers: { "content-type": "application/json" }, body: body(0, n) });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
    }
    await collector.warmed();
    for (const r of ROUTES) {
      const url = `${collector.url}${routeUrl(r.path)}`;
      const res = await fetch(url, { headers: { authorization: `Bearer ${SECRET}` } });
      await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    }
    return collector.peakRssMb();
  } finally {
    await collector.stop();
  }
}

/** The 90 days before END. */
function range() {
  return { from: new Date(END - 90 * 86_400_000).toISOString().slice(0, 10), to: new Date(END - 86_400_000).toISOString().slice(0, 10) };
}

/** A route's path with the 90-day range added to its query. */
function routeUrl(path: string): string {
  const { from, to } = range();
  return `${path}${path.includes("?") ? "&" : "?"}from=${from}&to=${to}`;
}

/** The child process: opens the loaded file, answers every route RUNS times, prints the medians. */
async function answer(dir: string) {
  // The store as a collector opens it (the ingest journal in front of SQLite included).
  const config = readConfig({ UPTAKE_DATA_DIR: dir });
  const store = await openStore(config);
  const app = createApp({ store, config, clock: { now: () => END } });
  // Measured once the days the analytics read ahead are held, as a collector answers a while after its start.
  while (store.warming?.()) await new Promise((r) => setTimeout(r, 100));
  const { from, to } = range();
  const peers = naivePeers(join(dir, "uptake.sqlite"), from, to);
  const rows: { what: string; ms: number; peer: number | null; target: string }[] = [];
  for (const r of ROUTES) {
    const url = routeUrl(r.path);
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const res = await app.request(url, { headers: { authorization: `Bearer ${SECRET}` } });
      await res.text();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      if (i > 0) times.push(performance.now() - t);
    }
    process.stderr.write(`  ${r.what}: ${median(times).toFixed(1)} ms\n`);
    rows.push({ what: r.what, ms: median(times), peer: null as number | null, target: r.target });
  }
  ROUTES.forEach((r, i) => {
    if (r.peer) rows[i].peer = peers.measure(r.peer) ?? null;
  });
  peers.close();
  await store.close();
  process.stdout.write(JSON.stringify({ rows }));
}

/** The peer: each question as one plain SQL query over the raw events (what you would write without rollups). */
function naivePeers(file: string, from: string, to: string) {
  // Opened through the store's own driver (the collector's dependency), read-only: engine against engine.
  const Database = createRequire(collectorRequire)("better-sqlite3") as new (f: string, o: object) => {
    prepare(s: string): { all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown };
    close(): void;
  };
  const db = new Database(file, { readonly: true });
  const { n } = db.prepare("SELECT max(rowid) AS n FROM events").get() as { n: number };
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  // At 10 M events one naive answer takes 8 to 17 s here: one cold run says enough and keeps the bench short.
  const [warmups, runs] = n > 5_000_000 ? [0, 1] : [1, 3];
  const time = (sql: string) => () => {
    const times: number[] = [];
    for (let i = 0; i < warmups + runs; i++) {
      const t = performance.now();
      db.prepare(sql).all("bench", start, end);
      if (i >= warmups) times.push(performance.now() - t);
    }
    return median(times);
  };
  const queries: Record<string, () => number> = {
    dau: time("SELECT ts / 86400000 AS d, count(DISTINCT actor) FROM events WHERE project_id = ? AND ts >= ? AND ts < ? GROUP BY d"),
    logins: time("SELECT ts / 604800000 AS w, count(*), count(DISTINCT actor) FROM events WHERE project_id = ? AND event = 'Signed In' AND ts >= ? AND ts < ? GROUP BY w"),
    features: time("SELECT json_extract(properties, '$.feature') AS f, count(*), count(DISTINCT actor), count(DISTINCT account_id) FROM events WHERE project_id = ? AND event = 'Feature Used' AND ts >= ? AND ts < ? GROUP BY f"),
  };
  return { measure: (name: string) => queries[name]?.(), close: () => db.close() };
}

function readSizes(): number[] {
  // Three sizes by default, two decades apart: the scaling chart's curve, within the 15 minutes of `npm run bench`.
  const raw = process.env.BENCH_EVENTS ?? process.env.UPTAKE_BENCH_ANALYTICS_SIZES ?? "100000,1000000,10000000";
  return raw.split(",").map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "--answer") await answer(process.argv[3]);
  else await run(createReport());
}

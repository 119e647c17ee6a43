/** Ingest: the collector's events/s over loopback at several concurrencies (SQLite, then ClickHouse), beside a bare node:http JSON parse. */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClickHouseServer } from "@uptake/collector/store/clickhouse/test-server.ts";
import { batchBody, load, type LoadResult } from "./load.ts";
import { createReport, type Report } from "./report.ts";
import { spawnCollector, spawnServer } from "./servers/spawn.ts";

const BATCH = 50;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 5);
const CONCURRENCY = (process.env.BENCH_CONC ?? "1,4,16").split(",").map(Number);
/** Rounds of bare, ceiling and collector in turn at each concurrency: one 5 s run of bare moved 110-315 k events/s here. */
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);
const WRITE_KEY = "wk_bench";

const acked = (r: LoadResult) => (r.statuses[200] ?? 0) * BATCH;
const rate = (r: LoadResult) => acked(r) / r.seconds;
const clients = (n: number) => `${n} client${n > 1 ? "s" : ""}`;

/** Runs the real collector in its own process with `env`, loads it, and stops it (which applies what its journal holds). */
async function measure(env: Record<string, string>, concurrency: number) {
  const dataDir = mkdtempSync(join(tmpdir(), "uptake-bench-ingest-"));
  const collector = await spawnCollector({
    UPTAKE_DATA_DIR: dataDir,
    UPTAKE_WRITE_KEY: WRITE_KEY,
    UPTAKE_SECRET_KEY: "sk_bench",
    UPTAKE_RATE_PER_KEY: "100000000",
    UPTAKE_RATE_PER_IP: "100000000",
    ...env,
  });
  const result = await load({ url: `${collector.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(WRITE_KEY, BATCH) });
  const rss = collector.rssMb();
  // Stopping applies what the ingest journal still holds: acknowledged events over run plus that time is the
  // rate at which they reach the tables.
  const stopping = performance.now();
  await collector.stop();
  return { result, rss, drained: (performance.now() - stopping) / 1000, dataDir };
}

async function loadServer(file: string, concurrency: number) {
  const child = await spawnServer(file);
  const result = await load({ url: `${child.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(WRITE_KEY, BATCH) });
  await child.stop();
  return rate(result);
}

function storedEvents(dataDir: string) {
  const db = new Database(join(dataDir, "uptake.sqlite"), { readonly: true });
  const stored = (db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
  db.close();
  return stored;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => (xs.length > 1 ? ` (runs: ${xs.map((x) => `${Math.round(x / 1000)} k`).join(", ")})` : "");

/** What the clients of one run saw beside its rate: latency and the collector's memory after it. */
function runRows(report: Report, r: { result: LoadResult; rss: number }, of: string) {
  report.row({ what: `p50 / p99 latency, ${of}`, uptake: `${r.result.p50.toFixed(1)} / ${r.result.p99.toFixed(1)} ms` });
  report.row({ what: `collector RSS after run, ${of}`, uptake: r.rss, unit: "MB" });
}

export async function run(report: Report) {
  report.section(
    `Ingest: batches of ${BATCH} events over loopback, ${SECONDS} s per run, medians of ${ROUNDS} rounds of bare, ceiling and collector in turn ` +
      "(SQLite: acknowledged once in the ingest journal, O_DSYNC; the tables commit with synchronous=FULL)",
  );
  const bareRates = new Map<number, number>();
  for (const concurrency of CONCURRENCY) {
    // In turn, so a busy spell of the machine falls on all three alike; the medians are compared.
    const bare: number[] = [];
    const durable: number[] = [];
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    let stored = 0;
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await loadServer("bare.ts", concurrency));
      // What a 200 after the disk costs by itself: the bare parse plus the journal's append, nothing else.
      durable.push(await loadServer("bare-durable.ts", concurrency));
      const run = await measure({}, concurrency);
      runs.push(run);
      stored += storedEvents(run.dataDir);
      acknowledged += acked(run.result);
      rmSync(run.dataDir, { recursive: true, force: true });
    }
    bareRates.set(concurrency, median(bare));
    const rates = runs.map((r) => rate(r.result));
    const tables = runs.map((r) => acked(r.result) / (r.result.seconds + r.drained));
    const mid = runs[rates.indexOf(median(rates))];
    report.row({ what: `events/s, bare node:http${spread(bare)}, ${clients(concurrency)}`, uptake: median(bare), unit: "ev/s" });
    report.row({
      what: `events/s, bare node:http + O_DSYNC journal append (the durable ceiling)${spread(durable)}, ${clients(concurrency)}`,
      uptake: median(durable), unit: "ev/s", peer: median(bare),
    });
    report.row({ what: `events/s${spread(rates)}, ${clients(concurrency)}`, uptake: median(rates), unit: "ev/s", peer: median(bare), target: "≥ 40 % of bare node:http" });
    report.row({ what: `events/s into the tables (journal applied ${mid.drained.toFixed(1)} s after the median run)${spread(tables)}, ${clients(concurrency)}`, uptake: median(tables), unit: "ev/s" });
    runRows(report, mid, `median run, ${clients(concurrency)}`);
    const refused = runs.filter((r) => r.result.errors).map((r) => JSON.stringify(r.result.statuses));
    if (refused.length) report.row({ what: `non-200 answers, ${clients(concurrency)}`, uptake: refused.join("; ") });
    const of = `${stored.toLocaleString("en-US")} of ${acknowledged.toLocaleString("en-US")}`;
    report.row({ what: `acknowledged events on disk, all ${ROUNDS} runs, ${clients(concurrency)}`, uptake: of, peer: "—", target: "all" });
  }

  // BENCH_CLICKHOUSE=0 measures SQLite alone (the ClickHouse runs need its server and take as long again).
  if (process.env.BENCH_CLICKHOUSE === "0") return;
  const server = await createClickHouseServer();
  await server.start();
  try {
    report.section(`Ingest into ClickHouse 18.16: batches of ${BATCH} events over loopback, ${SECONDS} s per run`);
    for (const concurrency of CONCURRENCY) {
      const env = { UPTAKE_STORAGE: "clickhouse", UPTAKE_CLICKHOUSE_URL: server.url, UPTAKE_CLICKHOUSE_DATABASE: `bench_ingest_${concurrency}` };
      const run = await measure(env, concurrency);
      rmSync(run.dataDir, { recursive: true, force: true });
      const { result } = run;
      report.row({ what: `events/s, ${clients(concurrency)}`, uptake: rate(result), unit: "ev/s", peer: bareRates.get(concurrency)! });
      runRows(report, run, clients(concurrency));
      if (result.errors) report.row({ what: `non-200 answers, ${clients(concurrency)}`, uptake: JSON.stringify(result.statuses) });
    }
  } finally {
    await server.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

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
const WRITE_KEY = "wk_bench";

const acked = (r: LoadResult) => (r.statuses[200] ?? 0) * BATCH;
const rate = (r: LoadResult) => acked(r) / r.seconds;
const clients = (n: number) => `${n} client${n > 1 ? "s" : ""}`;

/** Runs the real collector in its own process with `env`, loads it, and reports what the clients saw. */
async function measure(report: Report, env: Record<string, string>, concurrency: number, bare: number) {
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
  const drained = (performance.now() - stopping) / 1000;
  report.row({ what: `events/s, ${clients(concurrency)}`, uptake: rate(result), unit: "ev/s", peer: bare, target: env.UPTAKE_STORAGE ? "—" : "≥ 40 % of bare node:http" });
  if (!env.UPTAKE_STORAGE) {
    report.row({
      what: `events/s into the tables (journal applied ${drained.toFixed(1)} s after the run), ${clients(concurrency)}`,
      uptake: Math.round(acked(result) / (result.seconds + drained)), unit: "ev/s",
    });
  }
  report.row({ what: `p50 / p99 latency, ${clients(concurrency)}`, uptake: `${result.p50.toFixed(1)} / ${result.p99.toFixed(1)} ms` });
  report.row({ what: `collector RSS after run, ${clients(concurrency)}`, uptake: rss, unit: "MB" });
  if (result.errors) report.row({ what: `non-200 answers, ${clients(concurrency)}`, uptake: JSON.stringify(result.statuses) });
  return { result, dataDir };
}

export async function run(report: Report) {
  report.section(`Ingest: batches of ${BATCH} events over loopback, ${SECONDS} s per run (SQLite: acknowledged once in the ingest journal, O_DSYNC; the tables commit with synchronous=FULL)`);
  const bareRates = new Map<number, number>();
  for (const concurrency of CONCURRENCY) {
    const bare = await spawnServer("bare.ts");
    bareRates.set(concurrency, rate(await load({ url: `${bare.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(WRITE_KEY, BATCH) })));
    await bare.stop();
    // What a 200 after the disk costs by itself: the bare parse plus the journal's append, nothing else.
    const durable = await spawnServer("bare-durable.ts");
    const durableRate = rate(await load({ url: `${durable.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(WRITE_KEY, BATCH) }));
    await durable.stop();
    report.row({
      what: `events/s, bare node:http + O_DSYNC journal append (the durable ceiling), ${clients(concurrency)}`,
      uptake: durableRate, unit: "ev/s", peer: bareRates.get(concurrency)!,
    });

    const { result, dataDir } = await measure(report, {}, concurrency, bareRates.get(concurrency)!);
    const db = new Database(join(dataDir, "uptake.sqlite"), { readonly: true });
    const stored = (db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
    const of = `${stored.toLocaleString("en-US")} of ${acked(result).toLocaleString("en-US")}`;
    report.row({ what: `acknowledged events on disk, ${clients(concurrency)}`, uptake: of, peer: "—", target: "all" });
  }

  // BENCH_CLICKHOUSE=0 measures SQLite alone (the ClickHouse runs need its server and take as long again).
  if (process.env.BENCH_CLICKHOUSE === "0") return;
  const server = await createClickHouseServer();
  await server.start();
  try {
    report.section(`Ingest into ClickHouse 18.16: batches of ${BATCH} events over loopback, ${SECONDS} s per run`);
    for (const concurrency of CONCURRENCY) {
      const env = { UPTAKE_STORAGE: "clickhouse", UPTAKE_CLICKHOUSE_URL: server.url, UPTAKE_CLICKHOUSE_DATABASE: `bench_ingest_${concurrency}` };
      const { dataDir } = await measure(report, env, concurrency, bareRates.get(concurrency)!);
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    await server.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

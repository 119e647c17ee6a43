/** Ingest: the collector's events/s over loopback at several concurrencies (SQLite, then ClickHouse), beside a bare node:http JSON parse. */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchBody, load } from "./load.ts";
import { createReport, type Report } from "./report.ts";
import { spawnServer } from "./servers/spawn.ts";
import { createClickHouseServer } from "@uptake/collector/store/clickhouse/test-server.ts";

const BATCH = 50;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 5);
const CONCURRENCY = (process.env.BENCH_CONC ?? "1,4,16").split(",").map(Number);

/** Acknowledged events/s and latency of the collector over ClickHouse, beside the same bare ceiling. */
async function clickhouse(report: Report, writeKey: string, bare: Record<number, number>) {
  const server = await createClickHouseServer();
  await server.start();
  try {
    report.section(`Ingest into ClickHouse 18.16: batches of ${BATCH} events over loopback, ${SECONDS} s per run`);
    for (const concurrency of CONCURRENCY) {
      const collector = await spawnServer("collector.ts", {
        UPTAKE_STORAGE: "clickhouse",
        UPTAKE_CLICKHOUSE_URL: server.url,
        UPTAKE_CLICKHOUSE_DATABASE: `bench_ingest_${concurrency}`,
        UPTAKE_DATA_DIR: mkdtempSync(join(tmpdir(), "uptake-bench-ch-")),
        UPTAKE_WRITE_KEY: writeKey,
        UPTAKE_SECRET_KEY: "sk_bench",
        UPTAKE_RATE_PER_KEY: "100000000",
        UPTAKE_RATE_PER_IP: "100000000",
      });
      const result = await load({ url: `${collector.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(writeKey, BATCH) });
      const rss = collector.rssMb();
      await collector.stop();
      const eps = ((result.statuses[200] ?? 0) * BATCH) / result.seconds;
      report.row({ what: `events/s, ${concurrency} client${concurrency > 1 ? "s" : ""}`, uptake: eps, unit: "ev/s", peer: bare[concurrency], target: "—" });
      report.row({ what: `p50 / p99 latency, ${concurrency} clients`, uptake: `${result.p50.toFixed(1)} / ${result.p99.toFixed(1)} ms` });
      report.row({ what: `collector RSS after run, ${concurrency} clients`, uptake: rss, unit: "MB" });
      if (result.errors) report.row({ what: `non-200 answers, ${concurrency} clients`, uptake: JSON.stringify(result.statuses) });
    }
  } finally {
    await server.destroy();
  }
}

export async function run(report: Report) {
  const bareRates: Record<number, number> = {};
  report.section(`Ingest: batches of ${BATCH} events over loopback, ${SECONDS} s per run (SQLite, synchronous=FULL)`);
  const writeKey = "wk_bench";
  for (const concurrency of CONCURRENCY) {
    const bare = await spawnServer("bare.ts");
    const bareResult = await load({ url: `${bare.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(writeKey, BATCH) });
    await bare.stop();

    const dataDir = mkdtempSync(join(tmpdir(), "uptake-bench-ingest-"));
    const collector = await spawnServer("collector.ts", {
      UPTAKE_DATA_DIR: dataDir,
      UPTAKE_WRITE_KEY: writeKey,
      UPTAKE_SECRET_KEY: "sk_bench",
      UPTAKE_RATE_PER_KEY: "100000000",
      UPTAKE_RATE_PER_IP: "100000000",
    });
    const result = await load({ url: `${collector.url}/v1/batch`, concurrency, seconds: SECONDS, body: batchBody(writeKey, BATCH) });
    const rss = collector.rssMb();
    await collector.stop();
    const acknowledged = (result.statuses[200] ?? 0) * BATCH;
    const db = new Database(join(dataDir, "uptake.sqlite"), { readonly: true });
    const stored = (db.prepare("SELECT COUNT(*) AS n FROM events").get() as { n: number }).n;
    db.close();
    rmSync(dataDir, { recursive: true, force: true });

    const eps = (r: typeof result) => ((r.statuses[200] ?? 0) * BATCH) / r.seconds;
    bareRates[concurrency] = eps(bareResult);
    report.row({ what: `events/s, ${concurrency} client${concurrency > 1 ? "s" : ""}`, uptake: eps(result), unit: "ev/s", peer: eps(bareResult), target: "≥ 40 % of bare node:http" });
    report.row({ what: `p50 / p99 latency, ${concurrency} clients`, uptake: `${result.p50.toFixed(1)} / ${result.p99.toFixed(1)} ms`, peer: `${bareResult.p50.toFixed(1)} / ${bareResult.p99.toFixed(1)} ms` });
    report.row({ what: `acknowledged events on disk, ${concurrency} clients`, uptake: `${stored.toLocaleString("en-US")} of ${acknowledged.toLocaleString("en-US")}`, target: "all", peer: "—" });
    report.row({ what: `collector RSS after run, ${concurrency} clients`, uptake: rss, unit: "MB" });
    if (result.errors) report.row({ what: `non-200 answers, ${concurrency} clients`, uptake: JSON.stringify(result.statuses) });
  }
  await clickhouse(report, writeKey, bareRates);
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

/**
 * Load and soak: the collector (its own process, SQLite) pushed to its measured peak for 60 s, then held at
 * 70 % of the rate its tables sustained over that minute (paced, open loop: latency counts from when each
 * request was due, so a stall is not hidden) for 1 minute in the default run (which has 15 minutes for
 * everything), or 10 with BENCH_SOAK=1. Errors, p99 and the collector's RSS at start, middle and end.
 *
 * The ramp's peak is what ingest acknowledges in bursts of a few seconds, into the ingest journal; held for a
 * minute, the journal fills up to its limit and ingest answers 503 (the SDKs retry), so what the collector
 * sustains is what its tables take: acknowledged events over the minute plus the time to apply the rest.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchBody, load } from "./load.ts";
import { createReport, type Report } from "./report.ts";
import { spawnCollector, type Child } from "./servers/spawn.ts";

const BATCH = 20; // what the browser SDK sends at most per batch
const WRITE_KEY = "wk_soak";
const RAMP = [1, 2, 4, 8, 16, 32];
const RAMP_SECONDS = Number(process.env.BENCH_RAMP_SECONDS ?? 4);
const PEAK_SECONDS = Number(process.env.BENCH_PEAK_SECONDS ?? 60);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? (process.env.BENCH_SOAK === "1" ? 600 : 60));

const log = (line: string) => process.stderr.write(`  ${line}\n`);

type Paced = { requests: number; errors: number; late: number; p50: number; p99: number; statuses: Record<string, number>; rss: number[] };

/** Sends `rps` requests per second for `seconds`, each on time whatever the answers before it; samples RSS every 5 s. */
async function paced(child: Child, rps: number, seconds: number, body: (n: number) => string): Promise<Paced> {
  // Idle sockets are closed before the server's 5 s keep-alive timeout would close them under a new request.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const rss: number[] = [child.rssMb()];
  let errors = 0;
  let late = 0;
  let inFlight = 0;
  const sampler = setInterval(() => {
    rss.push(child.rssMb());
    log(`${((performance.now() - start) / 1000).toFixed(0)} s: RSS ${rss.at(-1)!.toFixed(0)} MB, ${latencies.length} requests, ${errors} errors`);
  }, 5000);
  const start = performance.now();
  const send = (n: number, due: number) => {
    const text = body(n);
    inFlight++;
    const req = request(
      { host: "127.0.0.1", port: child.port, path: "/v1/batch", method: "POST", agent, headers: { "content-type": "text/plain", "content-length": Buffer.byteLength(text) } },
      (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0, due));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => done(err.code ?? "error", due));
    req.end(text);
  };
  const done = (status: number | string, due: number) => {
    inFlight--;
    latencies.push(performance.now() - due);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 200) errors++;
  };
  for (let n = 0; ; n++) {
    const due = start + (n / rps) * 1000;
    if (due > start + seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -100) late++;
    // A collector that fell far behind would otherwise be buried under an ever-growing pile of sockets.
    while (inFlight >= 512) await new Promise((r) => setTimeout(r, 1));
    send(n, due);
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  clearInterval(sampler);
  rss.push(child.rssMb());
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, late, p50: at(0.5), p99: at(0.99), statuses, rss };
}

/** Seconds until the collector's ingest journal is applied (its /health backlog reaches 0). */
async function drained(child: Child): Promise<number> {
  const start = performance.now();
  for (;;) {
    const health = (await (await fetch(`${child.url}/health`)).json()) as { backlogBytes?: number };
    if (!health.backlogBytes) return (performance.now() - start) / 1000;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function run(report: Report) {
  const dataDir = mkdtempSync(join(tmpdir(), "uptake-bench-soak-"));
  const child = await spawnCollector({
    UPTAKE_DATA_DIR: dataDir, UPTAKE_WRITE_KEY: WRITE_KEY, UPTAKE_SECRET_KEY: "sk_soak",
    UPTAKE_RATE_PER_KEY: "100000000", UPTAKE_RATE_PER_IP: "100000000",
  });
  const url = `${child.url}/v1/batch`;
  const body = batchBody(WRITE_KEY, BATCH);
  try {
    report.section(`Load and soak: batches of ${BATCH} events, SQLite, the collector in its own process`);
    // The peak: more clients until throughput stops growing by 5 % twice in a row (once may be another
    // process's noise on a shared machine).
    let peak = { concurrency: 1, rate: 0 };
    let flat = 0;
    for (const concurrency of RAMP) {
      const r = await load({ url, concurrency, seconds: RAMP_SECONDS, body: (c, n) => body(c, n + concurrency * 1_000_000) });
      const rate = ((r.statuses[200] ?? 0) * BATCH) / r.seconds;
      log(`ramp: ${concurrency} clients → ${Math.round(rate)} events/s, p99 ${r.p99.toFixed(1)} ms`);
      if (rate < peak.rate * 1.05) {
        if (++flat === 2) break;
        if (rate > peak.rate) peak = { concurrency, rate };
        continue;
      }
      flat = 0;
      peak = { concurrency, rate };
    }
    report.row({ what: "peak events/s (ramped clients)", uptake: Math.round(peak.rate), unit: "ev/s", target: `${peak.concurrency} clients` });

    const rssBefore = child.rssMb();
    const held = await load({ url, concurrency: peak.concurrency, seconds: PEAK_SECONDS, body: (c, n) => body(c, n + 90_000_000) });
    const heldRate = ((held.statuses[200] ?? 0) * BATCH) / held.seconds;
    log(`peak held ${PEAK_SECONDS} s: ${Math.round(heldRate)} events/s, ${held.errors} errors, p99 ${held.p99.toFixed(1)} ms`);
    report.row({ what: `at peak for ${PEAK_SECONDS} s: events/s`, uptake: Math.round(heldRate), unit: "ev/s" });
    const refused = held.statuses[503] ?? 0;
    report.row({ what: `at peak for ${PEAK_SECONDS} s: 503 (journal full, the SDK retries)`, uptake: refused });
    report.row({ what: `at peak for ${PEAK_SECONDS} s: other errors`, uptake: held.errors - refused, target: "0" });
    report.row({ what: `at peak for ${PEAK_SECONDS} s: p50 / p99`, uptake: `${held.p50.toFixed(1)} / ${held.p99.toFixed(1)} ms` });
    report.row({ what: `at peak: RSS before / after`, uptake: `${rssBefore.toFixed(0)} / ${child.rssMb().toFixed(0)} MB` });

    const drain = await drained(child);
    const sustained = ((held.statuses[200] ?? 0) * BATCH) / (held.seconds + drain);
    log(`journal applied ${drain.toFixed(1)} s after the peak: the tables took ${Math.round(sustained)} events/s`);
    report.row({ what: `at peak: events/s into the tables (journal applied ${drain.toFixed(0)} s after)`, uptake: Math.round(sustained), unit: "ev/s" });

    const rps = (sustained * 0.7) / BATCH;
    const soak = await paced(child, rps, SOAK_SECONDS, (n) => body(7, n + 200_000_000));
    const mid = soak.rss[Math.floor(soak.rss.length / 2)];
    const [first, last] = [soak.rss[0], soak.rss.at(-1)!];
    const minutes = SOAK_SECONDS % 60 ? `${SOAK_SECONDS} s` : `${SOAK_SECONDS / 60} min`;
    report.row({ what: `70 % of sustained for ${minutes}: events/s`, uptake: Math.round((soak.requests * BATCH) / SOAK_SECONDS), unit: "ev/s" });
    report.row({ what: `70 % of sustained for ${minutes}: errors`, uptake: soak.errors, target: "0" });
    report.row({ what: `70 % of sustained for ${minutes}: p50 / p99 from due time`, uptake: `${soak.p50.toFixed(1)} / ${soak.p99.toFixed(1)} ms` });
    report.row({ what: `70 % of sustained for ${minutes}: RSS start / middle / end`, uptake: `${first.toFixed(0)} / ${mid.toFixed(0)} / ${last.toFixed(0)} MB`, target: "no growth" });
    report.row({ what: `70 % of sustained for ${minutes}: RSS growth, middle → end`, uptake: `${(((last - mid) / mid) * 100).toFixed(1)} %`, target: "< 10 %" });
    if (soak.errors || held.errors) report.row({ what: "non-200 answers", uptake: JSON.stringify({ peak: held.statuses, soak: soak.statuses }) });
  } finally {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = createReport();
  await run(report);
  for (const r of report.rows) console.log(`${r.what.padEnd(56)} ${r.uptake}${r.unit ? ` ${r.unit}` : ""}${r.target ? `   (${r.target})` : ""}`);
}

/**
 * Rollup zone bench: the same seeded events loaded into two SQLite files, one whose rollups count UTC days (the
 * default) and one whose rollups count São Paulo days (UPTAKE_TIME_ZONE=America/Sao_Paulo), then each route asked
 * in São Paulo time over the last 90 days through the real app. The first file answers from raw events (the
 * peer column), the second from its rollups. Size: BENCH_ZONE_EVENTS (1 M by default).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@uptake/collector";
import { readConfig } from "@uptake/collector/config.ts";
import { loadDemoData } from "@uptake/collector/demo-data/load.ts";
import { hashSecret } from "@uptake/collector/keys.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import { createReport, median, type Report } from "./report.ts";

const SECRET = "sk_bench_zone";
const END = Date.parse("2026-11-01T00:00:00Z");
const ZONE = "America/Sao_Paulo";
const ROUTES: { what: string; path: string }[] = [
  { what: "active users by day", path: "/v1/trends/active-users?interval=day" },
  { what: "logins by week", path: "/v1/trends/logins?interval=week" },
  { what: "features by week", path: "/v1/trends/features?interval=week" },
  { what: "retention, weekly cohorts", path: "/v1/retention?interval=week" },
  { what: "accounts by health", path: "/v1/accounts?sort=health" },
  { what: "alerts", path: "/v1/alerts" },
  { what: "one account", path: "/v1/accounts/acct_00001" },
];


/** Loads `size` events into a file whose rollups count `zone`'s days and times every route asked in São Paulo time. */
async function measure(zone: string, size: number, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), "uptake-bench-zone-"));
  try {
    const store = createSqliteStore({ file: join(dir, "uptake.sqlite"), timeZone: zone });
    await store.ensureProject({ id: "bench", name: "Bench", writeKey: "wk_bench_zone", secretKeyHash: hashSecret(SECRET) });
    const loaded = await loadDemoData(store, { projectId: "bench", events: size, days: 180, end: END, seed: 42 }, (p) =>
      process.stderr.write(`\r  loading into rollups in ${zone} days: ${p.events.toLocaleString("en-US")} events, ${p.eventsPerSecond.toLocaleString("en-US")} ev/s   `),
    );
    process.stderr.write("\n");
    const app = createApp({ store, config: readConfig({ UPTAKE_DATA_DIR: dir }), clock: { now: () => END } });
    const range = `from=${new Date(END - 90 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(END - 86_400_000).toISOString().slice(0, 10)}&tz=${ZONE}`;
    const ms = new Map<string, number>();
    for (const r of ROUTES) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        const res = await app.request(`${r.path}${r.path.includes("?") ? "&" : "?"}${range}`, { headers: { authorization: `Bearer ${SECRET}` } });
        await res.text();
        if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}`);
        if (i > 0) times.push(performance.now() - t);
      }
      ms.set(r.what, median(times));
      process.stderr.write(`  ${zone}: ${r.what} ${median(times).toFixed(1)} ms\n`);
    }
    await store.close();
    return { loaded, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(report: Report) {
  const size = Number(process.env.BENCH_ZONE_EVENTS ?? 1_000_000);
  const label = size >= 1e6 ? `${size / 1e6} M` : `${size / 1e3} k`;
  report.section(`Asked in São Paulo time (SQLite, ${label} events, 90-day range; peer = rollups in UTC days, which read raw events)`);
  const local = await measure(ZONE, size, 5);
  // Raw reads take seconds each: three runs are enough for a median.
  const utc = await measure("UTC", size, 3);
  report.row({ what: "load through append(), rollups in São Paulo days", uptake: local.loaded.eventsPerSecond, unit: "ev/s", peer: utc.loaded.eventsPerSecond });
  for (const r of ROUTES) report.row({ what: r.what, uptake: local.ms.get(r.what) ?? 0, unit: "ms", peer: utc.ms.get(r.what) ?? 0 });
}

if (import.meta.url === `file://${process.argv[1]}`) await run(createReport());

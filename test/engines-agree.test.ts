/**
 * The same seeded demo data into SQLite and into ClickHouse, then every query route asked of both through
 * the real app: the JSON answers must be identical, route by route, in UTC and another time zone, with
 * and without segments.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateDemoEvents } from "@uptake/collector/demo-data/generate.ts";
import { createClickHouseHttp } from "@uptake/collector/store/clickhouse/http.ts";
import { createClickHouseStore } from "@uptake/collector/store/clickhouse/index.ts";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";
import type { EventStore } from "@uptake/collector/store/types.ts";
import { testCollector } from "@uptake/collector/testing.ts";

const END = Date.parse("2026-11-02T00:00:00Z");
const NOW = END + 10 * 3_600_000;
const database = `agree_${process.pid}_${Date.now()}`;

const ROUTES = [
  "/v1/trends/active-users?interval=day",
  "/v1/trends/active-users?interval=week&from=2026-08-01&to=2026-11-01",
  "/v1/trends/active-users?interval=month&from=2026-08-01&to=2026-11-01&tz=Asia/Kolkata",
  "/v1/trends/logins?interval=week&from=2026-08-15&to=2026-11-01",
  "/v1/trends/logins?interval=day&tz=America/Sao_Paulo&segment=account.tier:high-touch",
  "/v1/trends/features?interval=week&from=2026-08-15&to=2026-11-01",
  "/v1/trends/features?interval=month&feature=export&segment=role:admin",
  "/v1/retention?interval=week&from=2026-08-15&to=2026-11-01",
  "/v1/retention?interval=month&from=2026-08-01&to=2026-11-01&tz=America/Sao_Paulo",
  "/v1/surveys/nps-q/results?interval=week&from=2026-08-15&to=2026-11-01",
  "/v1/surveys/csat-support/results?interval=month&from=2026-08-15&to=2026-11-01",
  "/v1/checklists/onboarding/funnel?from=2026-08-15&to=2026-11-01",
  "/v1/accounts?sort=health",
  "/v1/accounts?sort=health&segment=account.plan:enterprise",
  "/v1/alerts",
  "/v1/renewals?from=2026-08-15&to=2026-11-01",
];

describe("SQLite and ClickHouse answer every route the same", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "uptake-agree-"));
  let sqlite: EventStore;
  let clickhouse: EventStore;
  let apps: Awaited<ReturnType<typeof testCollector>>[];

  beforeAll(async () => {
    sqlite = createSqliteStore({ file: join(dir, "agree.sqlite") });
    clickhouse = await createClickHouseStore({ url: inject("clickhouseUrl"), database });
    apps = [await testCollector({ store: sqlite, now: () => NOW }), await testCollector({ store: clickhouse, now: () => NOW })];
    const gen = generateDemoEvents({ seed: 5, events: 30_000, days: 100, end: END, batchSize: 500, lateShare: 0.05 });
    for (let r = gen.next(); !r.done; r = gen.next()) {
      await sqlite.append("default", r.value);
      await clickhouse.append("default", r.value);
    }
  }, 240_000);
  afterAll(async () => {
    await sqlite?.close();
    await clickhouse?.close();
    const http = createClickHouseHttp({ url: inject("clickhouseUrl") });
    await http.exec(`DROP DATABASE IF EXISTS ${database}`);
    http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(ROUTES)("%s", async (route) => {
    const [a, b] = await Promise.all(apps.map((app) => app.query(route)));
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const [ja, jb] = [await a.json(), await b.json()];
    // Not two empty answers: the seeded data reaches every route.
    expect(JSON.stringify(ja).length).toBeGreaterThan(200);
    expect(jb).toEqual(ja);
  });
});

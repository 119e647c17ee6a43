import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../config.ts";
import { dayNumber } from "../../time.ts";
import type { StoredEvent } from "../types.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-zone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const login = (id: string, iso: string): StoredEvent => ({
  messageId: id, type: "track", event: "Signed In", userId: "ana", anonymousId: null, accountId: null,
  timestamp: Date.parse(iso), receivedAt: 0, properties: {}, traits: {}, context: {},
});

describe("the rollup zone", () => {
  it("counts a sign-in at 01:00 UTC on the São Paulo day before, from the rollups", async () => {
    const file = join(dir, "sp.sqlite");
    const store = createSqliteStore({ file, timeZone: "America/Sao_Paulo" });
    await store.append("p", [login("a", "2026-10-06T01:00:00Z"), login("b", "2026-10-06T12:00:00Z")]);
    const q = { from: "2026-10-05", to: "2026-10-06", interval: "day" as const };
    const series = (s: { series: { date: string; logins: number }[] }) => s.series.map((p) => `${p.date}: ${p.logins}`);
    expect(series(await store.loginStats("p", { ...q, tz: "America/Sao_Paulo" }))).toEqual(["2026-10-05: 1", "2026-10-06: 1"]);
    expect(series(await store.loginStats("p", { ...q, tz: "UTC" }))).toEqual(["2026-10-05: 0", "2026-10-06: 2"]);
    await store.close();
    // The rows themselves are São Paulo days: what the rollup path reads.
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT day, n FROM key_days ORDER BY day").all()).toEqual([
      { day: dayNumber("2026-10-05"), n: 1 }, { day: dayNumber("2026-10-06"), n: 1 },
    ]);
    db.close();
    // Without the raw events, São Paulo questions still answer (from the rollups) and UTC ones no longer do.
    const raw = new Database(file);
    raw.exec("DELETE FROM events");
    raw.close();
    const again = createSqliteStore({ file });
    expect(series(await again.loginStats("p", { ...q, tz: "America/Sao_Paulo" }))).toEqual(["2026-10-05: 1", "2026-10-06: 1"]);
    expect(series(await again.loginStats("p", { ...q, tz: "UTC" }))).toEqual(["2026-10-05: 0", "2026-10-06: 0"]);
    await again.close();
  });

  it("keeps the zone a file was created with, and refuses to open it with another", async () => {
    const file = join(dir, "kept.sqlite");
    await createSqliteStore({ file, timeZone: "America/Sao_Paulo" }).close();
    await createSqliteStore({ file }).close();
    expect(() => createSqliteStore({ file, timeZone: "Europe/Lisbon" })).toThrow(
      /rollups count days in America\/Sao_Paulo, not Europe\/Lisbon\. Start with UPTAKE_TIME_ZONE=America\/Sao_Paulo/,
    );
  });

  it("takes a file that held events before zones existed as counting UTC days", async () => {
    const file = join(dir, "old.sqlite");
    const store = createSqliteStore({ file });
    await store.append("p", [login("a", "2026-10-06T01:00:00Z")]);
    await store.close();
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(file);
    db.exec("DROP TABLE store_settings; DELETE FROM schema_migrations WHERE name = '100_rollup_zone.sql'");
    db.close();
    expect(() => createSqliteStore({ file, timeZone: "America/Sao_Paulo" })).toThrow(/rollups count days in UTC, not America\/Sao_Paulo/);
  });

  it("refuses a zone that is not one", () => {
    expect(() => readConfig({ UPTAKE_TIME_ZONE: "Brasilia" })).toThrow(/UPTAKE_TIME_ZONE must be an IANA time zone/);
    expect(readConfig({ UPTAKE_TIME_ZONE: "America/Sao_Paulo" }).timeZone).toBe("America/Sao_Paulo");
  });
});

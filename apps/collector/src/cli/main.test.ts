import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../store/sqlite/index.ts";
import type { StoredEvent } from "../store/types.ts";
import { main } from "./main.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const login = (id: string, iso: string): StoredEvent => ({
  messageId: id, type: "track", event: "Signed In", userId: "ana", anonymousId: null, accountId: null,
  timestamp: Date.parse(iso), receivedAt: 0, properties: {}, traits: {}, context: {},
});

async function run(...argv: string[]) {
  const lines: string[] = [];
  const code = await main([...argv, "--data-dir", dir], (s) => lines.push(s));
  return { code, text: lines.join("\n") };
}

describe("uptake rollups rebuild", () => {
  it("counts a data file's rollups again in another zone's days, which then answers in that zone by default", async () => {
    const store = createSqliteStore({ file: join(dir, "uptake.sqlite") });
    await store.append("default", [login("a", "2026-10-06T01:00:00Z"), login("b", "2026-10-06T12:00:00Z")]);
    await store.close();
    const logins = async () => {
      const r = await run("trends", "logins", "--from", "2026-10-05", "--to", "2026-10-06", "--interval", "day", "--json");
      return (JSON.parse(r.text) as { series: { logins: number }[] }).series.map((p) => p.logins);
    };
    expect(await logins()).toEqual([0, 2]);

    const rebuilt = await run("rollups", "rebuild", "--zone", "America/Sao_Paulo");
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.text).toMatch(/now count America\/Sao_Paulo days \(2 events,.*start the collector with UPTAKE_TIME_ZONE=America\/Sao_Paulo/);
    expect(await logins()).toEqual([1, 1]);
  });

  it("refuses while a collector holds the data dir's journal", async () => {
    // The test runner's parent process stands in for a running collector.
    await createSqliteStore({ file: join(dir, "uptake.sqlite") }).close();
    mkdirSync(join(dir, "journal"), { recursive: true });
    writeFileSync(join(dir, "journal", "LOCK"), String(process.ppid));
    const r = await run("rollups", "rebuild", "--zone", "UTC");
    rmSync(join(dir, "journal", "LOCK"));
    expect(r).toEqual({ code: 1, text: expect.stringMatching(/in use by process \d+: is another collector running on this data dir\? Stop it before/) });
    expect((await run("rollups", "rebuild", "--zone", "UTC")).code).toBe(0);
  });

  it("says what it needs instead of guessing a zone", async () => {
    expect(await run("rollups", "rebuild", "--zone", "Brasilia")).toEqual({ code: 1, text: expect.stringMatching(/needs --zone with an IANA time zone/) });
    expect((await run("rollups", "rebuild")).code).toBe(1);
  });
});

/**
 * The production build refusing to start on a setting a person must fix: one line saying what to do, exit
 * code 1, no stack trace, and the data file left as it was.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "@uptake/collector/store/sqlite/index.ts";

const SERVER = fileURLToPath(new URL("../apps/collector/dist/server.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "uptake-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", UPTAKE_DATA_DIR: dir, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: r.status, stderr: r.stderr.trim() };
}

describe("a collector started with a setting to fix", () => {
  it("names a time zone that is not one", () => {
    const r = start({ UPTAKE_TIME_ZONE: "Brasilia" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Uptake collector cannot start: UPTAKE_TIME_ZONE must be an IANA time zone (e.g. America/Sao_Paulo), not "Brasilia"');
  });

  it("names the zone a data file counts its days in, and how to change it", async () => {
    await createSqliteStore({ file: join(dir, "uptake.sqlite"), timeZone: "America/Sao_Paulo" }).close();
    const r = start({ UPTAKE_TIME_ZONE: "Europe/Lisbon" });
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot start: .*uptake\.sqlite: its rollups count days in America\/Sao_Paulo, not Europe\/Lisbon\. Start with UPTAKE_TIME_ZONE=America\/Sao_Paulo, or stop the collector and count them again in Europe\/Lisbon days with `uptake rollups rebuild --zone Europe\/Lisbon`$/);
    const kept = createSqliteStore({ file: join(dir, "uptake.sqlite") });
    expect(kept.rollupZone).toBe("America/Sao_Paulo");
    await kept.close();
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../store/sqlite/index.ts";
import { describeAnalytics } from "./contract.ts";

// Rollups in São Paulo days: São Paulo questions read them, UTC and Kolkata questions read raw events.
const dir = mkdtempSync(join(tmpdir(), "uptake-analytics-zone-"));
describeAnalytics(
  "sqlite, rollups in America/Sao_Paulo days",
  async () => createSqliteStore({ file: join(dir, "analytics.sqlite"), timeZone: "America/Sao_Paulo" }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

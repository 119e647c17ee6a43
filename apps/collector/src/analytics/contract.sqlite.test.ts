import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "../store/sqlite/index.ts";
import { describeAnalytics } from "./contract.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-analytics-"));
describeAnalytics(
  "sqlite",
  async () => createSqliteStore({ file: join(dir, "analytics.sqlite") }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

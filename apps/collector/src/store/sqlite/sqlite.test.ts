import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeEventStore } from "../contract.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-sqlite-"));
describeEventStore(
  "sqlite",
  async () => createSqliteStore({ file: join(dir, "contract.sqlite") }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

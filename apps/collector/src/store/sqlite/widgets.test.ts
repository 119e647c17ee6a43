import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWidgetStore } from "../widget-contract.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-sqlite-widgets-"));
describeWidgetStore(
  "sqlite",
  async () => createSqliteStore({ file: join(dir, "widgets.sqlite") }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describePrivacyStore } from "../privacy-contract.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-sqlite-privacy-"));
describePrivacyStore(
  "sqlite",
  async () => createSqliteStore({ file: join(dir, "privacy.sqlite") }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

/** The store contracts, run against the SQLite engine behind the ingest journal. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeEventStore } from "../contract.ts";
import { describePrivacyStore } from "../privacy-contract.ts";
import { describeWidgetStore } from "../widget-contract.ts";
import { createJournaledSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-journaled-"));
const open = (name: string) => async () =>
  createJournaledSqliteStore({
    file: join(dir, `${name}.sqlite`),
    dir: join(dir, `${name}-journal`),
    maxBacklogBytes: 64 * 1024 * 1024,
    log: () => {},
  });
const cleanup = async () => rmSync(dir, { recursive: true, force: true });

describeEventStore("sqlite behind the ingest journal", open("contract"), undefined, { acknowledgesBeforeDedupe: true });
describePrivacyStore("sqlite behind the ingest journal", open("privacy"));
describeWidgetStore("sqlite behind the ingest journal", open("widgets"), cleanup);

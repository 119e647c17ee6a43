/**
 * The cluster layout (distributed.sql) under the collector's own contracts, on one server: two shards, each a
 * database of `*_local` tables with their materialized views, behind the Distributed tables the collector reads,
 * and the whole tables (projects, identities, traits, …) beside them. Replication needs ZooKeeper, which the test
 * machine has not, so each Replicated engine runs as its plain counterpart; what this checks is the sharding:
 * rows split by person across shards, rollups per shard, and every answer added up across them.
 *
 * Erasure and retention are left out of the contracts here: ClickHouse runs no ALTER … DELETE through a
 * Distributed table, so on a cluster they run ON CLUSTER against the `*_local` tables (README), which needs the
 * ZooKeeper this machine has not. What is checked instead is that the collector's erasure is refused whole.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAnalytics } from "../../analytics/contract.ts";
import { describeEventStore, ev } from "../contract.ts";
import { describePrivacyStore } from "../privacy-contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";
import { createClickHouseServer, type ClickHouseServer } from "./test-server.ts";

const SHARDS = ["uptake_shard_a", "uptake_shard_b"];

/** distributed.sql for one server: shard tables in each shard's database, no ON CLUSTER, no replication. */
function singleServerLayout(script: string): string[] {
  const statements = script
    .replace(/^\s*--.*$/gm, "")
    .split(/;\s*$/m)
    .map((s) => s.trim().replace(/ ON CLUSTER uptake_cluster/g, ""))
    .filter(Boolean)
    .map((s) =>
      s
        .replace(/Replicated(\w*MergeTree)\('[^']*', '\{replica\}'(?:, )?/g, "$1(")
        .replace(/ SETTINGS replicated_deduplication_window = 0/g, "")
        // A Distributed table's '' database is each shard's default database (<remote_servers> below).
        .replace(/Distributed\(uptake_cluster, uptake,/g, "Distributed(uptake_cluster, '',"),
    );
  const out = SHARDS.map((db) => `CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const s of statements) {
    if (/ENGINE = Distributed/.test(s)) out.push(s.replace(/ AS uptake\.(\w+_local)/, ` AS ${SHARDS[0]}.$1`));
    else if (/uptake\.\w+_(local|mv)\b/.test(s)) for (const db of SHARDS) out.push(s.replace(/uptake\.(\w+_(?:local|mv))\b/g, `${db}.$1`));
    else out.push(s);
  }
  return out;
}

let server: ClickHouseServer;
beforeAll(async () => {
  server = await createClickHouseServer({
    remoteServers: (port) =>
      `<uptake_cluster>${SHARDS.map((db) => `<shard><replica><host>127.0.0.1</host><port>${port}</port><default_database>${db}</default_database></replica></shard>`).join("")}</uptake_cluster>`,
  });
  await server.start();
}, 60_000);
afterAll(() => server?.destroy(), 60_000);

/** A fresh cluster layout and a store over it, connected as distributed.sql tells a collector to connect. */
async function open() {
  const http = createClickHouseHttp({ url: server.url });
  for (const db of ["uptake", ...SHARDS]) await http.exec(`DROP DATABASE IF EXISTS ${db}`);
  for (const s of singleServerLayout(readFileSync(join(import.meta.dirname, "distributed.sql"), "utf8"))) await http.exec(s);
  http.close();
  return createClickHouseStore({ url: `${server.url}/?insert_distributed_sync=1`, database: "uptake" });
}

describeEventStore("clickhouse cluster", open, undefined, { deletes: false });
describePrivacyStore("clickhouse cluster", open, undefined, { deletes: false });
describeAnalytics("clickhouse cluster", open, undefined, { deletes: false });

describe("erasure on a cluster", () => {
  it("is refused before anything is deleted, so no person is left half erased", async () => {
    const store = await open();
    await store.append("p-erase", [ev({ userId: "gone" }), ev({ userId: "gone" }), ev({ userId: "stays" })]);
    await expect(store.eraseUser("p-erase", "gone")).rejects.toThrow(/Mutations are not supported by storage Distributed/);
    expect(await store.exportUser("p-erase", "gone")).toHaveLength(2);
    await store.close();
  });
});

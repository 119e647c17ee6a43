/**
 * The cluster layout (distributed.sql, as written) under the collector's own contracts: a ZooKeeper and two
 * ClickHouse servers, one shard each, the script run once ON CLUSTER; every read goes through the Distributed
 * tables, every answer is summed across the shards, the whole tables (projects, identities, traits, …) reach
 * the other server by replication, and erasure and retention delete from the shard tables ON CLUSTER.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { describeAnalytics } from "../../analytics/contract.ts";
import { describeEventStore } from "../contract.ts";
import { describePrivacyStore } from "../privacy-contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";
import { createClickHouseServer, freePort, type ClickHouseServer } from "./test-server.ts";
import { startZooKeeper, type ZooKeeper } from "./test-zookeeper.ts";

const SCRIPT = readFileSync(join(import.meta.dirname, "distributed.sql"), "utf8");

// Laying the script out runs some forty ON CLUSTER statements, each waiting for both servers (about 5 s).
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });

let zookeeper: ZooKeeper;
let servers: ClickHouseServer[] = [];
beforeAll(async () => {
  zookeeper = await startZooKeeper();
  const ports = [await freePort(), await freePort()];
  const cluster = `<remote_servers><uptake_cluster>${ports
    .map((port) => `<shard><internal_replication>true</internal_replication><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`)
    .join("")}</uptake_cluster></remote_servers>`;
  // Each server its own shard and replica name, and its own port for the replicas' part fetches: two servers
  // on one machine would otherwise both claim 9009, and replication would never arrive.
  servers = await Promise.all(
    ports.map(async (tcpPort, i) =>
      createClickHouseServer({
        tcpPort,
        extraConfig: `${cluster}
          <zookeeper><node><host>127.0.0.1</host><port>${zookeeper.port}</port></node></zookeeper>
          <macros><shard>0${i + 1}</shard><replica>r${i + 1}</replica></macros>
          <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
          <interserver_http_host>127.0.0.1</interserver_http_host><interserver_http_port>${await freePort()}</interserver_http_port>`,
      }),
    ),
  );
  await Promise.all(servers.map((s) => s.start()));
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.destroy()));
  await zookeeper?.destroy();
}, 60_000);

let layouts = 0;
/**
 * A fresh database laid out by the script (its `uptake` renamed, as the script tells an operator to do, so each
 * contract has its own), and a store over it connected as the script tells a collector to connect.
 */
async function open() {
  const database = `uptake_${++layouts}`;
  const http = createClickHouseHttp({ url: servers[0].url });
  const statements = SCRIPT.replace(/^\s*--.*$/gm, "").replace(/\buptake\b/g, database).split(/;\s*$/m).map((s) => s.trim()).filter(Boolean);
  for (const s of statements) await http.exec(s);
  http.close();
  // As a user (the test servers' passwordless default), whose credentials also read the other server's mutations.
  return createClickHouseStore({ url: `${servers[0].url.replace("http://", "http://default@")}/?insert_distributed_sync=1`, database });
}

describeEventStore("clickhouse cluster", open);
describePrivacyStore("clickhouse cluster", open);
describeAnalytics("clickhouse cluster", open);

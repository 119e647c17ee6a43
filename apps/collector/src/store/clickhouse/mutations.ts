/**
 * ALTER … DELETE, wherever the rows live. On one server a table is deleted from where it is. On a cluster laid
 * out by distributed.sql, ClickHouse runs no mutation through a Distributed table: the delete goes to the shard
 * tables behind it, ON CLUSTER, and is waited for on every server of the cluster. Tables kept whole on every
 * server are replicated, so one ALTER reaches all their replicas. 18.16 runs mutations in the background (it
 * has no mutations_sync), so every delete is waited for before the caller goes on.
 */
import type { ClickHouseHttp } from "./http.ts";
import { ident, str, strList } from "./sql.ts";

type Shards = { cluster: string; local: string };

export type Mutations = { deleteWhere(deletes: [table: string, where: string][]): Promise<void> };

/** `url`: the collector's ClickHouse URL, whose user (if any) also reads the other servers' mutations. */
export function createMutations(http: ClickHouseHttp, database: string, url: string): Mutations {
  const { username, password } = new URL(url);
  const credentials = username ? `, ${str(decodeURIComponent(username))}, ${str(decodeURIComponent(password))}` : "";
  let layout: Promise<{ shards: Map<string, Shards>; servers: string[] }> | null = null;

  /** Which tables are Distributed, over which shard tables, and the cluster's servers (read once). */
  async function readLayout() {
    const rows = await http.query<{ name: string; engine_full: string }>(
      `SELECT name, engine_full FROM system.tables WHERE database = ${str(database)} AND engine = 'Distributed'`,
    );
    const shards = new Map<string, Shards>();
    for (const r of rows) {
      // Distributed(cluster, database, table[, sharding key])
      const m = /^Distributed\(\s*'?(\w+)'?\s*,\s*'?\w*'?\s*,\s*'?(\w+)'?/.exec(r.engine_full);
      if (m) shards.set(r.name, { cluster: m[1], local: m[2] });
    }
    const clusters = [...new Set([...shards.values()].map((s) => s.cluster))];
    const servers = clusters.length
      ? (await http.query<{ address: string }>(
          `SELECT DISTINCT concat(host_address, ':', toString(port)) AS address FROM system.clusters WHERE cluster IN ${strList(clusters)}`,
        )).map((r) => r.address)
      : [];
    return { shards, servers };
  }

  return {
    async deleteWhere(deletes) {
      layout ??= readLayout().catch((err) => {
        layout = null;
        throw err;
      });
      const { shards, servers } = await layout;
      const tables: string[] = [];
      for (const [table, where] of deletes) {
        const s = shards.get(table);
        tables.push(s?.local ?? table);
        await http.exec(
          s
            ? `ALTER TABLE ${ident(database)}.${ident(s.local)} ON CLUSTER ${ident(s.cluster)} DELETE WHERE ${where}`
            : `ALTER TABLE ${ident(database)}.${ident(table)} DELETE WHERE ${where}`,
        );
      }
      const mutations = servers.length ? `remote(${str(servers.join(","))}, system.mutations${credentials})` : "system.mutations";
      for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
        const [row] = await http.query<{ pending: number }>(
          `SELECT count() AS pending FROM ${mutations} WHERE database = ${str(database)} AND table IN ${strList(tables)} AND is_done = 0`,
        );
        if (!row || Number(row.pending) === 0) return;
        await new Promise((r) => setTimeout(r, wait));
      }
    },
  };
}

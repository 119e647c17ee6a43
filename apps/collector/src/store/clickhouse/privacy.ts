/** ClickHouse's PrivacyStore: drop counters, the retention delete (a mutation) and key rotation as new row versions. */
import type { TDropReason } from "@uptake/schema";
import type { DropCount, PrivacyStore } from "../privacy-types.ts";
import type { Project } from "../types.ts";
import type { ClickHouseHttp } from "./http.ts";
import type { Mutations } from "./mutations.ts";
import { ident, int, str } from "./sql.ts";

type ProjectRow = { id: string; name: string; write_key: string; secret_key_hash: string; settings: string; created_at: number };

const toProject = (r: ProjectRow): Project => ({
  id: r.id, name: r.name, writeKey: r.write_key, secretKeyHash: r.secret_key_hash, settings: JSON.parse(r.settings),
});

export function createClickHousePrivacy(http: ClickHouseHttp, database: string, nextSeq: () => number, mutations: Mutations): PrivacyStore {
  const t = (table: string) => `${ident(database)}.${ident(table)}`;
  const projectRow = async (id: string) => (await http.query<ProjectRow>(`SELECT * FROM ${t("projects")} FINAL WHERE id = ${str(id)}`))[0];
  /** A new version of the project row: ReplacingMergeTree keeps the highest. */
  async function updateProject(id: string, change: Partial<ProjectRow>) {
    const row = await projectRow(id);
    if (!row) throw new Error(`no project ${id}`);
    await http.insert(t("projects"), [{ ...row, ...change, version: nextSeq() }]);
    return row;
  }
  const retire = (writeKey: string, projectId: string, expiresAt: number) =>
    http.insert(t("retired_write_keys"), [{ write_key: writeKey, project_id: projectId, expires_at: expiresAt, version: nextSeq() }]);

  return {
    async addDrops(projectId, counts) {
      if (counts.length) await http.insert(t("drop_counts"), counts.map((c) => ({ project_id: projectId, day: c.day, reason: c.reason, count: c.count })));
    },
    async dropCounts(projectId, from, to) {
      // Aliases other than the column names: ClickHouse 18 lets an alias shadow a column in WHERE.
      const rows = await http.query<{ d: string; reason: TDropReason; n: number }>(
        `SELECT toString(day) AS d, reason, sum(count) AS n FROM ${t("drop_counts")}
         WHERE project_id = ${str(projectId)} AND day BETWEEN toDate(${str(from)}) AND toDate(${str(to)})
         GROUP BY day, reason ORDER BY day, reason`,
      );
      return rows.map((r): DropCount => ({ day: r.d, reason: r.reason, count: Number(r.n) }));
    },
    async listProjects() {
      return (await http.query<ProjectRow>(`SELECT * FROM ${t("projects")} FINAL ORDER BY id`)).map(toProject);
    },
    async deleteEventsBefore(projectId, before) {
      const where = `project_id = ${str(projectId)} AND ts < ${int(before)}`;
      const [{ n }] = await http.query<{ n: number }>(`SELECT uniqExact(message_id) AS n FROM ${t("events")} WHERE ${where}`);
      if (Number(n) === 0) return 0;
      // Survey, checklist and renewal answers read these copies, as the SQLite engine reads its raw events;
      // the counting rollups keep the past, as SQLite's do.
      await mutations.deleteWhere([["events", where], ["marked_events", where]]);
      return Number(n);
    },
    async rotateWriteKey(projectId, writeKey, graceUntil) {
      const old = await updateProject(projectId, { write_key: writeKey });
      await retire(writeKey, projectId, 0);
      await retire(old.write_key, projectId, graceUntil);
    },
    async retiredWriteKeys(projectId, now) {
      const rows = await http.query<{ write_key: string; expires_at: number }>(
        `SELECT write_key, expires_at FROM ${t("retired_write_keys")} FINAL
         WHERE project_id = ${str(projectId)} AND expires_at > ${int(now)} ORDER BY expires_at DESC`,
      );
      return rows.map((r) => ({ writeKey: r.write_key, expiresAt: Number(r.expires_at) }));
    },
    async projectByRetiredWriteKey(writeKey, now) {
      const [r] = await http.query<{ project_id: string }>(
        `SELECT project_id FROM ${t("retired_write_keys")} FINAL WHERE write_key = ${str(writeKey)} AND expires_at > ${int(now)}`,
      );
      const row = r && (await projectRow(r.project_id));
      return row ? toProject(row) : null;
    },
    async revokeWriteKey(projectId, writeKey) {
      const [r] = await http.query<{ n: number }>(
        `SELECT count() AS n FROM ${t("retired_write_keys")} FINAL WHERE write_key = ${str(writeKey)} AND project_id = ${str(projectId)} AND expires_at > 0`,
      );
      if (!r || Number(r.n) === 0) return false;
      await retire(writeKey, projectId, 0);
      return true;
    },
    async rotateSecretKey(projectId, hash) {
      await updateProject(projectId, { secret_key_hash: hash });
    },
  };
}

/** SQLite's PrivacyStore: drop counters, the retention delete, and key rotation with retired write keys. */
import type Database from "better-sqlite3";
import type { TDropReason } from "@uptake/schema";
import { dayNumber, isoDay } from "../../time.ts";
import type { DropCount, PrivacyStore } from "../privacy-types.ts";
import type { Project } from "../types.ts";
import { createRareVersions } from "./rare-versions.ts";

type Guard = <T>(fn: () => T) => Promise<T>;
type ProjectRow = { id: string; name: string; write_key: string; secret_key_hash: string; settings: string };

/** Rows per DELETE: small enough that the writer thread never waits long for the lock. */
const DELETE_CHUNK = 5_000;

const toProject = (r: ProjectRow): Project => ({
  id: r.id, name: r.name, writeKey: r.write_key, secretKeyHash: r.secret_key_hash, settings: JSON.parse(r.settings),
});

export function createSqlitePrivacy(db: Database.Database, guard: Guard): PrivacyStore {
  const st = {
    addDrop: db.prepare(
      `INSERT INTO drop_counts (project_id, day, reason, count) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET count = count + excluded.count`,
    ),
    drops: db.prepare("SELECT day, reason, count FROM drop_counts WHERE project_id = ? AND day BETWEEN ? AND ? ORDER BY day, reason"),
    projects: db.prepare("SELECT * FROM projects ORDER BY id"),
    deleteChunk: db.prepare(
      "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE project_id = ? AND ts < ? LIMIT ?)",
    ),
    currentKey: db.prepare("SELECT write_key FROM projects WHERE id = ?").pluck(),
    setWriteKey: db.prepare("UPDATE projects SET write_key = ? WHERE id = ?"),
    retire: db.prepare(
      "INSERT INTO retired_write_keys (write_key, project_id, expires_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET expires_at = excluded.expires_at",
    ),
    unretire: db.prepare("DELETE FROM retired_write_keys WHERE write_key = ?"),
    retired: db.prepare("SELECT write_key, expires_at FROM retired_write_keys WHERE project_id = ? AND expires_at > ? ORDER BY expires_at DESC"),
    byRetired: db.prepare(
      "SELECT p.* FROM retired_write_keys r JOIN projects p ON p.id = r.project_id WHERE r.write_key = ? AND r.expires_at > ?",
    ),
    revoke: db.prepare("DELETE FROM retired_write_keys WHERE project_id = ? AND write_key = ?"),
    setSecret: db.prepare("UPDATE projects SET secret_key_hash = ? WHERE id = ?"),
  };

  const rare = createRareVersions(db);
  const addDrops = db.transaction((projectId: string, counts: DropCount[]) => {
    for (const c of counts) st.addDrop.run(projectId, dayNumber(c.day), c.reason, c.count);
  });
  const rotate = db.transaction((projectId: string, writeKey: string, graceUntil: number) => {
    const old = st.currentKey.get(projectId) as string | undefined;
    if (old === undefined) throw new Error(`no project ${projectId}`);
    // A key that comes back (rotated to an old value) must not also sit in the retired list.
    st.unretire.run(writeKey);
    st.setWriteKey.run(writeKey, projectId);
    st.retire.run(old, projectId, graceUntil);
  });

  return {
    addDrops: (projectId, counts) => guard(() => void addDrops(projectId, counts)),
    dropCounts: (projectId, from, to) =>
      guard(() =>
        (st.drops.all(projectId, dayNumber(from), dayNumber(to)) as { day: number; reason: TDropReason; count: number }[]).map((r) => ({
          day: isoDay(r.day), reason: r.reason, count: r.count,
        })),
      ),
    listProjects: () => guard(() => (st.projects.all() as ProjectRow[]).map(toProject)),
    deleteEventsBefore: (projectId, before) =>
      guard(() => {
        const blocks = rare.before(projectId, before);
        let total = 0;
        for (let n = DELETE_CHUNK; n === DELETE_CHUNK; total += n) n = st.deleteChunk.run(projectId, before, DELETE_CHUNK).changes;
        // After the rows went: a reader that held a block between two chunks reads it again.
        rare.bump(projectId, blocks);
        return total;
      }),
    rotateWriteKey: (projectId, writeKey, graceUntil) => guard(() => rotate(projectId, writeKey, graceUntil)),
    retiredWriteKeys: (projectId, now) =>
      guard(() =>
        (st.retired.all(projectId, now) as { write_key: string; expires_at: number }[]).map((r) => ({ writeKey: r.write_key, expiresAt: r.expires_at })),
      ),
    projectByRetiredWriteKey: (writeKey, now) =>
      guard(() => {
        const row = st.byRetired.get(writeKey, now) as ProjectRow | undefined;
        return row ? toProject(row) : null;
      }),
    revokeWriteKey: (projectId, writeKey) => guard(() => st.revoke.run(projectId, writeKey).changes > 0),
    rotateSecretKey: (projectId, hash) => guard(() => void st.setSecret.run(hash, projectId)),
  };
}

/**
 * The numbers of rare_versions (migration 260): a UTC block's number moves in the transaction that inserts, moves or
 * deletes one of the events rare-days.ts holds, so a reader holding that block reads it again.
 */
import type Database from "better-sqlite3";
import type { StoredEvent } from "../types.ts";
import { RARE_EVENTS_SQL } from "./analytics-sql.ts";

const BLOCK_MS = 86_400_000;
/** The events rare-days.ts holds: survey answers and checklist completions. */
const HELD_RARE_EVENTS = ["Survey Responded", "Checklist Item Completed", "Checklist Completed"];
const HELD = new Set(HELD_RARE_EVENTS);
const HELD_SQL = `d.event IN (${HELD_RARE_EVENTS.map((e) => `'${e}'`).join(", ")})`;
/** The block of an instant, as SQLite's integer division `ts / 86400000` has it. */
export const blockOf = (ts: number) => Math.trunc(ts / BLOCK_MS);
/** The instants [start, end) of a block: truncation puts the day either side of 1970's first instant in block 0. */
export function blockSpan(block: number): [number, number] {
  if (block > 0) return [block * BLOCK_MS, (block + 1) * BLOCK_MS];
  if (block < 0) return [(block - 1) * BLOCK_MS + 1, block * BLOCK_MS + 1];
  return [-BLOCK_MS + 1, BLOCK_MS];
}

export function createRareVersions(db: Database.Database) {
  const st = {
    bump: db.prepare(
      `INSERT INTO rare_versions (project_id, block, ver) VALUES (?, ?, 1)
       ON CONFLICT (project_id, block) DO UPDATE SET ver = ver + 1`,
    ),
    ofActor: db.prepare(
      `SELECT DISTINCT d.ts / ${BLOCK_MS} FROM events d INDEXED BY events_by_actor WHERE d.project_id = ? AND d.actor = ? AND ${HELD_SQL}`,
    ).pluck(),
    before: db.prepare(
      `SELECT DISTINCT d.ts / ${BLOCK_MS} FROM events d INDEXED BY events_rare WHERE d.project_id = ? AND ${RARE_EVENTS_SQL} AND ${HELD_SQL} AND d.ts < ?`,
    ).pluck(),
  };
  // The blocks the transaction being written has changed, per project: each moves once, at flush().
  const pending = new Map<string, Set<number>>();
  const add = (projectId: string, block: number) => {
    let blocks = pending.get(projectId);
    if (!blocks) pending.set(projectId, (blocks = new Set()));
    blocks.add(block);
  };

  return {
    /** `e` was just stored. */
    stored(projectId: string, e: StoredEvent) {
      if (e.event != null && HELD.has(e.event)) add(projectId, blockOf(e.timestamp));
    },
    /** `actor`'s events are about to move to another actor or go. */
    actor(projectId: string, actor: string) {
      for (const block of st.ofActor.all(projectId, actor) as number[]) add(projectId, block);
    },
    /** The blocks holding such events before `ts` (the retention delete moves them once it is done). */
    before: (projectId: string, ts: number) => st.before.all(projectId, ts) as number[],
    /** Moves the blocks noted; inside the transaction that changed them. */
    flush() {
      for (const [projectId, blocks] of pending) for (const block of blocks) st.bump.run(projectId, block);
      pending.clear();
    },
    /** Moves `blocks` now (after the rows changed). */
    bump(projectId: string, blocks: number[]) {
      for (const block of blocks) st.bump.run(projectId, block);
    },
    /** Drops what was noted (the transaction rolled back). */
    forget: () => pending.clear(),
  };
}

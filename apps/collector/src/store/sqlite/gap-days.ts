/**
 * key_gaps' feature rows of each day, in memory: per (key, prev) how many people used the feature that day and
 * how often (migration 014). The features answer sums them per day and bucket; over 10 M events, 90 days are 87 k
 * rows, about a thousand a day, and summing them in SQL took 33-36 ms each time asked.
 *
 * A day is read again when its number in key_day_versions moves: migration 190's triggers sit on key_gaps itself.
 * The number is read before the rows, as in key-days.ts.
 */
import type Database from "better-sqlite3";

/** A feature key's rows on a day: at each index, a previous day (-1: none) and the people and uses with it. */
export type GapKey = { k: string; prev: Int32Array; actors: Int32Array; uses: Int32Array };
type Day = { ver: number; keys: GapKey[] };

/** Days held past which the least recently asked for are let go: about 4 MB over 10 M events. */
const MAX_DAYS = 4000;

export function createGapDays(db: Database.Database, { maxDays = MAX_DAYS } = {}) {
  // Per project and day, in the order last asked for (a Map keeps insertion order).
  const days = new Map<string, Day>();
  const versions = db.prepare("SELECT day, ver FROM key_day_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw();
  const rows = db.prepare("SELECT k, prev, actors, uses FROM key_gaps WHERE project_id = ? AND day = ? AND k >= 'f:' AND k < 'f;' AND actors + uses <> 0").raw();

  function load(projectId: string, day: number): GapKey[] {
    const byKey = new Map<string, number[][]>();
    for (const r of rows.iterate(projectId, day) as Iterable<[string, number, number, number]>) {
      let cols = byKey.get(r[0]);
      if (!cols) byKey.set(r[0], (cols = [[], [], []]));
      cols[0].push(r[1]);
      cols[1].push(r[2]);
      cols[2].push(r[3]);
    }
    return [...byKey].map(([k, [prev, actors, uses]]) => ({ k, prev: Int32Array.from(prev), actors: Int32Array.from(actors), uses: Int32Array.from(uses) }));
  }

  return {
    /** Days `from` to `to`, current: index i is day from + i. */
    read(projectId: string, from: number, to: number): GapKey[][] {
      const ver = new Map((versions.all(projectId, from, to) as [number, number][]).map(([day, v]) => [day, v]));
      const out: GapKey[][] = [];
      for (let day = from; day <= to; day++) {
        const id = `${projectId}\u0000${day}`;
        const v = ver.get(day) ?? 0;
        let d = days.get(id);
        days.delete(id);
        if (!d || d.ver !== v) d = { ver: v, keys: load(projectId, day) };
        days.set(id, d);
        out.push(d.keys);
      }
      for (const id of days.keys()) {
        if (days.size <= maxDays) break;
        days.delete(id);
      }
      return out;
    },
  };
}

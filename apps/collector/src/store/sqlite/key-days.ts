/**
 * Who did each counted key on each rollup day, in memory: per project and day, each key's actors (as numbers of
 * this process) and their counts, read from key_days into typed arrays: a feature's uses (`f:…`) and sign-ins
 * (`login`). A segment's feature usage and sign-ins walk these arrays with the segment's people as a byte per
 * number (a few ns a row) instead of testing each key_days row's actor in SQL (about 1.5 µs a row, 860 k feature
 * rows for one tier over 90 days and 10 M events).
 *
 * A day is read once (over 10 M events, 90 days take 1.2-1.4 s the first time, as long as the SQL they replace),
 * and again only when its number in key_day_versions (migration 190) has moved: triggers
 * move it on every change to the day's key_days rows, whichever path made it. The number is read before the
 * rows, so rows newer than their number are read again next time, never the other way round.
 */
import type Database from "better-sqlite3";

export type KeyDay = { k: string; actors: Int32Array; uses: Int32Array };
type Day = { ver: number; keys: KeyDay[]; entries: number; used: number };
type Project = { ids: Map<string, number>; days: Map<number, Day> };

/** Rows held past which the days least recently asked for are let go: 32 MB, about 130 days over 10 M events (features and sign-ins). */
const MAX_ENTRIES = 4_000_000;

export function createKeyDays(db: Database.Database, { maxEntries = MAX_ENTRIES } = {}) {
  const projects = new Map<string, Project>();
  let held = 0;
  let clock = 0;
  const versions = db.prepare("SELECT day, ver FROM key_day_versions WHERE project_id = ? AND day BETWEEN ? AND ?").raw();
  // One row per key with its actors and counts joined by SQLite: reading 2 M rows one by one took 3.1-3.6 s, joined
  // 1.2-1.4 s. Both lists come from the same scan, so they stay in step.
  const joined = db.prepare(
    `SELECT k, count(*), group_concat(actor, char(10)), group_concat(n) FROM key_days
     WHERE project_id = ? AND day = ? AND (k = 'login' OR k >= 'f:' AND k < 'f;') GROUP BY k`,
  ).raw();
  // For a key where an actor holds the separator itself.
  const rows = db.prepare("SELECT actor, n FROM key_days WHERE project_id = ? AND day = ? AND k = ?").raw();

  function projectOf(projectId: string): Project {
    let p = projects.get(projectId);
    if (!p) projects.set(projectId, (p = { ids: new Map(), days: new Map() }));
    return p;
  }

  function load(p: Project, projectId: string, day: number, ver: number): Day {
    const number = (actor: string) => {
      let id = p.ids.get(actor);
      if (id === undefined) p.ids.set(actor, (id = p.ids.size));
      return id;
    };
    const keys: KeyDay[] = [];
    let entries = 0;
    for (const [k, count, actorList, useList] of joined.iterate(projectId, day) as Iterable<[string, number, string, string]>) {
      let names = actorList.split("\n");
      let counts: (string | number)[] = useList.split(",");
      if (names.length !== count) {
        const all = rows.all(projectId, day, k) as [string, number][];
        names = all.map((r) => r[0]);
        counts = all.map((r) => r[1]);
      }
      const actors = new Int32Array(count);
      const uses = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        actors[i] = number(names[i]);
        uses[i] = Number(counts[i]);
      }
      keys.push({ k, actors, uses });
      entries += count;
    }
    return { ver, keys, entries, used: 0 };
  }

  function evict(keep: Set<Day>) {
    const all = [...projects.values()].flatMap((p) => [...p.days].map(([day, d]) => ({ p, day, d })));
    all.sort((a, b) => a.d.used - b.d.used);
    for (const { p, day, d } of all) {
      if (held <= maxEntries) break;
      if (keep.has(d)) continue;
      p.days.delete(day);
      held -= d.entries;
    }
  }

  return {
    /** Days `from` to `to`, current: index i is day from + i. */
    read(projectId: string, from: number, to: number): KeyDay[][] {
      const p = projectOf(projectId);
      const ver = new Map((versions.all(projectId, from, to) as [number, number][]).map(([day, v]) => [day, v]));
      const out: KeyDay[][] = [];
      const keep = new Set<Day>();
      const now = ++clock;
      for (let day = from; day <= to; day++) {
        const v = ver.get(day) ?? 0;
        let d = p.days.get(day);
        if (!d || d.ver !== v) {
          if (d) held -= d.entries;
          d = load(p, projectId, day, v);
          p.days.set(day, d);
          held += d.entries;
        }
        d.used = now;
        keep.add(d);
        out.push(d.keys);
      }
      if (held > maxEntries) evict(keep);
      return out;
    },

    /** The project's actors among `actors`, one byte per number (1: in), sized for every number given so far. */
    members(projectId: string, actors: Iterable<string>): Uint8Array {
      const p = projectOf(projectId);
      const member = new Uint8Array(p.ids.size);
      for (const actor of actors) {
        const id = p.ids.get(actor);
        if (id !== undefined) member[id] = 1;
      }
      return member;
    },

    /** Rows held in memory, across projects. */
    held: () => held,
  };
}

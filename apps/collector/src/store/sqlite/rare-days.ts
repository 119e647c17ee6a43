/**
 * The survey answers and checklist completions of each UTC block (rare-versions.ts) in memory, already picked apart:
 * over 10 M events the accounts answer read 90 days of answers (12 k rows, each one's properties parsed) and a
 * year of finished checklists through events_rare on every question, and the funnel 27 k checklist rows, 40-60 ms
 * of SQL and parsing each time. A block is read once and again only when its number in rare_versions (migration
 * 260) has moved; the number is read before the rows, so rows newer than their number are read again next time.
 *
 * Held as columns of numbers, people, accounts and ids numbered per project: the 104 k rows of the 10 M-event demo
 * take 3.3 MB of heap and 2.6 MB of typed arrays (held as objects, the heap grew by 30 MB where it grows by 7.6
 * this way, answers included). The values are SQLite's own (json_extract, json_type), so the answers from here
 * are the ones the SQL gave.
 */
import type Database from "better-sqlite3";
import { RARE_EVENTS_SQL } from "./analytics-sql.ts";
import { readAhead, type ReadAhead } from "./read-ahead.ts";
import { blockOf, blockSpan } from "./rare-versions.ts";

/** Checklist events: people and accounts by number (-1: none), checklist and item ids by number into `values`. */
export type Checklists = { actor: Int32Array; account: Int32Array; ts: Float64Array; checklist: Int32Array; item: Int32Array };
/** Survey answers: accounts by number (-1: none), kind 1 for 'nps', 2 for 'csat', 0 otherwise; NaN where not a number. */
export type Responses = { account: Int32Array; ts: Float64Array; kind: Uint8Array; score: Float64Array; scale: Float64Array };
type Lists = { responses: Responses; completed: Checklists; items: Checklists };
export type RareList = keyof Lists;
/** A block's rows [lo, hi) of one list: the ones inside the instants asked for. */
export type Slice<C> = { cols: C; lo: number; hi: number };
/** A checklist or item id as json_extract gave it, with its json_type. */
export type HeldValue = { value: unknown; type: string | null };

type Block = Lists & { ver: number; used: number; rows: number };
type Project = { blocks: Map<number, Block>; ids: Map<string, number>; names: string[]; valueIds: Map<string, number>; values: HeldValue[] };

/** Rows held past which the blocks least recently asked for are let go (the 10 M-event demo holds 104 k in all). */
const MAX_ROWS = 2_000_000;
export const KINDS = ["", "nps", "csat"] as const;

export function createRareDays(db: Database.Database, { maxRows = MAX_ROWS } = {}) {
  const from = `FROM events d INDEXED BY events_rare WHERE d.project_id = ? AND ${RARE_EVENTS_SQL} AND d.event = ? AND d.type = 'track'
    AND d.ts >= ? AND d.ts < ?`;
  const st = {
    versions: db.prepare("SELECT block, ver FROM rare_versions WHERE project_id = ? AND block BETWEEN ? AND ?").raw(),
    checklist: db.prepare(
      `SELECT d.actor, d.account_id, d.ts, json_extract(d.properties, '$.checklist_id'), json_type(d.properties, '$.checklist_id'),
         json_extract(d.properties, '$.item_id'), json_type(d.properties, '$.item_id') ${from} ORDER BY d.ts`,
    ).raw(),
    responses: db.prepare(
      `SELECT d.account_id, d.ts, json_extract(d.properties, '$.kind'),
         CASE WHEN json_type(d.properties, '$.score') IN ('integer', 'real') THEN json_extract(d.properties, '$.score') END,
         CASE WHEN json_type(d.properties, '$.scale') IN ('integer', 'real') THEN json_extract(d.properties, '$.scale') END ${from} ORDER BY d.ts`,
    ).raw(),
  };
  const projects = new Map<string, Project>();
  let held = 0;
  let clock = 0;

  function projectOf(projectId: string): Project {
    let p = projects.get(projectId);
    if (!p) projects.set(projectId, (p = { blocks: new Map(), ids: new Map(), names: [], valueIds: new Map(), values: [] }));
    return p;
  }

  function load(p: Project, projectId: string, block: number, ver: number): Block {
    const [start, end] = blockSpan(block);
    const number = (name: string | null) => {
      if (name === null) return -1;
      let id = p.ids.get(name);
      if (id === undefined) {
        p.ids.set(name, (id = p.names.length));
        p.names.push(name);
      }
      return id;
    };
    const valueNumber = (value: unknown, type: string | null) => {
      const key = `${type}\u0000${String(value)}`;
      let id = p.valueIds.get(key);
      if (id === undefined) {
        p.valueIds.set(key, (id = p.values.length));
        p.values.push({ value, type });
      }
      return id;
    };
    const checklist = (event: string): Checklists => {
      const rows = st.checklist.all(projectId, event, start, end) as [string, string | null, number, unknown, string | null, unknown, string | null][];
      const c = { actor: new Int32Array(rows.length), account: new Int32Array(rows.length), ts: new Float64Array(rows.length), checklist: new Int32Array(rows.length), item: new Int32Array(rows.length) };
      rows.forEach(([actor, accountId, ts, checklistId, checklistType, itemId, itemType], i) => {
        c.actor[i] = number(actor);
        c.account[i] = number(accountId);
        c.ts[i] = ts;
        c.checklist[i] = valueNumber(checklistId, checklistType);
        c.item[i] = valueNumber(itemId, itemType);
      });
      return c;
    };
    const rows = st.responses.all(projectId, "Survey Responded", start, end) as [string | null, number, unknown, number | null, number | null][];
    const responses = { account: new Int32Array(rows.length), ts: new Float64Array(rows.length), kind: new Uint8Array(rows.length), score: new Float64Array(rows.length), scale: new Float64Array(rows.length) };
    rows.forEach(([accountId, ts, kind, score, scale], i) => {
      responses.account[i] = number(accountId);
      responses.ts[i] = ts;
      responses.kind[i] = kind === "nps" ? 1 : kind === "csat" ? 2 : 0;
      responses.score[i] = score ?? NaN;
      responses.scale[i] = scale ?? NaN;
    });
    const completed = checklist("Checklist Completed");
    const items = checklist("Checklist Item Completed");
    return { ver, used: 0, responses, completed, items, rows: responses.ts.length + completed.ts.length + items.ts.length };
  }

  function evict(keep: Set<Block>) {
    const all = [...projects.values()].flatMap((p) => [...p.blocks].map(([block, b]) => ({ blocks: p.blocks, block, b })));
    all.sort((x, y) => x.b.used - y.b.used);
    for (const { blocks, block, b } of all) {
      if (held <= maxRows) break;
      if (keep.has(b)) continue;
      blocks.delete(block);
      held -= b.rows;
    }
  }

  /** The first index of `ts` (ascending) at or after `t`. */
  function firstAtOrAfter(ts: Float64Array, t: number): number {
    let lo = 0;
    let hi = ts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ts[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Block `block` of the project, current as of `ver`. */
  function current(p: Project, projectId: string, block: number, ver: number): Block {
    let b = p.blocks.get(block);
    if (!b || b.ver !== ver) {
      if (b) held -= b.rows;
      b = load(p, projectId, block, ver);
      p.blocks.set(block, b);
      held += b.rows;
    }
    return b;
  }

  return {
    /** One list of the project's held events at instants [start, end), current, block by block in time order. */
    read<L extends RareList>(projectId: string, start: number, end: number, list: L): Slice<Lists[L]>[] {
      if (end <= start) return [];
      const p = projectOf(projectId);
      const first = blockOf(start);
      const last = blockOf(end - 1);
      const vers = new Map(st.versions.all(projectId, first, last) as [number, number][]);
      const keep = new Set<Block>();
      const now = ++clock;
      const out: Slice<Lists[L]>[] = [];
      for (let block = first; block <= last; block++) {
        const b = current(p, projectId, block, vers.get(block) ?? 0);
        b.used = now;
        keep.add(b);
        const cols = b[list];
        // Each list comes in events_rare's order, time first.
        const lo = block === first ? firstAtOrAfter(cols.ts, start) : 0;
        const hi = block === last ? firstAtOrAfter(cols.ts, end) : cols.ts.length;
        if (hi > lo) out.push({ cols, lo, hi });
      }
      if (held > maxRows) evict(keep);
      return out;
    },

    /** Reads the blocks of `plan` before anyone asks, newest first, one per turn of the event loop (read-ahead.ts), up to the bound. */
    warm(plan: { projectId: string; from: number; to: number }[]): ReadAhead {
      const queue = plan.flatMap(({ projectId, from, to }) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => ({ projectId, block: to - i })));
      return readAhead(
        queue.length,
        (i) => {
          const { projectId, block } = queue[i];
          const ver = (st.versions.all(projectId, block, block) as [number, number][])[0]?.[1] ?? 0;
          current(projectOf(projectId), projectId, block, ver);
        },
        () => held < maxRows,
      );
    },

    /** The names the project's people and accounts are numbered by, at their numbers. */
    names: (projectId: string): readonly string[] => projectOf(projectId).names,
    /** The ids the project's checklist and item ids are numbered by, at their numbers. */
    values: (projectId: string): readonly HeldValue[] => projectOf(projectId).values,
    /** Rows held in memory, across projects. */
    held: () => held,
  };
}

/**
 * How deeply a parsed body nests. Refused past LIMITS.nestingDepth: no product analytics needs 30 levels,
 * and deeper values break what comes after (JSON.stringify's recursion, SQLite's JSON functions at 1000).
 * It stops descending one level past the limit, so a hostile depth cannot overflow this function's own stack.
 */
export function nestingDepth(value: unknown, limit: number): number {
  return depthBelow(value, 0, limit);
}

/** The depth of `v`, found at `depth` levels down; at most limit + 1. */
function depthBelow(v: unknown, depth: number, limit: number): number {
  if (v === null || typeof v !== "object") return depth;
  const here = depth + 1;
  if (here > limit) return here;
  let deepest = here;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const d = depthBelow(v[i], here, limit);
      if (d > deepest && (deepest = d) > limit) return d;
    }
  } else {
    for (const key in v) {
      const d = depthBelow((v as Record<string, unknown>)[key], here, limit);
      if (d > deepest && (deepest = d) > limit) return d;
    }
  }
  return deepest;
}

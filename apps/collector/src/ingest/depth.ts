/**
 * How deeply a parsed body nests. Refused past LIMITS.nestingDepth: no product analytics needs 30 levels,
 * and deeper values break what comes after (JSON.stringify's recursion, SQLite's JSON functions at 1000).
 * Iterative, so a hostile depth cannot overflow this function's own stack.
 */
export function nestingDepth(value: unknown, limit: number): number {
  const stack: [unknown, number][] = [[value, 0]];
  let deepest = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

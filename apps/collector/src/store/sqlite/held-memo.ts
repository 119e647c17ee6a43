/**
 * The last answer worked out from a range of days held in memory, kept while every day of the range is still the
 * one it was worked out from: key-days.ts reads a changed day again into new arrays, so the arrays themselves tell.
 * Under ingest only the ranges that reach today's day change; the accounts answer's 31 weeks before it, the
 * same on every question, are summed once.
 *
 * An entry keeps its days' arrays alive after they are read anew (today's, under ingest), so entries are few:
 * 64, enough for the accounts answer's 32 ranges and the sign-ins' one.
 */
export function createHeldMemo<T>(max = 64) {
  const entries = new Map<string, { days: readonly unknown[]; value: T }>();
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  return (key: string, days: readonly unknown[], compute: () => T): T => {
    const hit = entries.get(key);
    if (hit && same(hit.days, days)) return hit.value;
    const value = compute();
    entries.delete(key);
    // The least recently worked out goes first.
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.set(key, { days, value });
    return value;
  };
}

/**
 * The last answer worked out from a range of days held in memory, kept while every day of the range is still the
 * one it was worked out from: key-days.ts reads a changed day again into new arrays, so the arrays themselves tell.
 * Under ingest only the ranges that reach today's day change; the accounts answer's 31 weeks before it, the
 * same on every question, are summed once.
 *
 * An entry keeps its days' arrays alive after they are read anew (today's, under ingest), so entries are few:
 * 64 a project, enough for the accounts answer's 32 ranges and the sign-ins' one.
 */
export function createHeldMemo<T>(max = 64) {
  type Entry = { days: readonly unknown[]; members: Uint8Array | null; value: T };
  // Per project, so one project's questions never push another's out.
  const projects = new Map<string, Map<string, Entry>>();
  const same = (e: Entry, days: readonly unknown[], members: Uint8Array | null) =>
    e.days.length === days.length && e.days.every((d, i) => d === days[i]) &&
    (e.members === null ? members === null : members !== null && Buffer.from(e.members.buffer, e.members.byteOffset, e.members.length).equals(members));
  /**
   * `members`: the segment's people or accounts the result was worked out for (a byte per number), compared by
   * content, since a segment is asked afresh each time and its people change with their traits, not their days.
   */
  return (projectId: string, key: string, days: readonly unknown[], compute: () => T, members: Uint8Array | null = null): T => {
    let entries = projects.get(projectId);
    if (!entries) projects.set(projectId, (entries = new Map()));
    const hit = entries.get(key);
    // Whatever is asked moves to the end of the map, so the least recently asked for goes first.
    entries.delete(key);
    if (hit && same(hit, days, members)) {
      entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    if (entries.size >= max) entries.delete(entries.keys().next().value as string);
    entries.set(key, { days, members: members && members.slice(), value });
    return value;
  };
}

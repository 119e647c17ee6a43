/** Project lookups by key, cached for a few seconds so ingest does not ask the store on every request. */
import type { EventStore, Project } from "./store/types.ts";

const TTL_MS = 5_000;

export type ProjectCache = {
  byWriteKey(key: string): Promise<Project | null>;
  /** Forgets every cached answer: after a key rotation or a settings change, this collector sees it at once. */
  forget(): void;
};

export function createProjectCache(store: EventStore, now: () => number): ProjectCache {
  const cache = new Map<string, { project: Project | null; at: number }>();
  return {
    async byWriteKey(key) {
      const hit = cache.get(key);
      if (hit && now() - hit.at < TTL_MS) return hit.project;
      // A write key replaced by a rotation still works during its grace period.
      const project = (await store.projectByWriteKey(key)) ?? (await store.projectByRetiredWriteKey(key, now()));
      // Unknown keys are cached too, so a flood of bad keys cannot turn into a flood of store reads,
      // but the map is bounded so it cannot grow without limit either.
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { project, at: now() });
      return project;
    },
    forget: () => cache.clear(),
  };
}

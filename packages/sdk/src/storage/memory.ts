/** The in-memory store: the fallback when IndexedDB is missing or broken, and the store tests pass in. */
import { P } from "../platform/builtins";
import type { KV } from "./types";

export function memoryStore(): KV {
  const map = new Map<string, string>();
  return {
    all: () => P.resolve([...map].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
    set: async (entries) => entries.forEach(([key, value]) => map.set(key, value)),
    del: async (keys) => keys.forEach((k) => map.delete(k)),
    clear: async () => map.clear(),
  };
}

/** Picks the queue's store once, at start: IndexedDB when it answers, else memory. */
import { P } from "../platform/builtins";
import type { Timers } from "../types";
import { memoryStore } from "./memory";
import type { KV } from "./types";

/** How long IndexedDB may take to open: some Safari versions never answer `indexedDB.open`. */
export const PROBE_MS = 2000;

export async function chooseStore(open: () => KV, timers: Timers): Promise<KV> {
  try {
    const store = open();
    await P.race([store.all(), new P((_, reject) => timers.set(reject, PROBE_MS))]);
    return store;
  } catch {
    // Missing (old browsers, some privacy modes), throwing (blocked storage) or hanging: memory it is.
    return memoryStore();
  }
}

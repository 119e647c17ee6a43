/** The IndexedDB store (idb-keyval's custom store), so queued events survive reloads and closed tabs. */
import { createStore, promisifyRequest } from "idb-keyval";
import { P } from "../platform/builtins";
import type { KV } from "./types";

export function idbStore(): KV {
  // Our own database: the page's own idb-keyval users keep theirs.
  const store = createStore("uptake", "queue");
  // One transaction per change, resolved when committed: a quota error rejects here, where the queue catches it.
  const write = (change: (s: IDBObjectStore) => void) =>
    store("readwrite", (s) => {
      change(s);
      return promisifyRequest(s.transaction);
    });
  return {
    all: () =>
      store("readonly", (s) =>
        P.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())]).then(([keys, values]) =>
          keys.map((key, i): [string, unknown] => [key as string, values[i]]),
        ),
      ),
    set: (entries) => write((s) => entries.forEach(([key, value]) => s.put(value, key))),
    del: (keys) => write((s) => keys.forEach((key) => s.delete(key))),
    clear: () => write((s) => s.clear()),
  };
}

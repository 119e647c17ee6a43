/** The one interface the event queue persists through; IndexedDB and memory implement it. */
export type KV = {
  /** Every entry, in key order. */
  all(): Promise<[string, unknown][]>;
  /** Writes several entries in one transaction: one per event would cost the host page a transaction per call. */
  set(entries: [string, string][]): Promise<void>;
  del(keys: string[]): Promise<void>;
  clear(): Promise<void>;
};

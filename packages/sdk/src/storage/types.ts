/** The one interface the event queue persists through; IndexedDB and memory implement it. */
export type KV = {
  /** Every entry, in key order. */
  all(): Promise<[string, unknown][]>;
  set(key: string, value: string): Promise<void>;
  del(keys: string[]): Promise<void>;
  clear(): Promise<void>;
};

/** The project's secret key, asked for once and kept in this browser's localStorage (never in the URL). */

const NAME = "uptake.secretKey";

export type KeyStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function readKey(storage: KeyStore): string | null {
  const k = storage.getItem(NAME);
  return k && k.trim() ? k.trim() : null;
}

export function saveKey(storage: KeyStore, key: string) {
  storage.setItem(NAME, key.trim());
}

export function forgetKey(storage: KeyStore) {
  storage.removeItem(NAME);
}

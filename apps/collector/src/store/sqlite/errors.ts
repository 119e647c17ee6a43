/** Which SQLite errors mean "the store cannot take writes now" (the collector answers 503 and the SDK retries). */
import { StoreUnavailableError } from "../types.ts";

export function toStoreError(err: unknown): unknown {
  return isUnavailable(err) ? new StoreUnavailableError(String((err as Error).message), err) : err;
}

/** A full disk, a locked file, an I/O error: the SDK retries. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? "";
  return /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY|NOMEM|CORRUPT|NOTADB)/.test(code) || /not open/.test(String(err));
}

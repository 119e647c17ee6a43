/** Which SQLite errors mean "the store cannot take writes now" (the collector answers 503 and the SDK retries). */
import { StoreUnavailableError } from "../types.ts";

export function toStoreError(err: unknown): unknown {
  return isUnavailable(err) ? new StoreUnavailableError(String((err as Error).message), err) : err;
}

/** SQLite's codes for a full disk, a locked file, an I/O error: the SDK retries. */
export const UNAVAILABLE_CODE = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY|NOMEM|CORRUPT|NOTADB)/;

function isUnavailable(err: unknown): boolean {
  return UNAVAILABLE_CODE.test((err as { code?: string })?.code ?? "") || /not open/.test(String(err));
}

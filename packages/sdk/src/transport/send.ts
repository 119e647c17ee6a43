/** One POST of a batch body: fetch (with keepalive while the page unloads), falling back to sendBeacon. */
import type { FetchLike } from "../types";

/** `status` 0 means the network failed; `beacon` means the browser took the body but will not say how it went. */
export type Reply = { status: number; retryAfter?: string | null; beacon?: boolean };

export type Send = (url: string, body: string, keepalive: boolean) => Promise<Reply>;

export function createSend(fetch?: FetchLike, beacon?: (url: string, body: string) => boolean): Send {
  return async (url, body, keepalive) => {
    try {
      // text/plain keeps this a "simple" request: no CORS preflight, one round trip.
      const res = await fetch!(url, { method: "POST", headers: { "Content-Type": "text/plain" }, body, keepalive });
      return { status: res.status, retryAfter: res.headers.get("Retry-After") };
    } catch {
      // keepalive fetch is refused over the browser's 64 KB budget or where it is unsupported.
      return keepalive && beacon?.(url, body) ? { status: 0, beacon: true } : { status: 0 };
    }
  };
}

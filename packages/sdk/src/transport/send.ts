/** One POST of a batch body: fetch (with keepalive while the page unloads), falling back to sendBeacon. */
import type { FetchLike, Timers } from "../types";

/** A collector that never answers must not stall the queue behind one request forever. */
export const SEND_TIMEOUT_MS = 15_000;

/** `status` 0 means the network failed; `beacon` means the browser took the body but will not say how it went. */
export type Reply = { status: number; retryAfter?: string | null; beacon?: boolean };

export type Send = (url: string, body: string, keepalive: boolean) => Promise<Reply>;

export function createSend(
  timers: Timers,
  fetch?: FetchLike,
  beacon?: (url: string, body: string) => boolean,
  gzip?: (text: string) => Promise<ArrayBuffer>,
): Send {
  return async (url, body, keepalive) => {
    let payload: string | ArrayBuffer = body;
    let target = url;
    // Unload sends stay plain: no asynchronous step may stand between the page's end and the request.
    if (gzip && !keepalive && body.length > 1024) {
      try {
        payload = await gzip(body);
        target += "?compression=gzip";
      } catch {
        payload = body;
      }
    }
    const abort = new AbortController();
    const timer = timers.set(() => abort.abort(), SEND_TIMEOUT_MS);
    try {
      // text/plain keeps this a "simple" request: no CORS preflight, one round trip.
      const headers = { "Content-Type": "text/plain" };
      const res = await fetch!(target, { method: "POST", headers, body: payload, keepalive, signal: abort.signal });
      return { status: res.status, retryAfter: res.headers.get("Retry-After") };
    } catch {
      // keepalive fetch is refused over the browser's 64 KB budget or where it is unsupported.
      return keepalive && beacon?.(url, body) ? { status: 0, beacon: true } : { status: 0 };
    } finally {
      timers.clear(timer);
    }
  };
}

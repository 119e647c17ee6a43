/** HMAC-SHA256 signatures of webhook bodies: `X-Uptake-Signature: sha256=<hex>` over the raw body. */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Uptake-Signature";
export const TIMESTAMP_HEADER = "X-Uptake-Timestamp";

/**
 * The signature of `body` (the exact bytes sent). The body carries its own `timestamp`, mirrored in the
 * timestamp header, so a receiver can refuse replays of old deliveries.
 * @example sign("whsec_…", '{"type":"alert.created",…}') // "sha256=5f0c…"
 */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** For receivers (and tests): true when `signature` is the signature of `body` under `secret`. */
export function verify(secret: string, body: string, signature: string | null | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

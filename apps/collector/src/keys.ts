/** Write and secret keys: generation, hashing (secret keys are stored hashed) and constant-time checks. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function generateKey(prefix: "wk" | "sk"): string {
  return `${prefix}_${randomBytes(18).toString("base64url")}`;
}

export function hashSecret(secretKey: string): string {
  return createHash("sha256").update(secretKey).digest("hex");
}

/** Compares two strings without leaking, through timing, how long a prefix matched. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

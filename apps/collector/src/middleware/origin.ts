/** Which browser origins may send with a write key, and the CORS headers that tell the browser so. */
import type { Context } from "hono";

export function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  if (!origin) return true; // server-side libraries send no Origin
  return allowed.includes("*") || allowed.includes(origin);
}

/** Echoes an allowed origin so browsers accept the answer; text/plain bodies need no preflight. */
export function setCorsHeaders(c: Context, allowed: string[]) {
  const origin = c.req.header("origin");
  if (!origin || !originAllowed(origin, allowed)) return;
  c.header("Access-Control-Allow-Origin", allowed.includes("*") ? "*" : origin);
  c.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  c.header("Access-Control-Allow-Headers", "Content-Type, Authorization");
  c.header("Access-Control-Max-Age", "86400");
  if (!allowed.includes("*")) c.header("Vary", "Origin");
}

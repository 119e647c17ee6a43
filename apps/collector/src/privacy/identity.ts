/**
 * Identity verification (as Intercom's and Segment's "identity verification"): the vendor's back end signs
 * the user id with HMAC-SHA256 under the project's identity secret. In a project that requires it, a
 * userId without a valid signature is dropped and the event kept as anonymous, and anonymous ids are
 * namespaced, so typing `uptake.identify("someone")` or `anonymousId: "someone"` in the console never
 * reads or writes that person's checklist or survey state.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Project } from "../store/types.ts";
import { identitySecret, privacySettings } from "./settings.ts";

/** Anonymous ids of signed projects live under this prefix, so they can never equal a user id. */
export const ANON_PREFIX = "anon:";

/** What the vendor's back end computes: hex HMAC-SHA256 of the user id. */
export function signUserId(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId).digest("hex");
}

/** The userId when the project does not require signatures or `signature` is right; null otherwise. */
export function verifiedUserId(project: Project, userId: string | null | undefined, signature: unknown): string | null {
  if (userId == null) return null;
  if (!privacySettings(project).requireSignedIdentity) return userId;
  const secret = identitySecret(project);
  if (!secret || typeof signature !== "string" || userId.startsWith(ANON_PREFIX)) return null;
  const expected = Buffer.from(signUserId(secret, userId), "hex");
  const given = Buffer.from(signature.length === expected.length * 2 ? signature : "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** The ids a request may act as: the verified userId, and the anonymous id (namespaced in signed projects). */
export function verifiedIdentity(
  project: Project,
  ids: { userId?: string | null; anonymousId?: string | null; signature?: unknown },
): { userId: string | null; anonymousId: string | null } {
  const signed = privacySettings(project).requireSignedIdentity;
  const anonymousId = ids.anonymousId == null ? null : signed ? ANON_PREFIX + ids.anonymousId : ids.anonymousId;
  return { userId: verifiedUserId(project, ids.userId, ids.signature), anonymousId };
}

/** Audience rules: trait conditions on the user and the account, and a sample that stays put per user. */
import { createHash } from "node:crypto";
import type { TAudience, TTraitCondition } from "@uptake/schema";

type Scalar = string | number | boolean;

/** Values compare as the user sent them, except that "42" equals 42 (traits often arrive as strings). */
function same(a: unknown, b: Scalar): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") return a != null && a !== "" && Number(a) === Number(b);
  return false;
}

const num = (v: unknown): number | null => (v == null || v === "" || Number.isNaN(Number(v)) ? null : Number(v));

/** True when a trait's value satisfies the vendor's condition. A missing trait satisfies only `exists: false`. */
export function traitMatches(cond: TTraitCondition, value: unknown): boolean {
  if (Array.isArray(cond)) return cond.some((c) => same(value, c));
  if (typeof cond !== "object") return same(value, cond);
  if (cond.exists !== undefined && cond.exists !== (value != null)) return false;
  if (cond.in && !cond.in.some((c) => same(value, c))) return false;
  if (cond.notIn?.some((c) => same(value, c))) return false;
  const n = num(value);
  const bounds: [number | undefined, (x: number, b: number) => boolean][] = [
    [cond.gt, (x, b) => x > b],
    [cond.gte, (x, b) => x >= b],
    [cond.lt, (x, b) => x < b],
    [cond.lte, (x, b) => x <= b],
  ];
  return bounds.every(([b, ok]) => b === undefined || (n !== null && ok(n, b)));
}

function allMatch(conds: Record<string, TTraitCondition> | undefined, traits: Record<string, unknown>): boolean {
  return Object.entries(conds ?? {}).every(([name, cond]) => traitMatches(cond, traits[name]));
}

/**
 * The user's place in [0, 1) for one widget: a hash of widget and actor, so the same user gets the same
 * draw on every request and device, and different widgets draw independently.
 */
export function sampleBucket(widgetId: string, actor: string): number {
  return createHash("sha256").update(`${widgetId}\u0000${actor}`).digest().readUInt32BE(0) / 2 ** 32;
}

export type AudienceVerdict = "ok" | "audience" | "sample";

export function audienceVerdict(
  audience: TAudience,
  who: { actor: string; traits: Record<string, unknown>; accountTraits: Record<string, unknown> },
  widgetId: string,
): AudienceVerdict {
  if (!allMatch(audience.traits, who.traits) || !allMatch(audience.accountTraits, who.accountTraits)) return "audience";
  if (audience.sample !== undefined && sampleBucket(widgetId, who.actor) >= audience.sample) return "sample";
  return "ok";
}

/** Shared plumbing of the query routes: the range, extra parameters, and `compare=` side-by-side answers. */
import type { Context } from "hono";
import type { z } from "zod";
import { ZCompareParams, fieldErrors } from "@uptake/schema";
import type { EventStore } from "../store/types.ts";
import { parseRange, type ParsedRange } from "./range.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Parses the query string with `schema`, or answers 400 naming the field. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): Parsed<z.output<S>> {
  const parsed = schema.safeParse(c.req.query());
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = fieldErrors(parsed.error);
  return { ok: false, response: c.json({ error: errors.map((e) => `${e.path}: ${e.message}`).join("; "), errors }, 400) };
}

/** How many segment values a `compare=` answer shows at most. */
const COMPARE_LIMIT = 12;

/**
 * Answers `compute(range)` as JSON; with `compare=trait`, answers it once per value of the trait instead:
 * `{ compare, segments: [{ segment, ...answer }] }`.
 */
export async function answer(
  c: Context, store: EventStore, projectId: string, now: number, compute: (range: ParsedRange) => Promise<object>,
): Promise<Response> {
  const r = parseRange(c, now);
  if (!r.ok) return r.response;
  const cmp = parseQuery(c, ZCompareParams);
  if (!cmp.ok) return cmp.response;
  const compare = cmp.value.compare;
  if (!compare) return c.json(await compute(r.range));
  const prefix = compare.scope === "account" ? "account." : "";
  const values = await store.traitValues(projectId, compare.scope, compare.trait, COMPARE_LIMIT);
  const segments = [];
  for (const value of values) {
    const part = await compute({ ...r.range, segment: { ...compare, value } });
    segments.push({ segment: `${prefix}${compare.trait}:${value}`, ...part });
  }
  return c.json({ compare: `${prefix}${compare.trait}`, segments });
}

/**
 * Traits as rows: one (key, value) per trait per change, so concurrent collectors never overwrite each
 * other's traits and the latest value of each trait wins. Values are stored as the text a segment filter
 * compares, with the same rules as SQLite's CAST(json_extract(…) AS TEXT): booleans as 1/0, objects as
 * JSON, null removes the trait (a JSON merge patch). Nested objects are replaced whole, not merged.
 */

export type TraitRow = { key: string; value: string; json: string; is_null: 0 | 1 };

export function traitText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

export function traitRows(traits: Record<string, unknown>): TraitRow[] {
  return Object.entries(traits).map(([key, v]) =>
    v === null || v === undefined
      ? { key, value: "", json: "null", is_null: 1 }
      : { key, value: traitText(v), json: JSON.stringify(v), is_null: 0 },
  );
}

/** Latest rows per key → the traits object (removed traits left out). */
export function traitsObject(rows: { key: string; json: string; is_null: number }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) if (!r.is_null) out[r.key] = JSON.parse(r.json);
  return out;
}

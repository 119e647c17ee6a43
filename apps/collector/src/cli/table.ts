/** Renders an answer as plain text tables for a terminal: series, lists of objects and key/value summaries. */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function cell(v: Json): string {
  if (v == null) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : String(Math.round(v * 1000) / 1000);
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object" || x == null) ? v.map((x) => cell(x)).join(" ") : `[${v.length}]`;
  if (typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}=${cell(x)}`).join(" ");
  return String(v);
}

export function table(rows: { [k: string]: Json }[]): string {
  if (rows.length === 0) return "(none)";
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((c) => rows.some((r) => !Array.isArray(r[c]) || (r[c] as Json[]).length < 20));
  const cells = rows.map((r) => cols.map((c) => cell(r[c] ?? null)));
  const widths = cols.map((c, i) => Math.min(48, Math.max(c.length, ...cells.map((r) => r[i].length))));
  const line = (xs: string[]) => xs.map((x, i) => (x.length > widths[i] ? `${x.slice(0, widths[i] - 1)}…` : x.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(cols), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n");
}

/** Top-level scalars as `key: value` lines, then each list of objects as its own table. */
export function render(answer: Json): string {
  if (answer == null || typeof answer !== "object" || Array.isArray(answer)) return cell(answer);
  const out: string[] = [];
  const scalars = Object.entries(answer).filter(([, v]) => v == null || typeof v !== "object" || (!Array.isArray(v) && Object.values(v).every((x) => typeof x !== "object" || x == null)));
  for (const [k, v] of scalars) out.push(`${k}: ${cell(v)}`);
  for (const [k, v] of Object.entries(answer)) {
    if (!Array.isArray(v) || !v.every((x) => x != null && typeof x === "object" && !Array.isArray(x))) continue;
    if (k === "segments") {
      for (const s of v as { [k: string]: Json }[]) out.push("", `== ${s.segment} ==`, render(s));
      continue;
    }
    out.push("", `${k}:`, table(v as { [k: string]: Json }[]));
  }
  return out.join("\n").trim();
}

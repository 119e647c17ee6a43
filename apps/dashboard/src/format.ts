/** Number and date formatting shared by every view, so the same figure reads the same everywhere. */

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Whole numbers as counts; fractions (average DAU over a week) keep two decimals. */
export function num(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Number.isInteger(n) ? int.format(n) : dec.format(n);
}

/** A ratio 0..1 as a percentage with one decimal at most. */
export function pct(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "—";
  return `${Number((r * 100).toFixed(1))}%`;
}

export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return "—";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Number(h.toFixed(1))} h`;
  return `${Number((h / 24).toFixed(1))} days`;
}

const monthDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const full = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** `2026-11-23` → `Nov 23` (or with the year). */
export function day(iso: string, withYear = false): string {
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (!Number.isFinite(t)) return iso;
  return (withYear ? full : monthDay).format(t);
}

/** A change between two figures as `+12%`, or null when there is no base to compare with. */
export function change(now: number, before: number | undefined): string | null {
  if (before === undefined || !Number.isFinite(before) || before === 0 || !Number.isFinite(now)) return null;
  const c = (now - before) / before;
  return `${c >= 0 ? "+" : "−"}${Number(Math.abs(c * 100).toFixed(1))}%`;
}

/** A trait value for a table cell. */
export function trait(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

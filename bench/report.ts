/** The benchmark table: one row per figure, Uptake's beside its peer's, measured in the same run. */

/** The middle of the measured runs: what every timing row reports. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export type Row = {
  /** Section heading the row is printed under (e.g. "Size", "Ingest"). */
  section?: string;
  what: string;
  uptake: number | string;
  unit?: string;
  /** The peer's name and figure, e.g. "posthog-js 57.1 KB" or a number in the row's unit. */
  peer?: string | number;
  /** Uptake / peer, where that means something; computed when both are numbers. */
  ratio?: number | string;
  target?: string;
};

/** One measurement of a curve: `series` (e.g. "SQLite: /v1/trends/features") at `x` events took `y` (ms). */
export type Point = { chart: string; series: string; x: number; y: number };

export type Report = {
  row(row: Row): void;
  rows: Row[];
  section(name: string): void;
  /** Records a point for the scaling charts that bench/scaling.ts draws at the end of the run. */
  point(p: Point): void;
  points: Point[];
};

export function createReport(): Report {
  const rows: Row[] = [];
  const points: Point[] = [];
  let current = "";
  return {
    rows,
    points,
    point: (p) => void points.push(p),
    section(name) {
      current = name;
    },
    row(row) {
      const r = { section: current, ...row };
      if (r.ratio === undefined && typeof r.uptake === "number" && typeof r.peer === "number" && r.peer !== 0) {
        r.ratio = r.uptake / r.peer;
      }
      rows.push(r);
      process.stderr.write(`  ${r.what}: ${fmt(r.uptake, r.unit)}${r.peer !== undefined ? `  (peer ${fmt(r.peer, r.unit)})` : ""}\n`);
    },
  };
}

export function fmt(v: number | string | undefined, unit = ""): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  const n = Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString();
  return unit ? `${n} ${unit}` : n;
}

/** The Markdown table the README includes. */
export function markdown(rows: Row[], meta: string): string {
  const out = [meta, ""];
  let section: string | undefined;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out.push("", `**${section}**`, "", "| what | Uptake | peer (same run) | ratio | target |", "|---|---|---|---|---|");
    }
    const ratio = typeof r.ratio === "number" ? `${r.ratio.toFixed(2)}×` : (r.ratio ?? "");
    out.push(`| ${r.what} | ${fmt(r.uptake, r.unit)} | ${fmt(r.peer, r.unit)} | ${ratio} | ${r.target ?? ""} |`);
  }
  return out.join("\n") + "\n";
}

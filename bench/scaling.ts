/**
 * Scaling: draws the points the other modules recorded (query ms and load rate against the number of events
 * stored) as log-log line charts, rendered to bench/scaling.png by headless Chromium from plain SVG.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { Point, Report } from "./report.ts";

const W = 640;
const H = 340;
const PAD = { left: 64, right: 230, top: 36, bottom: 44 };
const COLORS = [
  "#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6", "#ec4899", "#64748b", "#84cc16", "#f97316", "#06b6d4",
  "#a16207", "#be123c",
];

export async function run(report: Report) {
  const charts = [...new Set(report.points.map((p) => p.chart))];
  if (!charts.length) {
    report.section("Scaling");
    report.row({ what: "scaling chart", uptake: "no points recorded (run the analytics or clickhouse modules in the same run)" });
    return;
  }
  const svgs = charts.map((c) => chart(c, report.points.filter((p) => p.chart === c)));
  const html = `<!doctype html><html><body style="margin:0;background:#fff;font:12px system-ui,sans-serif">
    <div style="display:flex;flex-wrap:wrap;width:${W * 2}px">${svgs.join("")}</div></body></html>`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: W * 2, height: H * Math.ceil(svgs.length / 2) } });
  await page.setContent(html);
  const file = join(import.meta.dirname, "scaling.png");
  await page.screenshot({ path: file, fullPage: true });
  await browser.close();
  writeFileSync(join(import.meta.dirname, "scaling.json"), JSON.stringify(report.points, null, 2) + "\n");
  report.section("Scaling");
  report.row({ what: "chart of how each figure grows with the events stored", uptake: "bench/scaling.png" });
}

function chart(title: string, points: Point[]): string {
  const series = [...new Set(points.map((p) => p.series))];
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => Math.max(p.y, 0.1));
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
  const px = (x: number) => PAD.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => H - PAD.bottom - ((Math.log10(Math.max(y, 0.1)) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const grid: string[] = [];
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    grid.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`);
    grid.push(`<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end" fill="#6b7280">${fmt(10 ** e)}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    grid.push(`<text x="${px(x)}" y="${H - PAD.bottom + 16}" text-anchor="middle" fill="#6b7280">${fmt(x)}</text>`);
  }
  const lines = series.map((name, i) => {
    const pts = points.filter((p) => p.series === name).sort((a, b) => a.x - b.x);
    const color = COLORS[i % COLORS.length];
    const d = pts.map((p, j) => `${j ? "L" : "M"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join("");
    const dots = pts.map((p) => `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="2.5" fill="${color}"/>`).join("");
    // The legend drops a series name's parenthesis and says "segment" as "·", so it fits beside the chart.
    const short = name.split("(")[0].replace(", segment ", " · ").trim().slice(0, 34);
    const legend = `<text x="${W - PAD.right + 10}" y="${PAD.top + 14 * i + 4}" fill="${color}">${escape(short)}</text>`;
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"/>${dots}${legend}`;
  });
  return `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
    <text x="${PAD.left}" y="20" font-weight="600" font-size="13" fill="#111827">${escape(title)}</text>
    ${grid.join("")}${lines.join("")}
    <text x="${(W - PAD.right + PAD.left) / 2}" y="${H - 8}" text-anchor="middle" fill="#6b7280">events stored (log)</text></svg>`;
}

function fmt(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

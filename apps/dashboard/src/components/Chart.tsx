/**
 * A time-series chart on uPlot (canvas, ~20 KB gzip), themed from the page's CSS custom properties so it
 * reads in light and dark mode. Canvas is invisible to screen readers and keyboards, so every chart also
 * carries its numbers as a table behind a disclosure.
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { day, num } from "../format.ts";

export type ChartSeries = { label: string; values: (number | null)[]; format?: (v: number) => string };

/** `spanGaps` joins points across buckets without a value (a survey score where nobody answered). */
type Props = { label: string; dates: string[]; series: ChartSeries[]; height?: number; bars?: boolean; spanGaps?: boolean };

const canDraw = () => typeof document !== "undefined" && !!document.createElement("canvas").getContext?.("2d");

export function Chart({ label, dates, series, height = 220, bars = false, spanGaps = false }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw()) return;
    let plot: uPlot | undefined;
    const draw = () => {
      plot?.destroy();
      plot = new uPlot(options(el, dates, series, height, bars, spanGaps), [dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...series.map((s) => s.values)], el);
    };
    draw();
    const resize = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    scheme.addEventListener("change", draw);
    return () => {
      resize.disconnect();
      scheme.removeEventListener("change", draw);
      plot?.destroy();
    };
  }, [dates, series, height, bars, spanGaps]);

  return (
    <figure class="chart">
      <div ref={box} class="chart-canvas" role="img" aria-label={`${label}: chart, figures in the table below`} style={{ minHeight: `${height}px` }} />
      <details class="chart-table">
        <summary>{label}: show as table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dates.map((d, i) => (
              <tr>
                <th scope="row">{day(d, true)}</th>
                {series.map((s) => {
                  const v = s.values[i];
                  return <td class="num">{v === null || v === undefined ? "—" : (s.format ?? num)(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function options(el: HTMLElement, dates: string[], series: ChartSeries[], height: number, bars: boolean, spanGaps: boolean): uPlot.Options {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const muted = v("--text-muted") || "#667";
  const grid = v("--grid") || "#eee";
  const font = `12px ${v("--font") || "system-ui, sans-serif"}`;
  const axis = { stroke: muted, font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
  return {
    width: el.clientWidth || 600,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.08 : 1] } },
    axes: [axis, { ...axis, size: 48, values: (_u, ticks) => ticks.map((t) => num(t)) }],
    series: [
      { value: (_u, ts) => day(ts == null ? (dates[dates.length - 1] ?? "") : new Date(ts * 1000).toISOString().slice(0, 10), true) },
      ...series.map((s, i): uPlot.Series => {
        const color = v(`--series-${(i % 4) + 1}`) || "#5b5bd6";
        return {
          label: s.label,
          stroke: color,
          width: 2,
          spanGaps,
          fill: spanGaps ? undefined : bars ? color : i === 0 ? translucent(color) : undefined,
          paths: bars ? uPlot.paths.bars!({ size: [0.6, 28], gap: 2 }) : undefined,
          points: { show: spanGaps || fewPoints(series) },
          // With the cursor away the legend shows the latest figure rather than a dash.
          value: (_u, val, _s, idx) => {
            const v = idx == null ? latest(s.values) : val;
            return v == null ? "—" : (s.format ?? num)(v);
          },
        };
      }),
    ],
  };
}

/** The last figure that exists (a survey score is missing where nobody answered). */
function latest(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i];
  return null;
}

/** A 12 % tint of a `#rrggbb` colour for the area under the first line. */
function translucent(color: string): string | undefined {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}1f` : undefined;
}

/** Dots only when there are few points, so a 90-day line stays clean. */
function fewPoints(series: ChartSeries[]): boolean {
  return (series[0]?.values.length ?? 0) <= 16;
}

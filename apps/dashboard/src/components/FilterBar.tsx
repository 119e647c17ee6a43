/** The date range, interval and segment controls; every change rewrites the URL query so the view stays shareable. */
import type { Filters, Interval } from "../api.ts";
import { PRESETS, SEGMENT_KEYS, lastDays, pageZone, splitSegment, writeFilters } from "../filters.ts";
import { navigate } from "../router.ts";

type Props = { filters: Filters; now: number; extra?: Record<string, string | undefined> };

export function FilterBar({ filters, now, extra }: Props) {
  const go = (f: Filters) => navigate(location.pathname + writeFilters(f, extra));
  const seg = splitSegment(filters.segment);
  const setSegment = (key: string, value: string) => go({ ...filters, segment: value.trim() ? `${key}:${value.trim()}` : undefined });
  const active = PRESETS.find((p) => {
    const r = lastDays(p.days, now);
    return r.from === filters.from && r.to === filters.to;
  });

  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div class="seg-control" role="group" aria-label="Quick ranges">
        {PRESETS.map((p) => (
          <button type="button" class="seg-btn" aria-pressed={active === p} onClick={() => go({ ...filters, ...lastDays(p.days, now) })}>
            {p.label}
          </button>
        ))}
      </div>
      <label class="field">
        <span>From</span>
        <input type="date" value={filters.from} max={filters.to} onChange={(e) => e.currentTarget.value && go({ ...filters, from: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>To</span>
        <input type="date" value={filters.to} min={filters.from} onChange={(e) => e.currentTarget.value && go({ ...filters, to: e.currentTarget.value })} />
      </label>
      <label class="field">
        <span>Interval</span>
        <select value={filters.interval} onChange={(e) => go({ ...filters, interval: e.currentTarget.value as Interval })}>
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </label>
      <label class="field">
        <span>Segment</span>
        <select value={seg.key} onChange={(e) => setSegment(e.currentTarget.value, seg.value)}>
          {SEGMENT_KEYS.map((k) => (
            <option value={k.key}>{k.label}</option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>is</span>
        <input
          type="search"
          placeholder="any"
          value={seg.value}
          size={10}
          aria-label="Segment value"
          onChange={(e) => setSegment(seg.key, e.currentTarget.value)}
        />
      </label>
      <p class="muted zone">Days in {pageZone()}</p>
    </form>
  );
}

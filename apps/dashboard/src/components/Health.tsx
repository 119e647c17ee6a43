/** An account's health: the score as a badge, and its parts as a segmented bar (width = weight, fill = value). */
import type { HealthPart } from "../api.ts";
import { num, pct } from "../format.ts";
import { healthLevel, healthParts } from "../pages/accounts-model.ts";

export function HealthBadge({ score }: { score: number | null }) {
  return (
    <span class="health" data-level={healthLevel(score)}>
      {score === null ? "—" : num(score)}
    </span>
  );
}

export function HealthParts({ parts }: { parts: HealthPart[] | undefined }) {
  const list = healthParts(parts);
  if (!list.length) return <span class="muted">—</span>;
  const label = list.map((p) => `${p.name} ${pct(p.value)}`).join(", ");
  return (
    <div class="parts" role="img" aria-label={`Score parts: ${label}`} title={label}>
      {list.map((p) => (
        <span style={{ flexGrow: p.weight }}>
          <i style={{ width: `${Math.round(p.value * 100)}%` }} />
        </span>
      ))}
    </div>
  );
}

/** The parts spelled out, for the account page. */
export function HealthPartsList({ parts }: { parts: HealthPart[] | undefined }) {
  const list = healthParts(parts);
  if (!list.length) return <p class="muted">No part of the score has data yet.</p>;
  return (
    <dl class="part-list">
      {list.map((p) => (
        <div>
          <dt>
            {p.name} <span class="muted small">weight {pct(p.weight)}</span>
          </dt>
          <dd>
            <div class="bar" aria-hidden="true">
              <span style={{ width: `${p.value * 100}%` }} />
            </div>
            <span class="num">{pct(p.value)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Trend({ value }: { value: number | null }) {
  if (value === null) return <span class="muted">—</span>;
  const dir = value > 0 ? "up" : value < 0 ? "down" : "flat";
  return (
    <span class={`trend ${dir}`}>
      <span aria-hidden="true">{dir === "up" ? "↑" : dir === "down" ? "↓" : "→"}</span>
      {dir !== "flat" && <span class="sr-only">{dir}</span>} {Number(Math.abs(value).toFixed(1))}%
    </span>
  );
}

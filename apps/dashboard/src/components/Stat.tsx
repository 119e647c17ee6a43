/** A headline figure: label, value, and a small line of context (change, definition). */
import type { ComponentChildren } from "preact";

export function Stat({ id, label, value, sub, tone }: { id?: string; label: string; value: string; sub?: ComponentChildren; tone?: "up" | "down" }) {
  return (
    <div class="stat" data-stat={id}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {sub && <div class={`stat-sub ${tone ?? ""}`}>{sub}</div>}
    </div>
  );
}

/** A horizontal bar for tables and lists: the share 0..1 drawn behind its label. */
export function Bar({ share, label }: { share: number; label: string }) {
  const w = Math.max(0, Math.min(1, share)) * 100;
  return (
    <div class="bar" role="img" aria-label={label}>
      <span style={{ width: `${w}%` }} />
    </div>
  );
}

export function Card({ title, action, children, class: cls }: { title: string; action?: ComponentChildren; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${cls ?? ""}`} aria-label={title}>
      <header class="card-head">
        <h2>{title}</h2>
        {action}
      </header>
      {children}
    </section>
  );
}

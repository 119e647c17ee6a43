/** @jsxImportSource preact */
/**
 * A rating scale as an ARIA radio group: one tab stop, arrows move the choice, Enter or Space (or a click)
 * gives it. Shared by NPS (0-10) and CSAT (1-5 stars or faces, 1-7).
 */
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";

export type ScaleProps = {
  values: number[];
  labelledBy: string;
  /** Accessible name of one point. */
  label(n: number): string;
  /** What a point shows; `lit` is true up to the hovered or chosen point (for stars). */
  face(n: number, lit: boolean): ComponentChildren;
  itemClass: string;
  autoFocus: boolean;
  onPick(n: number): void;
};

const STEP: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

export function Scale(p: ScaleProps) {
  const [chosen, setChosen] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = chosen ?? p.values[0];

  useLayoutEffect(() => {
    if (p.autoFocus) refs.current[0]?.focus();
  }, []);

  function onKey(e: KeyboardEvent) {
    const last = p.values.length - 1;
    const i = p.values.indexOf(current);
    let next: number;
    if (e.key in STEP) next = Math.min(last, Math.max(0, i + STEP[e.key]));
    else if (e.key === "Home" || e.key === "End") next = e.key === "Home" ? 0 : last;
    else if (e.key === "Enter" || e.key === " ") {
      // Handled here, not by the button's own click, so one key press gives exactly one answer.
      e.preventDefault();
      return p.onPick(current);
    } else return;
    e.preventDefault();
    setChosen(p.values[next]);
    refs.current[next]?.focus();
  }

  const lit = hover ?? chosen;
  return (
    <div class="scale" role="radiogroup" aria-labelledby={p.labelledBy} onKeyDown={onKey} onMouseLeave={() => setHover(null)}>
      {p.values.map((n, i) => (
        <button
          type="button"
          key={n}
          ref={(el) => void (refs.current[i] = el)}
          role="radio"
          class={`${p.itemClass}${lit != null && n <= lit ? " lit" : ""}`}
          aria-checked={chosen === n}
          aria-label={p.label(n)}
          tabIndex={n === current ? 0 : -1}
          onMouseEnter={() => setHover(n)}
          onClick={() => p.onPick(n)}
        >
          {p.face(n, lit != null && n <= lit)}
        </button>
      ))}
    </div>
  );
}

/** @jsxImportSource preact */
/**
 * The onboarding checklist: a launcher showing progress ("2 of 5"), and a panel listing the steps, with
 * links, boxes for manual steps, hide, and a small celebration once every step is done.
 */
import type { TChecklistPayload } from "@uptake/schema";
import { useLayoutEffect, useRef } from "preact/hooks";
import { langOf, type Strings } from "../i18n";
import { Check, Close, Party, Ring } from "../ui/icons";

export type ChecklistProps = {
  list: TChecklistPayload;
  t: Strings;
  locale?: string;
  open: boolean;
  /** Move focus into the panel when it opens (it was opened by the user, not by the page). */
  focus: boolean;
  onToggle(open: boolean): void;
  onManual(itemId: string): void;
  onHide(): void;
};

export function Checklist({ list, t, locale, open, focus, onToggle, onManual, onHide }: ChecklistProps) {
  const done = list.items.filter((i) => i.done).length;
  const total = list.items.length;
  const all = done === total;
  const panel = useRef<HTMLElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const pid = `uw-cl-${list.id}`;
  const progress = t.progress(done, total);

  useLayoutEffect(() => {
    if (open && focus) panel.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [open]);

  const collapse = () => {
    onToggle(false);
    launcher.current?.focus();
  };

  return (
    <aside class={`uw ${list.placement}`} lang={langOf(locale)} aria-label={list.title}>
      <div class="stack">
        {open && (
          <section
            ref={panel}
            id={pid}
            class="card panel pop"
            aria-labelledby={`${pid}-h`}
            onKeyDown={(e) => e.key === "Escape" && (e.preventDefault(), collapse())}
          >
            <button type="button" class="x" aria-label={t.minimize} onClick={collapse}>
              <Close />
            </button>
            <h2 id={`${pid}-h`} tabIndex={-1}>{list.title}</h2>
            {list.description && <p class="muted">{list.description}</p>}
            <div class="bar" role="progressbar" aria-label={list.title} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={progress}>
              <span style={{ width: `${(done / total) * 100}%` }} />
            </div>
            {all ? (
              <div class="party" role="status">
                <Party />
                <p><strong>{t.allDone}</strong></p>
                <p class="muted">{t.allDoneText}</p>
              </div>
            ) : (
              <ul>
                {list.items.map((item) => (
                  <li key={item.id} class={item.done ? "on" : ""}>
                    <span class={`tick${item.done ? " on" : ""}`} aria-hidden="true">{item.done && <Check />}</span>
                    <div class="it">
                      {item.href && !item.done && /^(https?:\/\/|\/(?!\/))/i.test(item.href) ? (
                        <a href={item.href}>{item.title}</a>
                      ) : (
                        <span class="t">{item.title}</span>
                      )}
                      <span class="sr">{item.done ? ` — ${t.done}` : ""}</span>
                      {item.description && <div class="d">{item.description}</div>}
                    </div>
                    {!item.done && !item.on && (
                      <button type="button" class="mark" onClick={() => onManual(item.id)} aria-label={`${t.markDone}: ${item.title}`}>
                        {t.markDone}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <div class="row">
              <button type="button" class="ghost" onClick={onHide}>
                {t.hide}
              </button>
            </div>
          </section>
        )}
        <button
          ref={launcher}
          type="button"
          class="launcher"
          aria-expanded={open}
          aria-controls={open ? pid : undefined}
          onClick={() => onToggle(!open)}
        >
          <Ring share={done / total} />
          <span>{list.title}</span>
          <span aria-hidden="true">·</span>
          <span>{progress}</span>
        </button>
      </div>
    </aside>
  );
}

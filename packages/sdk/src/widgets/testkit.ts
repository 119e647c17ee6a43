/** Test fakes for the widgets (not shipped): a host that records what the widgets report, and DOM helpers. */
import type { TChecklistPayload, TSurveyPayload, TWidgetsAnswer } from "@uptake/schema";
import { act } from "preact/test-utils";
import { start } from "./controller";
import type { WidgetsHost } from "./types";

export type Recorded = { tracked: [string, Record<string, unknown>][]; emitted: [string, unknown][]; loads: unknown[] };

export function nps(extra: Partial<TSurveyPayload> = {}): TSurveyPayload {
  return {
    id: "nps", kind: "nps", question: "How likely are you to recommend Ledgerly to a friend?", scale: 11, display: "numbers",
    trigger: { event: "Feature Used", where: { feature: "export" } }, placement: "bottom-right", snoozeDays: 7, ...extra,
  };
}

export function csat(extra: Partial<TSurveyPayload> = {}): TSurveyPayload {
  return { ...nps(), id: "csat", kind: "csat", question: "How satisfied are you with exports?", scale: 5, display: "stars", trigger: {}, ...extra };
}

export function checklist(extra: Partial<TChecklistPayload> = {}): TChecklistPayload {
  return {
    id: "onboarding", title: "Get started", placement: "bottom-right", dismissed: false, completed: false,
    items: [
      { id: "report", title: "Build a report", on: { event: "Feature Used", where: { feature: "reports" } }, done: true },
      { id: "export", title: "Export to CSV", on: { event: "Feature Used", where: { feature: "export" } }, done: false },
      { id: "guide", title: "Read the guide", href: "https://docs.example.com/start", done: false },
    ],
    ...extra,
  };
}

export const answerOf = (a: Partial<TWidgetsAnswer> = {}): TWidgetsAnswer => ({ locale: "en", theme: {}, surveys: [], checklists: [], ...a });

/** Starts the widgets with a recording host; `next` is what `load()` answers. */
export function startWidgets(first: TWidgetsAnswer | null, opts: { locale?: string; next?: TWidgetsAnswer; nonce?: string } = {}) {
  const rec: Recorded = { tracked: [], emitted: [], loads: [] };
  const host: WidgetsHost = {
    track: (event, properties) => void rec.tracked.push([event, properties]),
    emit: (event, payload) => void rec.emitted.push([event, payload]),
    load: async (params) => {
      rec.loads.push(params);
      return opts.next ?? first;
    },
    locale: opts.locale,
    nonce: opts.nonce,
  };
  let controller!: ReturnType<typeof start>;
  act(() => {
    controller = start(host, first);
  });
  return { controller, rec, events: () => rec.tracked.map(([e]) => e) };
}

/** The shadow root of the mounted survey or checklist, if any. */
export const shadow = (kind: "survey" | "checklist") =>
  document.querySelector<HTMLElement>(`[data-uptake-widget="${kind}"]`)?.shadowRoot ?? null;

export function press(el: Element | null, key: string) {
  act(() => {
    el?.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, composed: true }));
  });
}

export function click(el: Element | null | undefined) {
  if (!el) throw new Error("nothing to click");
  act(() => (el as HTMLElement).click());
}

/** The button whose accessible name (aria-label, else its text) is `name`. */
export function button(root: ShadowRoot | null, name: string): HTMLButtonElement | null {
  return [...(root?.querySelectorAll("button") ?? [])].find((b) => (b.getAttribute("aria-label") ?? b.textContent?.trim()) === name) ?? null;
}

export function cleanup() {
  act(() => {
    for (const el of document.querySelectorAll("[data-uptake-widget]")) el.remove();
  });
  history.replaceState(null, "", "/");
}

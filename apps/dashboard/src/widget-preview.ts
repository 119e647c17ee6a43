/**
 * The live preview runs the SDK's real widgets chunk (/widgets.js, served by the collector) in this page,
 * fed with the survey being edited instead of an answer from /v1/widgets. Its host records nothing: a
 * preview must never count as a survey shown or answered.
 */
import type { Survey, WidgetSettings } from "./api.ts";

/** The seam the widgets chunk publishes (packages/sdk/src/widgets/types.ts), as far as the preview uses it. */
type Theme = WidgetSettings["theme"];
export type SurveyPayload = {
  id: string;
  kind: "nps" | "csat";
  question: string;
  followUp?: Survey["followUp"];
  lowLabel?: string;
  highLabel?: string;
  thankYou?: string;
  scale: 5 | 7 | 11;
  display: "stars" | "faces" | "numbers";
  trigger: Record<string, never>;
  placement: WidgetSettings["placement"];
  snoozeDays: number;
  forced: true;
};
type Answer = { locale: string; theme: Theme; surveys: SurveyPayload[]; checklists: never[] };
type Controller = { showSurvey(id: string): Promise<void> };
type WidgetsModule = {
  start(host: { track(): void; emit(): void; load(): Promise<Answer>; locale?: string }, answer: Answer | null): Controller;
};

const GLOBAL = "__uptakeWidgets";
const PREVIEW_ID = "preview";

/** What /v1/widgets would send for this survey opened with showSurvey(): texts in `locale`, defaults filled in. */
export function previewPayload(s: Survey, locale: string, placement: WidgetSettings["placement"]): SurveyPayload {
  const t = (locale && s.texts?.[locale]) || {};
  const blank = (v: string | undefined) => (v && v.trim() ? v : undefined);
  return {
    id: s.id || PREVIEW_ID,
    kind: s.kind,
    question: blank(t.question) ?? s.question,
    followUp: (typeof t.followUp === "string" ? blank(t.followUp) : t.followUp) ?? (typeof s.followUp === "string" ? blank(s.followUp) : s.followUp),
    lowLabel: blank(t.lowLabel) ?? blank(s.lowLabel),
    highLabel: blank(t.highLabel) ?? blank(s.highLabel),
    thankYou: blank(t.thankYou) ?? blank(s.thankYou),
    scale: s.kind === "nps" ? 11 : (s.scale ?? 5),
    display: s.kind === "nps" || s.scale === 7 ? "numbers" : (s.display ?? "stars"),
    trigger: {},
    placement,
    snoozeDays: s.snoozeDays ?? 7,
    forced: true,
  };
}

let loading: Promise<WidgetsModule> | undefined;

/** Loads /widgets.js once; rejects with a readable reason when the collector does not serve it. */
export function loadWidgets(src = "/widgets.js"): Promise<WidgetsModule> {
  const ready = () => (window as unknown as Record<string, WidgetsModule | undefined>)[GLOBAL];
  loading ??= new Promise<WidgetsModule>((resolve, reject) => {
    const found = ready();
    if (found) return resolve(found);
    const script = Object.assign(document.createElement("script"), { src, async: true });
    script.onload = () => {
      const m = ready();
      if (m) resolve(m);
      else reject(new Error("widgets.js loaded but did not register the widgets"));
    };
    script.onerror = () => reject(new Error("the collector does not serve /widgets.js (build the SDK)"));
    document.head.append(script);
  }).catch((err) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** Shows `payload` in the real widget, replacing the one shown before; the author's focus stays where it was. */
export async function showPreview(payload: SurveyPayload, settings: WidgetSettings, locale: string): Promise<void> {
  const widgets = await loadWidgets();
  closePreview();
  const answer: Answer = { locale: locale || "en", theme: settings.theme, surveys: [payload], checklists: [] };
  const keep = document.activeElement as HTMLElement | null;
  await widgets.start({ track() {}, emit() {}, load: async () => answer, locale: locale || undefined }, null).showSurvey(payload.id);
  // The widget focuses itself for its real users; an author typing in the form keeps the cursor.
  requestAnimationFrame(() => keep?.isConnected && keep.focus());
}

export function closePreview() {
  for (const el of document.querySelectorAll('[data-uptake-widget="survey"]')) el.remove();
}

/** Shapes definitions into what the page needs: the vendor's texts in the asked locale, nothing secret. */
import type {
  TChecklistDefinition, TChecklistPayload, TPlacement, TSurveyDefinition, TSurveyPayload,
} from "@uptake/schema";
import type { ChecklistProgress } from "../checklists/progress.ts";

/** The texts for `locale`: exact tag, then the same language (`pt-BR` → `pt`, `pt-PT`), else none. */
export function pickTexts<T>(texts: Record<string, T> | undefined, locale: string): Partial<T> {
  if (!texts) return {};
  const keys = Object.keys(texts);
  const lower = locale.toLowerCase();
  const lang = lower.split("-")[0];
  const key =
    keys.find((k) => k.toLowerCase() === lower) ??
    keys.find((k) => k.toLowerCase() === lang) ??
    keys.find((k) => k.toLowerCase().split("-")[0] === lang);
  return key ? texts[key] : {};
}

export function surveyPayload(def: TSurveyDefinition, locale: string, placement: TPlacement, forced = false): TSurveyPayload {
  const t = pickTexts(def.texts, locale);
  const { event, where, urlContains } = def.trigger;
  return {
    id: def.id,
    kind: def.kind,
    question: t.question ?? def.question,
    followUp: t.followUp ?? def.followUp,
    lowLabel: t.lowLabel ?? def.lowLabel,
    highLabel: t.highLabel ?? def.highLabel,
    thankYou: t.thankYou ?? def.thankYou,
    scale: def.kind === "nps" ? 11 : (def.scale ?? 5),
    display: def.kind === "nps" || def.scale === 7 ? "numbers" : (def.display ?? "stars"),
    // A survey opened by showSurvey(id) is shown at once, whatever its trigger.
    trigger: forced ? {} : { event, where, urlContains },
    placement: def.placement ?? placement,
    snoozeDays: def.snoozeDays,
    ...(forced ? { forced: true } : {}),
  };
}

export function checklistPayload(
  def: TChecklistDefinition, progress: ChecklistProgress, locale: string, placement: TPlacement,
): TChecklistPayload {
  const t = pickTexts(def.texts, locale);
  return {
    id: def.id,
    title: t.title ?? def.title,
    description: t.description ?? def.description,
    placement: def.placement ?? placement,
    items: def.items.map((item) => ({
      id: item.id,
      title: t.items?.[item.id]?.title ?? item.title,
      description: t.items?.[item.id]?.description ?? item.description,
      href: item.href,
      on: item.completeOn === "manual" ? undefined : item.completeOn,
      done: progress.done[item.id] ?? false,
    })),
    dismissed: progress.dismissed,
    completed: progress.completed,
  };
}

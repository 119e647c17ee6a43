/** Pure helpers for surveys: scores, distributions, a blank definition, its validation and its wire form. */
import type { NpsResults, Survey, SurveyPoint, SurveyResults } from "../api.ts";

export function isNps(r: SurveyResults): r is NpsResults {
  return "nps" in r;
}

export function scoreOf(p: SurveyPoint): number | null {
  return p.nps ?? p.csat ?? p.average ?? null;
}

/** The score of each bucket that had answers, oldest first (a bucket without answers has no score, not 0). */
export function scoreTrend(r: SurveyResults): number[] {
  return r.series.map(scoreOf).filter((v): v is number => v !== null);
}

/** The headline: NPS as a signed number (−100..100), CSAT as the percentage of satisfied answers. */
export function surveyScoreLabel(r: SurveyResults): string {
  if (isNps(r)) return r.nps === null ? "—" : `${r.nps > 0 ? "+" : ""}${Number(r.nps.toFixed(1))}`;
  return r.csat === null ? "—" : `${Number(r.csat.toFixed(1))}%`;
}

/** Bars of the distribution: NPS as its three bands, CSAT as each point of the scale. */
export function distributionRows(r: SurveyResults, scale = 5): { label: string; count: number; group: string }[] {
  if (isNps(r)) {
    return [
      { label: "Detractors (0–6)", count: r.detractors, group: "bad" },
      { label: "Passives (7–8)", count: r.passives, group: "neutral" },
      { label: "Promoters (9–10)", count: r.promoters, group: "good" },
    ];
  }
  const d = r.distribution ?? {};
  const top = Math.max(scale, ...Object.keys(d).map(Number).filter(Number.isFinite));
  return Array.from({ length: top }, (_, i) => ({ label: String(i + 1), count: d[i + 1] ?? 0, group: i + 1 >= top - 1 ? "good" : i + 1 <= 2 ? "bad" : "neutral" }));
}

export function blankSurvey(kind: "nps" | "csat"): Survey {
  return {
    id: "",
    kind,
    question: kind === "nps" ? "How likely are you to recommend us to a friend or colleague?" : "How satisfied are you with this feature?",
    followUp: "What is the main reason for your score?",
    ...(kind === "csat" ? { scale: 5 as const } : {}),
    trigger: { afterDays: 7 },
    audience: { sample: 1 },
    recontactDays: 90,
    maxDisplays: 3,
  };
}

/** What a person must fix before saving; empty when the definition is fine. Mirrors the collector's rules. */
export function surveyErrors(s: Survey): Record<string, string> {
  const e: Record<string, string> = {};
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s.id)) e.id = "1–64 letters, digits, - or _, starting with a letter or digit.";
  if (!s.question.trim()) e.question = "Write the question people will see.";
  const sample = s.audience.sample;
  if (sample !== undefined && !(sample >= 0 && sample <= 1)) e.sample = "Between 0 and 100 %.";
  if (s.recontactDays !== undefined && !(Number.isInteger(s.recontactDays) && s.recontactDays >= 0)) e.recontactDays = "Zero or more whole days.";
  if (s.maxDisplays !== undefined && !(Number.isInteger(s.maxDisplays) && s.maxDisplays >= 1)) e.maxDisplays = "At least once.";
  if (s.trigger.afterDays !== undefined && !(s.trigger.afterDays >= 0)) e.afterDays = "Zero or more days.";
  for (const loc of Object.keys(s.texts ?? {})) if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(loc)) e.texts = `"${loc}" is not a locale like en or pt-BR.`;
  return e;
}

/** The definition as the admin API takes it: empty optional fields left out, server-owned fields dropped. */
export function surveyInput(s: Survey): Survey {
  const { status: _s, createdAt: _c, updatedAt: _u, ...rest } = s;
  const trigger = Object.fromEntries(Object.entries(s.trigger).filter(([, v]) => v !== undefined && v !== ""));
  const texts = Object.fromEntries(
    Object.entries(s.texts ?? {}).map(([loc, t]) => [loc, Object.fromEntries(Object.entries(t).filter(([, v]) => typeof v === "string" ? v.trim() : v))]),
  );
  const out: Survey = { ...rest, trigger, ...(Object.keys(texts).length ? { texts } : {}) };
  if (!out.texts) delete out.texts;
  for (const k of ["followUp", "lowLabel", "highLabel", "thankYou", "name"] as const) if (out[k] === "") delete out[k];
  if (s.kind === "nps") {
    delete out.scale;
    delete out.display;
  }
  return out;
}

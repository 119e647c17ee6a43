/**
 * NPS and CSAT from survey responses. NPS = % promoters (9–10) − % detractors (0–6), with its 95 % margin
 * of error (1.96 · √((p + d − (p − d)²) / n), in points) so nobody reads noise as a trend; CSAT is the average
 * score, its distribution and the % satisfied (4–5 of 5, 6–7 of 7); the response rate is answered / shown.
 */
import type { SurveyEvents, SurveyResponse } from "../store/analytics-types.ts";
import type { Bucket } from "./buckets.ts";
import { maybeRound, mean, percent, round } from "./stats.ts";
import { dayNumber } from "../time.ts";

export type NpsParts = { nps: number | null; promoters: number; passives: number; detractors: number; responses: number; marginOfError: number | null };

export function npsOf(scores: number[]): NpsParts {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
  }
  const n = scores.length;
  if (n === 0) return { nps: null, promoters, passives, detractors, responses: 0, marginOfError: null };
  const p = promoters / n;
  const d = detractors / n;
  const moe = 1.96 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n) * 100;
  return { nps: round((p - d) * 100, 1), promoters, passives, detractors, responses: n, marginOfError: round(moe, 1) };
}

/** Satisfied: the top two points of the scale (4–5 of 5, 6–7 of 7). */
export function isSatisfied(score: number, scale: number): boolean {
  return score >= scale - 1;
}

export type CsatParts = { csat: number | null; average: number | null; responses: number; satisfied: number; distribution: Record<string, number> };

export function csatOf(responses: { score: number; scale: number }[]): CsatParts {
  const distribution: Record<string, number> = {};
  let satisfied = 0;
  for (const r of responses) {
    distribution[String(r.score)] = (distribution[String(r.score)] ?? 0) + 1;
    if (isSatisfied(r.score, r.scale)) satisfied++;
  }
  return {
    csat: percent(satisfied, responses.length),
    average: maybeRound(mean(responses.map((r) => r.score)), 2),
    responses: responses.length,
    satisfied,
    distribution,
  };
}

/** NPS scores are whole numbers 0..10; CSAT scores 1..scale (5 unless the response says 7). */
export function validNps(r: Pick<SurveyResponse, "score">): number | null {
  return r.score != null && Number.isInteger(r.score) && r.score >= 0 && r.score <= 10 ? r.score : null;
}
export function validCsat(r: Pick<SurveyResponse, "score" | "scale">): { score: number; scale: number } | null {
  const scale = r.scale === 7 ? 7 : 5;
  return r.score != null && Number.isInteger(r.score) && r.score >= 1 && r.score <= scale ? { score: r.score, scale } : null;
}

/** Each item's values, gathered per bucket of its day in one pass (items outside every bucket are left out). */
function perBucket<T, V>(bs: Bucket[], items: T[], dayOf: (x: T) => string, valueOf: (x: T) => V): V[][] {
  const out = bs.map(() => [] as V[]);
  for (const x of items) {
    const d = dayNumber(dayOf(x));
    const i = bs.findIndex((b) => d >= b.first && d <= b.last);
    if (i >= 0) out[i].push(valueOf(x));
  }
  return out;
}

export function surveyResults(events: SurveyEvents, bs: Bucket[]) {
  const shown = events.shown.reduce((n, s) => n + s.count, 0);
  const kind = events.responses[0]?.kind ?? "nps";
  const responseRate = percent(events.responses.length, shown);
  const base = { kind, shown, dismissed: events.dismissed, answered: events.responses.length, responseRate };
  if (kind === "nps") {
    const scores = events.responses.filter((r) => r.kind === "nps").map((r) => ({ r, s: validNps(r) }));
    const valid = scores.filter((x): x is { r: SurveyResponse; s: number } => x.s != null);
    const scoresBy = perBucket(bs, valid, (x) => x.r.day, (x) => x.s);
    const series = bs.map((b, i) => {
      const parts = npsOf(scoresBy[i]);
      return { date: b.date, nps: parts.nps, responses: parts.responses, marginOfError: parts.marginOfError };
    });
    const parts = npsOf(valid.map((x) => x.s));
    const total = parts.responses;
    return {
      ...base,
      ...parts,
      bands: {
        promoters: { count: parts.promoters, percent: percent(parts.promoters, total) },
        passives: { count: parts.passives, percent: percent(parts.passives, total) },
        detractors: { count: parts.detractors, percent: percent(parts.detractors, total) },
      },
      series,
    };
  }
  const valid = events.responses.filter((r) => r.kind === "csat").map((r) => ({ r, v: validCsat(r) }))
    .filter((x): x is { r: SurveyResponse; v: { score: number; scale: number } } => x.v != null);
  const answersBy = perBucket(bs, valid, (x) => x.r.day, (x) => x.v);
  const series = bs.map((b, i) => {
    const parts = csatOf(answersBy[i]);
    return { date: b.date, csat: parts.csat, average: parts.average, responses: parts.responses };
  });
  return { ...base, ...csatOf(valid.map((x) => x.v)), series };
}

/** One CSV field, quoted when it holds a comma, quote or line break; formula-leading text is defused. */
export function csvField(v: unknown): string {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function responsesCsv(responses: SurveyResponse[]): string {
  const header = ["timestamp", "survey_id", "kind", "score", "scale", "comment", "user", "account"];
  const lines = responses.map((r) =>
    [new Date(r.timestamp).toISOString(), r.surveyId, r.kind, r.score, r.scale, r.comment, r.actor, r.accountId].map(csvField).join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

/** @jsxImportSource preact */
/** NPS: "How likely are you to recommend …?" on 0-10, and a follow-up that depends on the score band. */
import type { TSurveyPayload } from "@uptake/schema";
import type { Strings } from "../i18n";
import { Scale } from "../ui/scale";

export type Band = "detractor" | "passive" | "promoter";

export const band = (score: number): Band => (score <= 6 ? "detractor" : score <= 8 ? "passive" : "promoter");

/** The vendor's follow-up for the score's band (or their one question for all), else ours. */
export function npsFollowUp(s: TSurveyPayload, score: number, t: Strings): string {
  const b = band(score);
  const f = s.followUp;
  return (typeof f == "string" ? f : f?.[b]) || t[b];
}

const POINTS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function NpsScale(p: { s: TSurveyPayload; t: Strings; labelledBy: string; autoFocus: boolean; onPick(n: number): void }) {
  return (
    <div>
      <Scale
        values={POINTS}
        labelledBy={p.labelledBy}
        label={(n) => p.t.outOf(n, 10)}
        face={(n) => n}
        itemClass="pt"
        autoFocus={p.autoFocus}
        onPick={p.onPick}
      />
      <div class="ends" aria-hidden="true">
        <span>{p.s.lowLabel || p.t.npsLow}</span>
        <span>{p.s.highLabel || p.t.npsHigh}</span>
      </div>
    </div>
  );
}

import { describe, expect, it } from "vitest";
import type { SurveyResponse } from "../store/analytics-types.ts";
import { dayNumber } from "../time.ts";
import { buckets } from "./buckets.ts";
import { surveyResults } from "./surveys.ts";

let n = 0;
const response = (day: string, kind: "nps" | "csat", score: number, scale: number | null = null): SurveyResponse => ({
  messageId: `m${++n}`, timestamp: Date.parse(`${day}T12:00:00Z`), day, actor: `u${n}`, accountId: null, surveyId: "s", kind, score, scale, comment: null,
});
// Two weeks, Monday 2026-11-02 to Sunday 2026-11-15.
const weeks = buckets(dayNumber("2026-11-02"), dayNumber("2026-11-15"), "week");

describe("survey results by bucket", () => {
  it("puts each NPS answer in the week of its day", () => {
    const responses = [
      response("2026-11-02", "nps", 10), response("2026-11-08", "nps", 9), response("2026-11-08", "nps", 0),
      response("2026-11-09", "nps", 3), response("2026-11-15", "nps", 4),
    ];
    const r = surveyResults({ shown: [{ day: "2026-11-02", count: 10 }], dismissed: 0, responses }, weeks);
    expect(r.series.map((p) => ({ date: p.date, responses: p.responses, nps: "nps" in p ? p.nps : null }))).toEqual([
      { date: "2026-11-02", responses: 3, nps: 33.3 },
      { date: "2026-11-09", responses: 2, nps: -100 },
    ]);
  });

  it("puts each CSAT answer in the week of its day, each on its own scale", () => {
    const responses = [response("2026-11-03", "csat", 5, 5), response("2026-11-10", "csat", 2, 5), response("2026-11-14", "csat", 7, 7)];
    const r = surveyResults({ shown: [], dismissed: 0, responses }, weeks);
    expect(r.series.map((p) => ({ date: p.date, responses: p.responses, csat: "csat" in p ? p.csat : null }))).toEqual([
      { date: "2026-11-02", responses: 1, csat: 100 },
      { date: "2026-11-09", responses: 2, csat: 50 },
    ]);
  });
});

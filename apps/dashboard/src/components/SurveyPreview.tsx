/**
 * The survey's words laid out as the widget asks them (question, scale with its end labels, follow-up), in the
 * chosen locale, so the author reads them in context while typing. It is the dashboard's drawing, not the SDK's.
 */
import type { Survey } from "../api.ts";

export function SurveyPreview({ survey: s, locale }: { survey: Survey; locale: string }) {
  const t = (locale && s.texts?.[locale]) || {};
  const question = t.question || s.question;
  const followUp = t.followUp || s.followUp;
  const follow = typeof followUp === "string" ? followUp : followUp?.promoter;
  const points = s.kind === "nps" ? Array.from({ length: 11 }, (_, i) => i) : Array.from({ length: s.scale ?? 5 }, (_, i) => i + 1);
  return (
    <div class="preview">
      <p class="preview-label">
        Preview{locale ? ` · ${locale}` : " · default texts"}
      </p>
      <div class="preview-card" aria-hidden="true">
        <p class="preview-q">{question || "Your question"}</p>
        <div class={`preview-scale ${s.kind}`}>
          {points.map((p) => (
            <span>{p}</span>
          ))}
        </div>
        <div class="preview-ends">
          <span>{t.lowLabel || s.lowLabel || (s.kind === "nps" ? "Not likely" : "Unsatisfied")}</span>
          <span>{t.highLabel || s.highLabel || (s.kind === "nps" ? "Very likely" : "Very satisfied")}</span>
        </div>
        {follow && <p class="preview-follow">{follow}</p>}
        {follow && <div class="preview-box" />}
      </div>
    </div>
  );
}

/** @jsxImportSource preact */
/** CSAT: 1-5 as stars, faces or numbers, or 1-7 as numbers. */
import type { TSurveyPayload } from "@uptake/schema";
import type { Strings } from "../i18n";
import { Face, Star } from "../ui/icons";
import { Scale } from "../ui/scale";

export function CsatScale(p: { s: TSurveyPayload; t: Strings; labelledBy: string; autoFocus: boolean; onPick(n: number): void }) {
  const { s, t } = p;
  const values = Array.from({ length: s.scale }, (_, i) => i + 1);
  const look = s.scale === 5 ? s.display : "numbers";
  return (
    <div>
      <Scale
        values={values}
        labelledBy={p.labelledBy}
        label={(n) => (look === "stars" ? t.stars(n) : look === "faces" ? t.faces[n - 1] : t.outOf(n, s.scale))}
        face={(n, lit) => (look === "stars" ? <Star filled={lit} /> : look === "faces" ? <Face n={n} /> : n)}
        itemClass={look === "numbers" ? "pt" : "pt icon"}
        autoFocus={p.autoFocus}
        onPick={p.onPick}
      />
      <div class="ends" aria-hidden="true">
        <span>{s.lowLabel || t.csatLow}</span>
        <span>{s.highLabel || t.csatHigh}</span>
      </div>
    </div>
  );
}

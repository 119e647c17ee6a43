/**
 * Which surveys one user may see now. Pure: definitions, the user's profile and survey history, the
 * project's settings and the time in; a verdict per survey out. The page checks the rest of the trigger
 * (event, URL) itself, so the answer is ready before the trigger fires.
 */
import type { TSurveyDefinition, TWidgetSettings } from "@uptake/schema";
import type { SurveyHistory, WidgetProfile } from "../store/widget-types.ts";
import { audienceVerdict } from "./audience.ts";

const DAY_MS = 86_400_000;
/** A survey shown and neither answered nor closed this recently is taken to be still on screen. */
export const OPEN_MS = 30 * 60_000;

export const SURVEY_VERDICTS = [
  "ok", "archived", "audience", "sample", "too-new", "max-displays", "snoozed", "recontact", "gap", "another-open",
] as const;
export type SurveyVerdict = (typeof SURVEY_VERDICTS)[number];

export type SurveyCandidate = { id: string; archived: boolean; definition: TSurveyDefinition };

export type TargetingContext = {
  profile: WidgetProfile;
  history: SurveyHistory[];
  settings: Pick<TWidgetSettings, "surveyGapDays">;
  now: number;
};

const latest = (...ts: (number | null)[]) => ts.reduce<number | null>((a, b) => (b == null ? a : a == null ? b : Math.max(a, b)), null);

/** The last time this survey reached the user, not counting a display they answered with "Ask me later". */
function lastContact(h: SurveyHistory): number | null {
  const shownCounts = h.lastShownAt != null && (h.lastSnoozedAt == null || h.lastShownAt > h.lastSnoozedAt);
  return latest(h.lastRespondedAt, h.lastDismissedAt, shownCounts ? h.lastShownAt : null);
}

/** Rules in order; the first that refuses names the verdict. */
export function surveyVerdict(s: SurveyCandidate, ctx: TargetingContext): SurveyVerdict {
  const def = s.definition;
  const { profile, now } = ctx;
  if (s.archived) return "archived";
  const audience = audienceVerdict(def.audience, profile, s.id);
  if (audience !== "ok") return audience;
  const afterDays = def.trigger.afterDays ?? 0;
  if (afterDays > 0 && (profile.firstSeen == null || now - profile.firstSeen < afterDays * DAY_MS)) return "too-new";

  const mine = ctx.history.find((h) => h.surveyId === s.id);
  if (mine) {
    if (def.maxDisplays !== undefined && mine.shown >= def.maxDisplays) return "max-displays";
    const snoozedLast = mine.lastSnoozedAt != null && mine.lastSnoozedAt === latest(mine.lastSnoozedAt, lastContact(mine));
    if (snoozedLast && now < (mine.lastSnoozedAt as number) + def.snoozeDays * DAY_MS) return "snoozed";
    const contact = lastContact(mine);
    if (contact != null && now < contact + def.recontactDays * DAY_MS) return "recontact";
  }

  const others = ctx.history.filter((h) => h.surveyId !== s.id);
  const otherShown = latest(...others.map((h) => h.lastShownAt));
  if (otherShown != null && now < otherShown + ctx.settings.surveyGapDays * DAY_MS) return "gap";
  const stillOpen = others.some(
    (h) => h.lastShownAt != null && now - h.lastShownAt < OPEN_MS && h.lastShownAt > (latest(h.lastRespondedAt, h.lastDismissedAt, h.lastSnoozedAt) ?? -1),
  );
  if (stillOpen) return "another-open";
  return "ok";
}

/** The surveys the user may see now, in the vendor's order (oldest definition first). */
export function eligibleSurveys(candidates: SurveyCandidate[], ctx: TargetingContext): SurveyCandidate[] {
  return candidates.filter((s) => surveyVerdict(s, ctx) === "ok");
}

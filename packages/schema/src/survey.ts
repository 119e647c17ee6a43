/** Survey definitions (NPS, CSAT): what vendors send to `/v1/surveys` and what the store keeps. */
import { z } from "zod";
import { ZAudience, ZLocale, ZPlacement, ZTrigger, ZWidgetId } from "./targeting.ts";

const ZText = z.string().trim().min(1).max(500);

/** NPS asks a different follow-up to detractors (0-6), passives (7-8) and promoters (9-10). */
export const ZFollowUp = z.union([
  ZText,
  z.object({ detractor: ZText, passive: ZText, promoter: ZText }).partial().strict(),
]);

/** The words a vendor writes; `texts` repeats them per locale, the top-level ones being the default. */
export const ZSurveyTexts = z
  .object({ question: ZText, followUp: ZFollowUp, lowLabel: ZText, highLabel: ZText, thankYou: ZText })
  .partial()
  .strict();

export const ZSurveyKind = z.enum(["nps", "csat"]);

export const ZSurveyInput = z
  .object({
    id: ZWidgetId,
    kind: ZSurveyKind,
    name: z.string().max(200).optional(),
    question: ZText,
    followUp: ZFollowUp.optional(),
    lowLabel: ZText.optional(),
    highLabel: ZText.optional(),
    thankYou: ZText.optional(),
    /** CSAT only: 1-5 (default) or 1-7. */
    scale: z.union([z.literal(5), z.literal(7)]).optional(),
    /** CSAT only: how the 1-5 scale looks; 1-7 is always numbers. */
    display: z.enum(["stars", "faces", "numbers"]).optional(),
    trigger: ZTrigger.default({}),
    audience: ZAudience.default({}),
    /** Days before this survey may be shown again to someone it was shown to. */
    recontactDays: z.number().int().min(0).max(3650).default(90),
    /** Days "Ask me later" hides it. */
    snoozeDays: z.number().int().min(0).max(365).default(7),
    /** Most times one user is ever shown this survey; absent means no cap. */
    maxDisplays: z.number().int().min(1).max(1000).optional(),
    placement: ZPlacement.optional(),
    texts: z.record(ZLocale, ZSurveyTexts).optional(),
  })
  .strict()
  .refine((s) => s.kind === "csat" || (s.scale === undefined && s.display === undefined), {
    message: "scale and display are for csat surveys",
    path: ["scale"],
  })
  .refine((s) => s.kind === "nps" || typeof s.followUp !== "object", {
    message: "a csat follow-up is one question, not one per NPS band",
    path: ["followUp"],
  });

export const ZWidgetStatus = z.enum(["active", "archived"]);

/** A survey as listed by the admin API. */
export const ZSurvey = z.intersection(
  ZSurveyInput,
  z.object({ status: ZWidgetStatus, createdAt: z.string(), updatedAt: z.string() }),
);

export type TSurveyInput = z.input<typeof ZSurveyInput>;
export type TSurveyDefinition = z.output<typeof ZSurveyInput>;
export type TSurvey = z.output<typeof ZSurvey>;
export type TSurveyKind = z.infer<typeof ZSurveyKind>;
export type TFollowUp = z.infer<typeof ZFollowUp>;

/** Project-wide widget settings and the `GET /v1/widgets` query and answer the SDK reads. */
import { z } from "zod";
import { ZFollowUp, ZSurveyKind } from "./survey.ts";
import { ZEventMatch, ZLocale, ZPlacement, ZTheme, ZWhere, ZWidgetId } from "./targeting.ts";

/** `PUT /v1/widgets/settings`: the look and the pacing shared by every widget of a project. */
export const ZWidgetSettings = z
  .object({
    theme: ZTheme.default({}),
    placement: ZPlacement.default("bottom-right"),
    /** Days between any two different surveys for one user, across every survey of the project. */
    surveyGapDays: z.number().int().min(0).max(3650).default(30),
  })
  .strict();

const ZQueryId = z.string().min(1).max(256);

export const ZWidgetsQuery = z
  .object({
    writeKey: z.string().min(1).max(200),
    userId: ZQueryId.optional(),
    anonymousId: ZQueryId.optional(),
    url: z.string().max(2000).optional(),
    locale: ZLocale.optional(),
    /** `showSurvey(id)`: this survey is answered whatever the targeting says (still not when archived). */
    survey: ZWidgetId.optional(),
  })
  .refine((q) => q.userId || q.anonymousId, { message: "userId or anonymousId is required", path: ["userId"] });

/** A survey ready to show: texts already in the asked locale, trigger reduced to what the browser checks. */
export const ZSurveyPayload = z.object({
  id: ZWidgetId,
  kind: ZSurveyKind,
  question: z.string(),
  followUp: ZFollowUp.optional(),
  lowLabel: z.string().optional(),
  highLabel: z.string().optional(),
  thankYou: z.string().optional(),
  /** 11 points for NPS (0-10), 5 or 7 for CSAT. */
  scale: z.union([z.literal(5), z.literal(7), z.literal(11)]),
  display: z.enum(["stars", "faces", "numbers"]),
  /** Checked in the page: a tracked event (and its properties) and the URL. Empty: show now. */
  trigger: z.object({ event: z.string().optional(), where: ZWhere.optional(), urlContains: z.string().optional() }),
  placement: ZPlacement,
  snoozeDays: z.number(),
  /** Asked for by `showSurvey(id)`, outside targeting. */
  forced: z.boolean().optional(),
});

export const ZChecklistItemPayload = z.object({
  id: ZWidgetId,
  title: z.string(),
  description: z.string().optional(),
  href: z.string().optional(),
  /** The event that ticks it, so the page can tick it at once; absent for manual items. */
  on: ZEventMatch.optional(),
  done: z.boolean(),
});

export const ZChecklistPayload = z.object({
  id: ZWidgetId,
  title: z.string(),
  description: z.string().optional(),
  placement: ZPlacement,
  items: z.array(ZChecklistItemPayload),
  /** The user closed it; `showChecklist()` opens it again. */
  dismissed: z.boolean(),
  /** Every item done and the completion already celebrated (`Checklist Completed` stored). */
  completed: z.boolean(),
});

export const ZWidgetsAnswer = z.object({
  locale: z.string(),
  theme: ZTheme,
  surveys: z.array(ZSurveyPayload),
  checklists: z.array(ZChecklistPayload),
});

export type TWidgetSettings = z.output<typeof ZWidgetSettings>;
export type TWidgetsQuery = z.infer<typeof ZWidgetsQuery>;
export type TSurveyPayload = z.infer<typeof ZSurveyPayload>;
export type TChecklistPayload = z.infer<typeof ZChecklistPayload>;
export type TChecklistItemPayload = z.infer<typeof ZChecklistItemPayload>;
export type TWidgetsAnswer = z.infer<typeof ZWidgetsAnswer>;

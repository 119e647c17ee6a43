/** Onboarding checklist definitions: what vendors send to `/v1/checklists` and what the store keeps. */
import { z } from "zod";
import { ZAudience, ZEventMatch, ZHref, ZLocale, ZPlacement, ZWidgetId } from "./targeting.ts";
import { ZWidgetStatus } from "./survey.ts";

const ZText = z.string().trim().min(1).max(500);

export const ZChecklistItem = z
  .object({
    id: ZWidgetId,
    title: ZText,
    description: ZText.optional(),
    /** The event that ticks the item, or "manual" for a box the user ticks. */
    completeOn: z.union([z.literal("manual"), ZEventMatch]),
    /** `account`: anyone in the user's account doing it ticks it for everyone in the account. */
    scope: z.enum(["user", "account"]).default("user"),
    href: ZHref.optional(),
  })
  .strict();

const ZItemTexts = z.object({ title: ZText, description: ZText }).partial().strict();

export const ZChecklistTexts = z
  .object({ title: ZText, description: ZText, items: z.record(ZWidgetId, ZItemTexts) })
  .partial()
  .strict();

export const ZChecklistInput = z
  .object({
    id: ZWidgetId,
    title: ZText,
    description: ZText.optional(),
    items: z.array(ZChecklistItem).min(1).max(20),
    audience: ZAudience.default({}),
    placement: ZPlacement.optional(),
    texts: z.record(ZLocale, ZChecklistTexts).optional(),
  })
  .strict()
  .refine((c) => new Set(c.items.map((i) => i.id)).size === c.items.length, {
    message: "item ids must be unique",
    path: ["items"],
  });

export const ZChecklist = z.intersection(
  ZChecklistInput,
  z.object({ status: ZWidgetStatus, createdAt: z.string(), updatedAt: z.string() }),
);

export type TChecklistInput = z.input<typeof ZChecklistInput>;
export type TChecklistDefinition = z.output<typeof ZChecklistInput>;
export type TChecklist = z.output<typeof ZChecklist>;
export type TChecklistItem = z.output<typeof ZChecklistItem>;

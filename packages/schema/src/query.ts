/** Query-string parameters shared by every query route (contract §6). */
import { z } from "zod";

const ZIsoDate = z.iso.date();

export const ZInterval = z.enum(["day", "week", "month"]);

/** `segment=plan:pro` (user trait) or `segment=account.plan:pro` (account trait). */
export const ZSegment = z
  .string()
  .regex(/^(account\.)?[A-Za-z0-9_]{1,64}:.{1,200}$/, "segment must be trait:value or account.trait:value")
  .transform((s) => {
    const colon = s.indexOf(":");
    const key = s.slice(0, colon);
    const scope = key.startsWith("account.") ? ("account" as const) : ("user" as const);
    return { scope, trait: scope === "account" ? key.slice(8) : key, value: s.slice(colon + 1) };
  });

export const ZRangeParams = z
  .object({
    from: ZIsoDate.optional(),
    to: ZIsoDate.optional(),
    /** Absent: the collector's zone (UPTAKE_TIME_ZONE, UTC unless set). */
    tz: z.string().max(64).optional(),
    segment: ZSegment.optional(),
    interval: ZInterval.default("day"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export type TRangeParams = z.infer<typeof ZRangeParams>;
export type TInterval = z.infer<typeof ZInterval>;

/** `feature=` narrows the features trend to one feature. */
export const ZFeatureParams = z.object({ feature: z.string().min(1).max(200).optional() });

/** `compare=account.tier` answers once per value of that trait, side by side (most common values first). */
export const ZCompareParams = z.object({
  compare: z
    .string()
    .regex(/^(account\.)?[A-Za-z0-9_]{1,64}$/, "compare must be trait or account.trait")
    .transform((s) => (s.startsWith("account.") ? { scope: "account" as const, trait: s.slice(8) } : { scope: "user" as const, trait: s }))
    .optional(),
});

/** Paging of survey responses. */
export const ZPageParams = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  comments: z.enum(["only", "all"]).default("only"),
});

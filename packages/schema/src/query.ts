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
    tz: z.string().max(64).default("UTC"),
    segment: ZSegment.optional(),
    interval: ZInterval.default("day"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export type TRangeParams = z.infer<typeof ZRangeParams>;
export type TInterval = z.infer<typeof ZInterval>;

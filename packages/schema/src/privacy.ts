/** Per-project privacy and access settings (`PUT /v1/settings/privacy`) and the key-rotation input. */
import { z } from "zod";

export const ZPrivacySettings = z
  .object({
    /**
     * Identity verification: a userId counts only with `context.userSignature` = hex HMAC-SHA256 of the
     * userId under the project's identity secret; otherwise the event is kept as anonymous.
     */
    requireSignedIdentity: z.boolean().default(false),
    /** Honour `Sec-GPC: 1` (Global Privacy Control): such batches are dropped, answered 2xx and counted. */
    honorGpc: z.boolean().default(false),
    /** Drop events whose user agent is a known crawler or monitor. */
    dropBots: z.boolean().default(true),
    /** Raw events older than this many days are deleted; the daily rollups stay. null keeps them forever. */
    retentionDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict();

export type TPrivacySettings = z.infer<typeof ZPrivacySettings>;

export const ZWriteKeyRotation = z
  .object({
    /** How long the previous write key keeps working, so pages still serving it do not lose events. */
    graceSeconds: z.number().int().min(0).max(90 * 86_400).default(7 * 86_400),
  })
  .strict();

/** Why events were dropped on purpose; each reason is counted per day and named in `X-Uptake-Dropped`. */
export const DROP_REASONS = ["bot", "gpc", "unverified", "client", "rate"] as const;
export type TDropReason = (typeof DROP_REASONS)[number];

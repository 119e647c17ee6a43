/** Project settings for the analytics (health weights, alert thresholds) and the webhook admin API's bodies. */
import { z } from "zod";

const ZWeight = z.number().min(0).max(100);

export const ZHealthWeights = z.object({
  logins: ZWeight.default(0.3),
  breadth: ZWeight.default(0.2),
  trend: ZWeight.default(0.2),
  sentiment: ZWeight.default(0.15),
  onboarding: ZWeight.default(0.15),
});

export const ZAlertSettings = z.object({
  /** Share (0..1) below the trailing baseline at which an account is flagged. */
  dropShare: z.number().gt(0).lt(1).default(0.5),
  /** Days without any sign-in after which an account is flagged. */
  noLoginDays: z.number().int().min(1).max(365).default(14),
  /** Baselines smaller than this (users or uses per week) are too small to flag a drop on. */
  minBaseline: z.number().min(0).default(1),
});

export const ZAnalyticsSettings = z.object({
  health: z.object({ weights: ZHealthWeights.prefault({}) }).prefault({}),
  alerts: ZAlertSettings.prefault({}),
});

export const WEBHOOK_EVENTS = ["alert.created", "survey.responded"] as const;

export const ZWebhookInput = z.object({
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default([...WEBHOOK_EVENTS]),
  /** The signing secret; generated when absent. */
  secret: z.string().min(16).max(200).optional(),
});

export type THealthWeights = z.infer<typeof ZHealthWeights>;
export type TAlertSettings = z.infer<typeof ZAlertSettings>;
export type TAnalyticsSettings = z.infer<typeof ZAnalyticsSettings>;
export type TWebhookInput = z.infer<typeof ZWebhookInput>;

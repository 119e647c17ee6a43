/** The `POST /v1/batch` body: the Segment HTTP Tracking API batch. */
import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { quickMessage, ZMessage } from "./message.ts";

export const ZBatch = z.object({
  batch: z.array(z.unknown()).min(1, "batch is empty").max(LIMITS.batchMessages),
  sentAt: z.string().optional(),
  writeKey: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});

export type TBatch = z.infer<typeof ZBatch>;

/** One refused field, named as a path into the body (`batch.3.event`). */
export type TFieldError = { path: string; message: string };

/** Formats zod issues as paths a developer can find in the body they sent. */
export function fieldErrors(error: z.ZodError, prefix: (string | number)[] = []): TFieldError[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join(".") || "(body)",
    message: issue.message,
  }));
}

/** Validates every message of a batch, naming each refused field with its index in the batch. */
export function parseMessages(raw: unknown[]) {
  const messages: z.infer<typeof ZMessage>[] = [];
  const errors: TFieldError[] = [];
  raw.forEach((item, i) => {
    const quick = quickMessage(item);
    if (quick) return void messages.push(quick);
    const parsed = ZMessage.safeParse(item);
    if (parsed.success) messages.push(parsed.data);
    else errors.push(...fieldErrors(parsed.error, ["batch", i]));
  });
  return { messages, errors };
}

/**
 * ZBatch.safeParse(body).data for an ordinary batch, without copying it; null when not sure (ask zod).
 * The messages themselves are left to parseMessages().
 */
export function quickBatch(body: unknown): TBatch | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const { batch, sentAt, writeKey, context } = body as Record<string, unknown>;
  if (!Array.isArray(batch) || batch.length < 1 || batch.length > LIMITS.batchMessages) return null;
  if ((sentAt !== undefined && typeof sentAt !== "string") || (writeKey !== undefined && typeof writeKey !== "string")) return null;
  if (context !== undefined) {
    if (typeof context !== "object" || context === null || Array.isArray(context) || Object.prototype.hasOwnProperty.call(context, "__proto__")) return null;
  }
  const out: TBatch = { batch };
  if (sentAt !== undefined) out.sentAt = sentAt;
  if (writeKey !== undefined) out.writeKey = writeKey;
  if (context !== undefined) out.context = context as Record<string, unknown>;
  return out;
}

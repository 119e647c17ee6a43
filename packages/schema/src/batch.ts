/** The `POST /v1/batch` body: the Segment HTTP Tracking API batch. */
import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { ZMessage } from "./message.ts";
import { quickMessage } from "./quick.ts";

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

/**
 * Validates every message of a batch, naming each refused field with its index in the batch. `quick`: every
 * message was read by quickMessage() alone, so quick.ts reads the same messages again without zod.
 */
export function parseMessages(raw: unknown[]) {
  const messages: z.infer<typeof ZMessage>[] = [];
  const errors: TFieldError[] = [];
  let quick = true;
  raw.forEach((item, i) => {
    const read = quickMessage(item);
    if (read) return void messages.push(read);
    quick = false;
    const parsed = ZMessage.safeParse(item);
    if (parsed.success) messages.push(parsed.data);
    else errors.push(...fieldErrors(parsed.error, ["batch", i]));
  });
  return { messages, errors, quick };
}

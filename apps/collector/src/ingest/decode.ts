/**
 * A batch body's events as they are stored. The ingest route derives them to check and screen a batch; the
 * applier thread derives them again from a body the journal kept as it came (store/journal/apply.ts). Both go
 * through here, so the two can never disagree.
 */
import { ZBatch, fieldErrors, parseMessages, quickBatch, type TBatch, type TFieldError } from "@uptake/schema";
import type { StoredEvent } from "../store/types.ts";
import { normalize } from "./normalize.ts";

/** The batch envelope of a parsed body, or the fields it got wrong. */
export function batchOf(body: unknown): { batch: TBatch; errors?: undefined } | { batch?: undefined; errors: TFieldError[] } {
  const quick = quickBatch(body);
  if (quick) return { batch: quick };
  const parsed = ZBatch.safeParse(body);
  return parsed.success ? { batch: parsed.data } : { errors: fieldErrors(parsed.error) };
}

/** The batch's events as received at `receivedAt`, or the fields its messages got wrong. */
export function eventsOf(batch: TBatch, receivedAt: number): { events: StoredEvent[]; errors: TFieldError[] } {
  const { messages, errors } = parseMessages(batch.batch);
  if (errors.length) return { events: [], errors };
  return normalize(messages, { receivedAt, batchSentAt: batch.sentAt });
}

/**
 * Whether the body alone gives these events again: every message names its messageId (a missing one is
 * drawn at random) and the screen kept each event as it came (it drops some and trims others by the
 * project's settings, which may change before a replay).
 */
export function derivable(batch: TBatch, events: StoredEvent[], kept: StoredEvent[]): boolean {
  if (kept.length !== events.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== events[i]) return false;
  for (const m of batch.batch) if (typeof (m as { messageId?: unknown }).messageId !== "string") return false;
  return true;
}

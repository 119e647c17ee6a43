/**
 * A batch body's events as they are stored, as the ingest route reads them: the quick readers first, zod
 * where they are not sure (it also words the errors). derivable() says when the journal may keep the body's
 * own text instead, for body-events.ts to read again.
 */
import { ZBatch, fieldErrors, parseMessages, quickBatch, type TBatch, type TFieldError } from "@uptake/schema";
import type { StoredEvent } from "../store/types.ts";
import { normalize } from "./normalize.ts";

type Envelope = { batch: TBatch; quick: boolean };

/** The batch envelope of a parsed body (`quick`: read without zod), or the fields it got wrong. */
export function batchOf(body: unknown): (Envelope & { errors?: undefined }) | { batch?: undefined; errors: TFieldError[] } {
  const quick = quickBatch(body);
  if (quick) return { batch: quick, quick: true };
  const parsed = ZBatch.safeParse(body);
  return parsed.success ? { batch: parsed.data, quick: false } : { errors: fieldErrors(parsed.error) };
}

/**
 * The batch's events as received at `receivedAt`, or the fields its messages got wrong. `quick`: the
 * envelope and every message were read without zod.
 */
export function eventsOf(envelope: Envelope, receivedAt: number): { events: StoredEvent[]; errors: TFieldError[]; quick: boolean } {
  const { messages, errors, quick } = parseMessages(envelope.batch.batch);
  if (errors.length) return { events: [], errors, quick: false };
  return { ...normalize(messages, { receivedAt, batchSentAt: envelope.batch.sentAt }), quick: envelope.quick && quick };
}

/**
 * Whether body-events.ts gives these events again from the body alone: it was read without zod (`quick`),
 * every message names its messageId (a missing one is drawn at random), and the privacy screen kept each
 * event as it came (it drops some and trims others by the project's settings, which may change before a
 * replay).
 */
export function derivable(batch: TBatch, quick: boolean, events: StoredEvent[], kept: StoredEvent[]): boolean {
  if (!quick || kept.length !== events.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== events[i]) return false;
  for (const m of batch.batch) if (typeof (m as { messageId?: unknown }).messageId !== "string") return false;
  return true;
}

/**
 * The events of a batch body ingest accepted whole, read again by the ingest journal's applier
 * (store/journal/apply.ts). Ingest journals a body as text only when it read the envelope and every message
 * without zod (decode.ts, derivable()), so the same zod-free readers and normalize() give the same events
 * here, and the applier's thread loads no zod (about 15 MB of its memory).
 */
import type { TMessage } from "@uptake/schema";
import { quickBatch, quickMessage } from "@uptake/schema/quick";
import type { StoredEvent } from "../store/types.ts";
import { normalize } from "./normalize.ts";

/** Throws when the body no longer gives its events (it did at ingest: a later version reading it, say). */
export function bodyEvents(body: unknown, receivedAt: number): StoredEvent[] {
  const batch = quickBatch(body);
  if (!batch) throw new Error("the journaled body no longer reads as a batch");
  const messages: TMessage[] = [];
  for (let i = 0; i < batch.batch.length; i++) {
    const message = quickMessage(batch.batch[i]);
    if (!message) throw new Error(`the journaled body's batch.${i} no longer reads as a message`);
    messages.push(message);
  }
  const { events, errors } = normalize(messages, { receivedAt, batchSentAt: batch.sentAt });
  if (errors.length) throw new Error(`the journaled body no longer reads as a batch: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  return events;
}

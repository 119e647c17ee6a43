/**
 * The fast readers of ingest, without zod: quickMessage() and quickBatch() give what ZMessage and ZBatch
 * give for the messages and batches SDKs send, and null when not sure. A module of its own, so code that
 * only reads bodies already checked (the ingest journal's applier thread) loads no zod: only its regexes.
 */
import { regexes } from "zod/v4/core";
import { LIMITS } from "./limits.ts";
import type { TBatch } from "./batch.ts";
import type { TMessage } from "./message.ts";

export const ID_LENGTH = 256;
export const MESSAGE_ID_LENGTH = 128;
export const EVENT_LENGTH = 200;
export const NAME_LENGTH = 200;
export const DATETIME = { offset: true, local: false } as const;

const DATETIME_RE = regexes.datetime(DATETIME);
const DATE_RE = regexes.date;
/** Returned by the field readers below when a value is not one they are sure of. */
const UNSURE = Symbol("unsure");

/**
 * ZMessage.safeParse(input).data for the messages SDKs send, without zod's per-field machinery (about a fifth
 * of an ingest request's time went to it). null when it is not sure the message is valid: the caller then
 * asks zod, which also words the errors. It accepts only what ZMessage accepts and returns what ZMessage
 * returns (message.test.ts holds the two to that); keep it in step with the schemas in message.ts.
 */
export function quickMessage(input: unknown): TMessage | null {
  if (!isDict(input)) return null;
  const out: Record<string, unknown> = {};
  const messageId = input.messageId;
  if (messageId !== undefined) {
    if (typeof messageId !== "string" || messageId.length < 1 || messageId.length > MESSAGE_ID_LENGTH) return null;
    out.messageId = messageId;
  }
  for (const key of ["userId", "anonymousId"] as const) {
    const v = input[key];
    if (v === undefined) continue;
    const id = v === null ? null : readId(v);
    if (id === UNSURE) return null;
    out[key] = id;
  }
  for (const key of ["timestamp", "originalTimestamp", "sentAt"] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "string" || !(DATETIME_RE.test(v) || DATE_RE.test(v))) return null;
    out[key] = v;
  }
  for (const key of ["context", "integrations"] as const) if (!copyDict(input, out, key)) return null;

  const type = input.type;
  out.type = type;
  if (type === "track") {
    const event = input.event;
    if (typeof event !== "string" || event.length < 1 || event.length > EVENT_LENGTH) return null;
    out.event = event;
    if (!copyDict(input, out, "properties")) return null;
  } else if (type === "identify") {
    if (!copyDict(input, out, "traits")) return null;
  } else if (type === "group") {
    const groupId = readId(input.groupId);
    if (groupId === UNSURE) return null;
    out.groupId = groupId;
    if (!copyDict(input, out, "traits")) return null;
  } else if (type === "page" || type === "screen") {
    for (const key of type === "page" ? (["name", "category"] as const) : (["name"] as const)) {
      const v = input[key];
      if (v === undefined) continue;
      if (v !== null && (typeof v !== "string" || v.length > NAME_LENGTH)) return null;
      out[key] = v;
    }
    if (!copyDict(input, out, "properties")) return null;
  } else if (type === "alias") {
    const previousId = readId(input.previousId);
    if (previousId === UNSURE) return null;
    out.previousId = previousId;
  } else return null;
  if (out.userId == null && out.anonymousId == null) return null;
  return out as TMessage;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** ZId: a non-empty string of at most 256, or a finite number, as a string. */
function readId(v: unknown): string | typeof UNSURE {
  if (typeof v === "string") return v.length >= 1 && v.length <= ID_LENGTH ? v : UNSURE;
  return typeof v === "number" && Number.isFinite(v) ? String(v) : UNSURE;
}

/**
 * An optional ZDict, kept as the same object: zod's copy holds the same keys in the same order, except a
 * `__proto__` key, which it drops (so such a dictionary is left to zod).
 */
function copyDict(input: Record<string, unknown>, out: Record<string, unknown>, key: string): boolean {
  const v = input[key];
  if (v === undefined) return true;
  if (!isDict(v) || Object.prototype.hasOwnProperty.call(v, "__proto__")) return false;
  out[key] = v;
  return true;
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

/** One Segment-spec message (identify, group, track, page, screen, alias), as the collector accepts it. */
import { z } from "zod";

const ID_LENGTH = 256;
const MESSAGE_ID_LENGTH = 128;
const EVENT_LENGTH = 200;
const NAME_LENGTH = 200;
const DATETIME = { offset: true, local: false } as const;

const ZId = z.union([z.string().min(1).max(ID_LENGTH), z.number().finite()]).transform(String);
const ZTimestamp = z.iso.datetime(DATETIME).or(z.iso.date());
const ZDict = z.record(z.string(), z.unknown());

/** Fields every message shares. Unknown fields are kept out of the store but not refused (Segment libraries add their own). */
const ZCommon = z.object({
  messageId: z.string().min(1).max(MESSAGE_ID_LENGTH).optional(),
  userId: ZId.nullish(),
  anonymousId: ZId.nullish(),
  timestamp: ZTimestamp.optional(),
  originalTimestamp: ZTimestamp.optional(),
  sentAt: ZTimestamp.optional(),
  context: ZDict.optional(),
  integrations: ZDict.optional(),
});

export const ZTrack = ZCommon.extend({
  type: z.literal("track"),
  event: z.string().min(1).max(EVENT_LENGTH),
  properties: ZDict.optional(),
});
export const ZIdentify = ZCommon.extend({ type: z.literal("identify"), traits: ZDict.optional() });
export const ZGroup = ZCommon.extend({
  type: z.literal("group"),
  groupId: ZId,
  traits: ZDict.optional(),
});
export const ZPage = ZCommon.extend({
  type: z.literal("page"),
  name: z.string().max(NAME_LENGTH).nullish(),
  category: z.string().max(NAME_LENGTH).nullish(),
  properties: ZDict.optional(),
});
export const ZScreen = ZCommon.extend({
  type: z.literal("screen"),
  name: z.string().max(NAME_LENGTH).nullish(),
  properties: ZDict.optional(),
});
export const ZAlias = ZCommon.extend({ type: z.literal("alias"), previousId: ZId });

const ZAnyType = z.discriminatedUnion("type", [ZTrack, ZIdentify, ZGroup, ZPage, ZScreen, ZAlias]);

/** A message with at least one identity, as the Segment spec requires. */
export const ZMessage = ZAnyType.refine((m) => m.userId != null || m.anonymousId != null, {
  message: "userId or anonymousId is required",
  path: ["userId"],
});

export type TMessage = z.infer<typeof ZMessage>;
export type TMessageType = TMessage["type"];
export const MESSAGE_TYPES = ["track", "identify", "group", "page", "screen", "alias"] as const;

const DATETIME_RE = z.regexes.datetime(DATETIME);
const DATE_RE = z.regexes.date;
/** Returned by the field readers below when a value is not one they are sure of. */
const UNSURE = Symbol("unsure");

/**
 * ZMessage.safeParse(input).data for the messages SDKs send, without zod's per-field machinery (about a fifth
 * of an ingest request's time went to it). null when it is not sure the message is valid: the caller then
 * asks zod, which also words the errors. It accepts only what ZMessage accepts and returns what ZMessage
 * returns (message.test.ts holds the two to that); keep it in step with the schemas above.
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

/** One Segment-spec message (identify, group, track, page, screen, alias), as the collector accepts it. */
import { z } from "zod";
import { DATETIME, EVENT_LENGTH, ID_LENGTH, MESSAGE_ID_LENGTH, NAME_LENGTH } from "./quick.ts";

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

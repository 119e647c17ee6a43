import { expect, it } from "vitest";
import type { Project, StoredEvent } from "../store/types.ts";
import { droppedHeader } from "./drops.ts";
import { screenBatch } from "./screen.ts";

const project = (privacy: object = {}): Project => ({ id: "p", name: "P", writeKey: "wk", secretKeyHash: "h", settings: { privacy } });
const event = (context: Record<string, unknown> = {}, ids: Partial<StoredEvent> = { userId: "u" }): StoredEvent => ({
  messageId: "m", type: "track", event: "E", userId: null, anonymousId: null, accountId: null, timestamp: 0, receivedAt: 0,
  properties: {}, traits: {}, context, ...ids,
});

it("drops bots by the event's user agent, else the request's", () => {
  const { kept, drops } = screenBatch(project(), [event({ userAgent: "Googlebot/2.1" }), event(), event({ userAgent: "Mozilla/5.0 Chrome/130" })], { userAgent: "curl/8" });
  expect(kept).toHaveLength(2);
  expect(drops).toEqual({ bot: 1 });
  expect(screenBatch(project({ dropBots: false }), [event({ userAgent: "bingbot" })], {}).kept).toHaveLength(1);
});

it("drops everything under GPC only when the project honours it", () => {
  expect(screenBatch(project(), [event()], { gpc: "1" }).kept).toHaveLength(1);
  expect(screenBatch(project({ honorGpc: true }), [event(), event()], { gpc: "1" })).toEqual({ kept: [], drops: { gpc: 2 } });
  expect(screenBatch(project({ honorGpc: true }), [event()], { gpc: "0" }).kept).toHaveLength(1);
});

it("never stores a signature or a whole IP", () => {
  const [e] = screenBatch(project(), [event({ userSignature: "abc", ip: "198.51.100.23", locale: "pt-BR" })], {}).kept;
  expect(e.context).toEqual({ ip: "198.51.100.0", locale: "pt-BR" });
});

it("names each reason in the answer's header", () => {
  expect(droppedHeader({ bot: 2, unverified: 1 })).toBe("2; reason=bot, 1; reason=unverified");
  expect(droppedHeader({ client: 0 })).toBeNull();
});

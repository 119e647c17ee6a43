import { expect, it } from "vitest";
import { batchOf, derivable, eventsOf } from "./decode.ts";

const at = Date.parse("2026-11-23T10:00:00Z");
const decode = (body: unknown) => {
  const { batch } = batchOf(body);
  return { batch: batch!, events: eventsOf(batch!, at).events };
};
const message = (fields: Record<string, unknown> = {}) => ({ type: "track", event: "Feature Used", userId: "u", messageId: "m-1", ...fields });

it("derives the same events from the same body every time, ids included", () => {
  const body = { batch: [message(), message({ messageId: "m-2", userId: 7 })] };
  expect(decode(JSON.parse(JSON.stringify(body))).events).toEqual(decode(body).events);
  expect(decode(body).events.map((e) => [e.messageId, e.userId, e.receivedAt])).toEqual([["m-1", "u", at], ["m-2", "7", at]]);
});

it("says a body gives its events again only when every message names its id and the screen kept each as it came", () => {
  const whole = decode({ batch: [message(), message({ messageId: "m-2" })] });
  expect(derivable(whole.batch, whole.events, whole.events)).toBe(true);
  // Without a messageId, each derivation draws another one: a replay would count the event twice.
  const unnamed = decode({ batch: [message(), message({ messageId: undefined })] });
  expect(derivable(unnamed.batch, unnamed.events, unnamed.events)).toBe(false);
  expect(derivable(whole.batch, whole.events, whole.events.slice(1))).toBe(false);
  expect(derivable(whole.batch, whole.events, [whole.events[0], { ...whole.events[1], context: {} }])).toBe(false);
});

it("names the fields a body gets wrong", () => {
  expect(batchOf({ batch: [] }).errors?.[0].path).toBe("batch");
  const { batch } = batchOf({ batch: [message({ event: 42 })] });
  expect(eventsOf(batch!, at).errors[0].path).toBe("batch.0.event");
});

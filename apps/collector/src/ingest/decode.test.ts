import { expect, it } from "vitest";
import { bodyEvents } from "./body-events.ts";
import { batchOf, derivable, eventsOf } from "./decode.ts";

const at = Date.parse("2026-11-23T10:00:00Z");
const read = (body: unknown) => {
  const envelope = batchOf(body);
  if (envelope.errors) throw new Error("not a batch");
  return { batch: envelope.batch, ...eventsOf(envelope, at) };
};
const message = (fields: Record<string, unknown> = {}) => ({ type: "track", event: "Feature Used", userId: "u", messageId: "m-1", ...fields });

it("reads the same events again from a body ingest read without zod, ids included", () => {
  const body = {
    sentAt: "2026-11-23T12:00:00Z",
    batch: [
      message({ timestamp: "2026-11-23T11:58:00Z", context: { groupId: "acme" } }),
      message({ messageId: "m-2", userId: 7, properties: { feature: "export" } }),
      { type: "group", messageId: "m-3", userId: 7, groupId: 42, traits: { plan: "pro" } },
    ],
  };
  const { events, quick } = read(body);
  expect(quick).toBe(true);
  expect(bodyEvents(JSON.parse(JSON.stringify(body)), at)).toEqual(events);
  expect(events.map((e) => [e.messageId, e.userId, e.accountId, e.timestamp])).toEqual([
    ["m-1", "u", "acme", at - 120_000],
    ["m-2", "7", null, at],
    ["m-3", "7", "42", at],
  ]);
});

it("says a body gives its events again only when read without zod, every message names its id and the screen kept each as it came", () => {
  const whole = read({ batch: [message(), message({ messageId: "m-2" })] });
  expect(derivable(whole.batch, whole.quick, whole.events, whole.events)).toBe(true);
  // Without a messageId, each reading draws another one: a replay would count the event twice.
  const unnamed = read({ batch: [message(), message({ messageId: undefined })] });
  expect(derivable(unnamed.batch, unnamed.quick, unnamed.events, unnamed.events)).toBe(false);
  // zod drops a `__proto__` key the quick readers leave to it: read again without zod, it would not be the same.
  const unsure = read(JSON.parse(`{"batch":[${JSON.stringify(message())},{"type":"track","event":"x","userId":"u","messageId":"m-9","properties":{"__proto__":1}}]}`));
  expect(unsure.quick).toBe(false);
  expect(derivable(unsure.batch, unsure.quick, unsure.events, unsure.events)).toBe(false);
  expect(derivable(whole.batch, whole.quick, whole.events, whole.events.slice(1))).toBe(false);
  expect(derivable(whole.batch, whole.quick, whole.events, [whole.events[0], { ...whole.events[1], context: {} }])).toBe(false);
});

it("names the fields a body gets wrong, and refuses to read again a body that is no longer a batch", () => {
  expect(batchOf({ batch: [] }).errors?.[0].path).toBe("batch");
  const envelope = batchOf({ batch: [message({ event: 42 })] });
  expect(eventsOf(envelope as Exclude<typeof envelope, { errors: unknown[] }>, at).errors[0].path).toBe("batch.0.event");
  expect(() => bodyEvents({ batch: [] }, at)).toThrow(/no longer reads as a batch/);
  expect(() => bodyEvents({ batch: [message({ event: 42 })] }, at)).toThrow(/batch\.0 no longer reads as a message/);
});

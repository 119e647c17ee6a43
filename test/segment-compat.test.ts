// A real, unmodified Segment server library sends to the collector and its events are counted.
import { Analytics } from "@segment/analytics-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startCollector, type RunningCollector } from "./helpers/collector.ts";

let collector: RunningCollector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(() => collector.stop());

it("@segment/analytics-node delivers identify, group and track, and the user is counted active", async () => {
  const analytics = new Analytics({ writeKey: collector.writeKey, host: collector.url, maxEventsInBatch: 10, flushInterval: 200 });
  const failures: unknown[] = [];
  analytics.on("error", (err) => failures.push(err));

  analytics.identify({ userId: "segment-user", traits: { plan: "pro" } });
  analytics.group({ userId: "segment-user", groupId: "segment-account", traits: { tier: "mid-touch" } });
  analytics.track({ userId: "segment-user", event: "Signed In" });
  analytics.track({ userId: "segment-user", event: "Feature Used", properties: { feature: "export" } });
  await analytics.closeAndFlush({ timeout: 10_000 });

  expect(failures).toEqual([]);
  const events = await collector.store.exportUser("default", "segment-user");
  expect(events.map((e) => e.type).sort()).toEqual(["group", "identify", "track", "track"]);
  expect(events.find((e) => e.event === "Feature Used")?.accountId).toBe("segment-account");

  const today = new Date().toISOString().slice(0, 10);
  const { series } = await collector.query(`/v1/trends/active-users?from=${today}&to=${today}`);
  expect(series).toEqual([{ date: today, dau: 1, wau: 1, mau: 1, stickiness: 1 }]);
});

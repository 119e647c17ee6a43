/** describeWidgetStore(): the WidgetStore contract suite, run against every engine with the same data. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ev } from "./contract.ts";
import type { EventStore } from "./types.ts";
import type { EventMatcher } from "./widget-types.ts";

const T0 = Date.parse("2026-11-02T12:00:00Z");
const HOUR = 3_600_000;

export function describeWidgetStore(name: string, factory: () => Promise<EventStore>, cleanup?: () => Promise<void>) {
  describe(`WidgetStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    it("keeps a definition's creation time across saves, lists oldest first, and filters archived", async () => {
      await store.putDefinition("w-defs", { kind: "survey", id: "b", body: { v: 1 }, now: T0 });
      await store.putDefinition("w-defs", { kind: "survey", id: "a", body: { v: 1 }, now: T0 + 1 });
      const saved = await store.putDefinition("w-defs", { kind: "survey", id: "b", body: { v: 2 }, now: T0 + 5 });
      expect(saved).toEqual({ kind: "survey", id: "b", body: { v: 2 }, archived: false, createdAt: T0, updatedAt: T0 + 5 });
      await store.putDefinition("w-defs", { kind: "survey", id: "a", body: { v: 1 }, archived: true, now: T0 + 6 });
      await store.putDefinition("w-defs", { kind: "survey", id: "a", body: { v: 3 }, now: T0 + 7 });
      expect((await store.getDefinition("w-defs", "survey", "a"))?.archived).toBe(true);
      expect((await store.listDefinitions("w-defs", "survey")).map((d) => d.id)).toEqual(["b", "a"]);
      expect((await store.listDefinitions("w-defs", "survey", { archived: false })).map((d) => d.id)).toEqual(["b"]);
      expect(await store.listDefinitions("w-defs", "checklist")).toEqual([]);
      expect(await store.getDefinition("other-project", "survey", "a")).toBeNull();
    });

    it("reads a profile by user id or through the anonymous id it became, with account traits", async () => {
      await store.append("w-prof", [
        ev({ type: "identify", event: null, userId: "ana", anonymousId: "anon-ana", traits: { role: "admin" }, timestamp: T0 }),
        ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { plan: "pro" }, timestamp: T0 + HOUR }),
      ]);
      const expected = { actor: "ana", traits: { role: "admin" }, accountId: "acme", accountTraits: { plan: "pro" }, firstSeen: T0 };
      expect(await store.widgetProfile("w-prof", { userId: "ana" })).toEqual(expected);
      expect(await store.widgetProfile("w-prof", { anonymousId: "anon-ana" })).toEqual(expected);
      expect(await store.widgetProfile("w-prof", { anonymousId: "stranger" })).toEqual({
        actor: "stranger", traits: {}, accountId: null, accountTraits: {}, firstSeen: null,
      });
    });

    it("sums survey history per survey, telling snoozes from dismissals", async () => {
      const s = (event: string, props: Record<string, unknown>, at: number) =>
        ev({ userId: "u", event, properties: props, timestamp: at });
      await store.append("w-hist", [
        s("Survey Shown", { survey_id: "nps" }, T0),
        s("Survey Dismissed", { survey_id: "nps", snooze: true }, T0 + 1),
        s("Survey Shown", { survey_id: "nps" }, T0 + 10 * HOUR),
        s("Survey Responded", { survey_id: "nps", score: 9 }, T0 + 11 * HOUR),
        s("Survey Shown", { survey_id: "csat" }, T0 + 12 * HOUR),
        s("Survey Dismissed", { survey_id: "csat" }, T0 + 13 * HOUR),
        ev({ userId: "someone-else", event: "Survey Shown", properties: { survey_id: "nps" } }),
      ]);
      const h = (await store.surveyHistory("w-hist", "u")).sort((a, b) => a.surveyId.localeCompare(b.surveyId));
      expect(h).toEqual([
        { surveyId: "csat", shown: 1, lastShownAt: T0 + 12 * HOUR, lastRespondedAt: null, lastDismissedAt: T0 + 13 * HOUR, lastSnoozedAt: null },
        { surveyId: "nps", shown: 2, lastShownAt: T0 + 10 * HOUR, lastRespondedAt: T0 + 11 * HOUR, lastDismissedAt: null, lastSnoozedAt: T0 + 1 },
      ]);
    });

    it("matches events by name and properties, by the user and by anyone in the account", async () => {
      await store.append("w-match", [
        ev({ type: "group", event: null, userId: "admin", accountId: "acme", timestamp: T0 }),
        ev({ type: "group", event: null, userId: "member", accountId: "acme", timestamp: T0 }),
        ev({ userId: "admin", event: "Feature Used", properties: { feature: "invite", n: 2, ok: true }, timestamp: T0 + HOUR }),
        ev({ userId: "member", event: "Feature Used", properties: { feature: "reports" }, timestamp: T0 + 2 * HOUR }),
        ev({ userId: "outsider", event: "Feature Used", properties: { feature: "export" }, timestamp: T0 }),
      ]);
      const matchers: EventMatcher[] = [
        { key: "invite", event: "Feature Used", where: { feature: "invite" } },
        { key: "reports", event: "Feature Used", where: { feature: "reports" } },
        { key: "typed", event: "Feature Used", where: { n: 2, ok: true } },
        { key: "export", event: "Feature Used", where: { feature: "export" } },
        { key: "any", event: "Feature Used" },
      ];
      const member = await store.eventMatches("w-match", { actor: "member", accountId: "acme", matchers });
      expect(member).toEqual([
        { key: "invite", userAt: null, accountAt: T0 + HOUR },
        { key: "reports", userAt: T0 + 2 * HOUR, accountAt: T0 + 2 * HOUR },
        { key: "typed", userAt: null, accountAt: T0 + HOUR },
        { key: "export", userAt: null, accountAt: null },
        { key: "any", userAt: T0 + 2 * HOUR, accountAt: T0 + 2 * HOUR },
      ]);
      const alone = await store.eventMatches("w-match", { actor: "member", accountId: null, matchers: matchers.slice(0, 1) });
      expect(alone).toEqual([{ key: "invite", userAt: null, accountAt: null }]);
    });
  });
}

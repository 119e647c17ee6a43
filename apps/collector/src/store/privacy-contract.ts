/** describePrivacyStore(): the privacy and access part of the store contract, run against every engine. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ev } from "./contract.ts";
import type { EventStore } from "./types.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-23T12:00:00Z");

export function describePrivacyStore(name: string, factory: () => Promise<EventStore>, cleanup?: () => Promise<void>) {
  describe(`PrivacyStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await factory();
      await store.ensureProject({ id: "p1", name: "P1", writeKey: "wk_p1", secretKeyHash: "h1" });
      await store.ensureProject({ id: "p2", name: "P2", writeKey: "wk_p2", secretKeyHash: "h2" });
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    it("sums drop counters per day and reason, per project", async () => {
      await store.addDrops("p1", [{ day: "2026-11-22", reason: "bot", count: 2 }, { day: "2026-11-23", reason: "gpc", count: 1 }]);
      await store.addDrops("p1", [{ day: "2026-11-23", reason: "gpc", count: 4 }]);
      await store.addDrops("p2", [{ day: "2026-11-23", reason: "bot", count: 9 }]);
      expect(await store.dropCounts("p1", "2026-11-22", "2026-11-23")).toEqual([
        { day: "2026-11-22", reason: "bot", count: 2 },
        { day: "2026-11-23", reason: "gpc", count: 5 },
      ]);
      expect(await store.dropCounts("p1", "2026-11-23", "2026-11-23")).toEqual([{ day: "2026-11-23", reason: "gpc", count: 5 }]);
    });

    it("deletes raw events before a time, only for that project", async () => {
      const old = ev({ userId: "r1", timestamp: NOW - 40 * DAY });
      const recent = ev({ userId: "r1", timestamp: NOW - DAY });
      await store.append("p1", [old, recent]);
      await store.append("p2", [ev({ userId: "r1", timestamp: NOW - 40 * DAY })]);
      expect(await store.deleteEventsBefore("p1", NOW - 30 * DAY)).toBe(1);
      expect((await store.exportUser("p1", "r1")).map((e) => e.messageId)).toEqual([recent.messageId]);
      expect(await store.exportUser("p2", "r1")).toHaveLength(1);
      expect((await store.listProjects()).map((p) => p.id)).toEqual(["p1", "p2"]);
    });

    it("rotates the write key, keeping the old one until its grace ends or it is revoked", async () => {
      await store.rotateWriteKey("p1", "wk_p1_new", NOW + DAY);
      expect((await store.projectByWriteKey("wk_p1_new"))?.id).toBe("p1");
      expect(await store.projectByWriteKey("wk_p1")).toBeNull();
      expect((await store.projectByRetiredWriteKey("wk_p1", NOW))?.id).toBe("p1");
      expect(await store.projectByRetiredWriteKey("wk_p1", NOW + 2 * DAY)).toBeNull();
      expect(await store.retiredWriteKeys("p1", NOW)).toEqual([{ writeKey: "wk_p1", expiresAt: NOW + DAY }]);
      expect(await store.revokeWriteKey("p2", "wk_p1")).toBe(false);
      expect(await store.revokeWriteKey("p1", "wk_p1")).toBe(true);
      expect(await store.projectByRetiredWriteKey("wk_p1", NOW)).toBeNull();
      expect(await store.retiredWriteKeys("p1", NOW)).toEqual([]);
    });

    it("replaces the secret key's hash at once", async () => {
      await store.rotateSecretKey("p2", "h2_new");
      expect((await store.projectBySecretHash("h2_new"))?.id).toBe("p2");
      expect(await store.projectBySecretHash("h2")).toBeNull();
    });
  });
}

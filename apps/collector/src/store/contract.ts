/** describeEventStore(): the one store contract suite, run against every engine with the same data. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventStore, StoredEvent } from "./types.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-02T12:00:00Z");

let seq = 0;
export function ev(partial: Partial<StoredEvent> & { userId?: string | null }): StoredEvent {
  seq++;
  return {
    messageId: `m-${seq}-${Math.random().toString(36).slice(2)}`,
    type: "track",
    event: "Feature Used",
    userId: null,
    anonymousId: null,
    accountId: null,
    timestamp: T0,
    receivedAt: T0,
    properties: {},
    traits: {},
    context: {},
    ...partial,
  };
}

/**
 * Runs the contract against a fresh store from `factory`; `cleanup` removes what the factory made.
 * `acknowledgesBeforeDedupe`: the store answers append() before it knows which events were duplicates (the
 * ingest journal); the duplicates must still count once.
 */
export function describeEventStore(
  name: string,
  factory: () => Promise<EventStore>,
  cleanup?: () => Promise<void>,
  { acknowledgesBeforeDedupe = false } = {},
) {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    const q = (from: string, to: string, extra: object = {}) => ({ from, to, tz: "UTC", ...extra });
    const days = async (projectId: string, from: string, to: string, extra: object = {}) =>
      (await store.activeDays(projectId, q(from, to, extra))).map((r) => `${r.day} ${r.actor}`).sort();

    it("keeps a project with exactly the keys it was given and finds it by either key", async () => {
      const p = await store.ensureProject({ id: "p1", name: "One", writeKey: "wk_1", secretKeyHash: "h1" });
      expect(p).toMatchObject({ id: "p1", writeKey: "wk_1", secretKeyHash: "h1" });
      await store.ensureProject({ id: "p1", name: "One", writeKey: "wk_1b", secretKeyHash: "h1b" });
      expect((await store.projectByWriteKey("wk_1b"))?.id).toBe("p1");
      expect(await store.projectByWriteKey("wk_1")).toBeNull();
      expect((await store.projectBySecretHash("h1b"))?.id).toBe("p1");
      expect(await store.projectBySecretHash("nope")).toBeNull();
    });

    it("counts a messageId sent twice once, within a batch and across batches", async () => {
      const a = ev({ userId: "dup-user", messageId: "same-id" });
      const first = await store.append("p-dup", [a, { ...a }]);
      const again = await store.append("p-dup", [{ ...a }]);
      if (!acknowledgesBeforeDedupe) {
        expect(first).toEqual({ inserted: 1, duplicates: 1 });
        expect(again).toEqual({ inserted: 0, duplicates: 1 });
      }
      expect(await store.exportUser("p-dup", "dup-user")).toHaveLength(1);
    });

    it("keeps projects apart", async () => {
      await store.append("p-a", [ev({ userId: "u" })]);
      await store.append("p-b", [ev({ userId: "u" }), ev({ userId: "v" })]);
      expect(await days("p-a", "2026-11-02", "2026-11-02")).toEqual(["2026-11-02 u"]);
      expect(await days("p-b", "2026-11-02", "2026-11-02")).toEqual(["2026-11-02 u", "2026-11-02 v"]);
    });

    it("lists each active user once per day, within the range only", async () => {
      await store.append("p-days", [
        ev({ userId: "u1", timestamp: T0 }),
        ev({ userId: "u1", timestamp: T0 + 1000 }),
        ev({ userId: "u2", timestamp: T0 + DAY }),
        ev({ userId: "u3", timestamp: T0 + 5 * DAY }),
      ]);
      expect(await days("p-days", "2026-11-02", "2026-11-03")).toEqual(["2026-11-02 u1", "2026-11-03 u2"]);
    });

    it("counts an anonymous visitor who later signs in as one person, before and after", async () => {
      await store.append("p-anon", [ev({ anonymousId: "anon-1", timestamp: T0 - DAY })]);
      await store.append("p-anon", [
        ev({ type: "identify", event: null, userId: "alice", anonymousId: "anon-1", timestamp: T0 }),
        ev({ anonymousId: "anon-1", timestamp: T0 + 1000 }),
      ]);
      expect(await days("p-anon", "2026-11-01", "2026-11-02")).toEqual(["2026-11-01 alice", "2026-11-02 alice"]);
      expect(await store.exportUser("p-anon", "alice")).toHaveLength(3);
    });

    it("ties anonymous events to the user who identifies later in the same batch", async () => {
      await store.append("p-anon-batch", [
        ev({ type: "page", event: null, anonymousId: "anon-2", timestamp: T0 - DAY }),
        ev({ type: "identify", event: null, userId: "bob", anonymousId: "anon-2", timestamp: T0 }),
        ev({ userId: "bob", anonymousId: "anon-2", timestamp: T0 + 1000 }),
      ]);
      expect(await days("p-anon-batch", "2026-11-01", "2026-11-02")).toEqual(["2026-11-01 bob", "2026-11-02 bob"]);
      expect((await store.exportUser("p-anon-batch", "bob")).map((e) => e.type)).toEqual(["page", "identify", "track"]);
    });

    it("reads local days in another time zone", async () => {
      // 02:00 UTC on Nov 2 is still Nov 1 in São Paulo (UTC-3).
      await store.append("p-tz", [ev({ userId: "u", timestamp: Date.parse("2026-11-02T02:00:00Z") })]);
      expect(await days("p-tz", "2026-11-01", "2026-11-02", { tz: "America/Sao_Paulo" })).toEqual(["2026-11-01 u"]);
      expect(await days("p-tz", "2026-11-01", "2026-11-02")).toEqual(["2026-11-02 u"]);
    });

    it("filters by a user trait and by an account trait", async () => {
      await store.append("p-seg", [
        ev({ type: "identify", event: null, userId: "pro-user", traits: { plan: "pro" } }),
        ev({ type: "identify", event: null, userId: "free-user", traits: { plan: "free" } }),
        ev({ type: "group", event: null, userId: "pro-user", accountId: "acme", traits: { tier: "high-touch" } }),
        ev({ type: "group", event: null, userId: "free-user", accountId: "tiny", traits: { tier: "tech-touch" } }),
      ]);
      const user = { scope: "user", trait: "plan", value: "pro" };
      const account = { scope: "account", trait: "tier", value: "tech-touch" };
      expect(await days("p-seg", "2026-11-02", "2026-11-02", { segment: user })).toEqual(["2026-11-02 pro-user"]);
      expect(await days("p-seg", "2026-11-02", "2026-11-02", { segment: account })).toEqual(["2026-11-02 free-user"]);
    });

    it("files an event under context.groupId, else under the user's last group", async () => {
      await store.append("p-acct", [
        ev({ type: "group", event: null, userId: "u", accountId: "first" }),
        ev({ userId: "u", messageId: "no-context" }),
        ev({ userId: "u", accountId: "explicit", messageId: "with-context" }),
      ]);
      const events = await store.exportUser("p-acct", "u");
      expect(events.find((e) => e.messageId === "no-context")?.accountId).toBe("first");
      expect(events.find((e) => e.messageId === "with-context")?.accountId).toBe("explicit");
    });

    it("counts an account's current people the same on its own page as in the list", async () => {
      await store.append("p-members", [
        ev({ type: "group", event: null, anonymousId: "anon-m", accountId: "acme", timestamp: T0 - 3 * DAY }),
        ev({ type: "group", event: null, userId: "dave", accountId: "acme", timestamp: T0 - 3 * DAY }),
        ev({ type: "group", event: null, userId: "erin", accountId: "acme", timestamp: T0 - 3 * DAY, traits: { name: 'Acme "A\tB"\nC\\D' } }),
      ]);
      // Later: the anonymous member signs in as carol, and dave moves to another account.
      await store.append("p-members", [
        ev({ type: "identify", event: null, userId: "carol", anonymousId: "anon-m", timestamp: T0 - DAY }),
        ev({ type: "group", event: null, userId: "dave", accountId: "globex", timestamp: T0 - DAY }),
      ]);
      const range = q("2026-10-01", "2026-11-02");
      const users = async (account?: string) =>
        Object.fromEntries((await store.accountProfiles("p-members", { ...range, account })).map((a) => [a.accountId, a.users]));
      expect(await users()).toEqual({ acme: 2, globex: 1 });
      // The hints may be ignored (SQLite reads everything from its rows): pick the account.
      const acme = (await store.accountProfiles("p-members", range, { users: false, accounts: ["acme"] })).find((a) => a.accountId === "acme");
      expect(acme?.traits).toEqual({ name: 'Acme "A\tB"\nC\\D' });
      expect((await users("acme")).acme).toBe(2);
      expect((await users("globex")).globex).toBe(1);
      const people = (await store.accountActivity("p-members", "acme", range)).users.map((u) => u.actor).sort();
      expect(people).toContain("carol");
      expect(people).not.toContain("anon-m");
    });

    it("erases one user's events and profile, and nobody else's", async () => {
      await store.append("p-erase", [ev({ userId: "gone" }), ev({ userId: "gone" }), ev({ userId: "stays" })]);
      expect(await store.eraseUser("p-erase", "gone")).toBe(2);
      expect(await store.exportUser("p-erase", "gone")).toEqual([]);
      expect(await days("p-erase", "2026-11-02", "2026-11-02")).toEqual(["2026-11-02 stays"]);
    });

    it("exports a user's events with their fields intact", async () => {
      const e = ev({ userId: "x", properties: { feature: "export", n: 2 }, context: { groupId: "g" }, accountId: "g" });
      await store.append("p-export", [e]);
      const [out] = await store.exportUser("p-export", "x");
      expect(out).toMatchObject({ messageId: e.messageId, event: "Feature Used", properties: { feature: "export", n: 2 }, accountId: "g" });
      expect(out.timestamp).toBe(e.timestamp);
    });
  });
}

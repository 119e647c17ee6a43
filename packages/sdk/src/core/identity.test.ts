import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../storage/memory";
import { fakeLocal, PAGE, setup } from "../testkit";
import { VERSION } from "./client";

beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-11-23T10:00:00Z") }));
afterEach(() => void vi.useRealTimers());

const MIN = 60_000;

/** Two page loads of the same site: same localStorage, same IndexedDB. */
function site() {
  const local = fakeLocal();
  const storage = memoryStore();
  return { load: (options = {}) => setup(options, { local, storage }) };
}

describe("every message", () => {
  it("carries ids, time and the context a collector needs", async () => {
    const { uptake, collector } = setup({ locale: "de-DE" });
    uptake.group("acme", { plan: "pro" });
    uptake.identify("u1", { email: "a@acme.com" }, { signature: "sig123" });
    uptake.feature("export", { format: "csv" });
    await uptake.flush();
    const [group, identify, signedIn, feature] = collector.messages();
    expect(feature).toMatchObject({
      type: "track",
      event: "Feature Used",
      properties: { feature: "export", format: "csv" },
      userId: "u1",
      timestamp: "2026-11-23T10:00:00.000Z",
      context: {
        library: { name: "uptake-js", version: VERSION },
        page: PAGE,
        locale: "de-DE",
        userAgent: "TestAgent/1.0",
        groupId: "acme",
      },
    });
    expect(feature.messageId).toMatch(new RegExp(`^${Date.parse("2026-11-23T10:00:00Z").toString(36)}[0-9a-f-]{36}$`));
    expect(feature.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(collector.messages().map((m) => m.messageId)).size).toBe(4);
    expect(group).toMatchObject({ type: "group", groupId: "acme", traits: { plan: "pro" }, userId: null });
    expect(identify).toMatchObject({ type: "identify", userId: "u1", traits: { email: "a@acme.com" }, context: { userSignature: "sig123" } });
    expect(signedIn).toMatchObject({ type: "track", event: "Signed In", userId: "u1" });
    expect(new Set(collector.messages().map((m) => m.context.sessionId)).size).toBe(1);
    expect(new Set(collector.messages().map((m) => m.anonymousId)).size).toBe(1);
  });

  it("message ids sort in the order of the calls, a millisecond or ten years apart", async () => {
    const { uptake, collector } = setup();
    for (const wait of [1, 1_000, 10_000, 3_600_000, 86_400_000, 10 * 365 * 86_400_000]) {
      uptake.track("Tick");
      vi.advanceTimersByTime(wait);
    }
    await uptake.flush();
    const ids = collector.messages().map((m) => m.messageId as string);
    expect(ids).toHaveLength(6);
    expect([...ids].sort()).toEqual(ids);
  });

  it("page() sends the page's url, path, referrer and title as properties", async () => {
    const { uptake, collector } = setup();
    uptake.page("Settings", { tab: "billing" });
    uptake.page({ only: "props" } as unknown as string);
    await uptake.flush();
    const [named, unnamed] = collector.messages();
    expect(named).toMatchObject({ type: "page", name: "Settings", properties: { ...PAGE, tab: "billing" } });
    expect(unnamed.name).toBeUndefined();
    expect(unnamed.properties).toMatchObject({ only: "props", path: "/dash" });
  });

  it("uses the time of the call, not of the send", async () => {
    const { uptake, collector } = setup();
    uptake.track("A");
    await vi.advanceTimersByTimeAsync(3000);
    expect(collector.messages()[0].timestamp).toBe("2026-11-23T10:00:00.000Z");
    expect(collector.sent[0].body.sentAt).toBe("2026-11-23T10:00:03.000Z");
  });
});

describe("sessions", () => {
  it("a session ends after 30 minutes idle, not before", async () => {
    const { uptake, collector } = setup();
    uptake.track("A");
    vi.advanceTimersByTime(29 * MIN);
    uptake.track("B");
    vi.advanceTimersByTime(29 * MIN);
    uptake.track("C"); // 58 min after A, but only 29 idle
    vi.advanceTimersByTime(31 * MIN);
    uptake.track("D");
    await uptake.flush();
    const s = collector.messages().map((m) => m.context.sessionId);
    expect(s[0]).toBe(s[1]);
    expect(s[1]).toBe(s[2]);
    expect(s[3]).not.toBe(s[2]);
  });

  it("Signed In is sent once per session, even when identify is called on every page", async () => {
    const { uptake, collector } = setup();
    uptake.identify("u1");
    uptake.identify("u1");
    vi.advanceTimersByTime(10 * MIN);
    uptake.identify("u1");
    vi.advanceTimersByTime(31 * MIN);
    uptake.identify("u1"); // new session: a new login in the metrics
    await uptake.flush();
    expect(collector.events()).toEqual(["identify", "Signed In", "identify", "identify", "identify", "Signed In"]);
  });

  it("a different user in the same session signs in too", async () => {
    const { uptake, collector } = setup();
    uptake.identify("u1");
    uptake.identify("u2");
    await uptake.flush();
    expect(collector.messages().filter((m) => m.event === "Signed In").map((m) => m.userId)).toEqual(["u1", "u2"]);
  });

  it("survives a reload: same anonymous id, user, account and session, and no second Signed In", async () => {
    const s = site();
    const first = s.load();
    first.uptake.group("acme");
    first.uptake.identify("u1");
    await first.uptake.flush();
    vi.advanceTimersByTime(5 * MIN);
    const second = s.load();
    second.uptake.identify("u1");
    second.uptake.track("After reload");
    await second.uptake.flush();
    const before = first.collector.messages()[0];
    const [identify, after] = second.collector.messages();
    expect(second.collector.events()).toEqual(["identify", "After reload"]);
    expect(after.anonymousId).toBe(before.anonymousId);
    expect(after.context.sessionId).toBe(before.context.sessionId);
    expect(after).toMatchObject({ userId: "u1", context: { groupId: "acme" } });
    expect(identify.userId).toBe("u1");
  });

  it("a reload after 30 idle minutes starts a new session", async () => {
    const s = site();
    const first = s.load();
    first.uptake.track("A");
    await first.uptake.flush();
    vi.advanceTimersByTime(45 * MIN);
    const second = s.load();
    second.uptake.track("B");
    await second.uptake.flush();
    expect(second.collector.messages()[0].context.sessionId).not.toBe(first.collector.messages()[0].context.sessionId);
  });

  it("ignores an identity someone else wrote under our key", async () => {
    const local = fakeLocal();
    local.set("uptake_id", JSON.stringify({ anonymousId: 42, sessionId: null }));
    const { uptake, collector } = setup({}, { local });
    uptake.track("A");
    await uptake.flush();
    expect(collector.messages()[0].anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("reset", () => {
  it("gives a new anonymous id, no user, no account and a new session", async () => {
    const { uptake, collector } = setup();
    uptake.group("acme");
    uptake.identify("u1");
    uptake.track("Before");
    uptake.reset();
    uptake.track("After");
    await uptake.flush();
    const messages = collector.messages();
    const before = messages.find((m) => m.event === "Before")!;
    const after = messages.find((m) => m.event === "After")!;
    expect(after.userId).toBeNull();
    expect(after.context.groupId).toBeUndefined();
    expect(after.anonymousId).not.toBe(before.anonymousId);
    expect(after.context.sessionId).not.toBe(before.context.sessionId);
  });

  it("signing back in after a reset sends Signed In again", async () => {
    const { uptake, collector } = setup();
    uptake.identify("u1");
    uptake.reset();
    uptake.identify("u1");
    await uptake.flush();
    expect(collector.events().filter((e) => e === "Signed In")).toHaveLength(2);
  });
});

import { createStore, entries } from "idb-keyval";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeLocal, setup, spyStore } from "../testkit";
import { initialConsent } from "./consent";

describe("consent", () => {
  beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-11-23T10:00:00Z") }));
  afterEach(() => void vi.useRealTimers());

  it("defaults to granted, and treats an unknown value as pending rather than guessing yes", () => {
    expect(initialConsent(undefined)).toBe("granted");
    expect(initialConsent("denied")).toBe("denied");
    expect(initialConsent("yes please")).toBe("pending");
  });

  it("pending holds events in memory only: nothing is sent and nothing reaches storage", async () => {
    const { store, writes } = spyStore();
    const local = fakeLocal();
    const { uptake, collector, hide } = setup({ consent: "pending" }, { storage: store, local });
    uptake.identify("u1");
    uptake.track("Opened");
    hide();
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collector.sent).toHaveLength(0);
    expect(writes).toEqual([]);
    expect(local.map.size).toBe(0); // not even the anonymous id
  });

  it("granted persists and sends what was held, in order, then sends normally", async () => {
    const { store, writes } = spyStore();
    const { uptake, collector } = setup({ consent: "pending" }, { storage: store });
    uptake.track("One");
    uptake.track("Two");
    uptake.consent("granted");
    await uptake.flush();
    expect(collector.events()).toEqual(["One", "Two"]);
    expect(writes).toHaveLength(2);
    uptake.track("Three");
    await uptake.flush();
    expect(collector.events()).toEqual(["One", "Two", "Three"]);
  });

  it("denied drops the held queue and sends nothing afterwards", async () => {
    const { uptake, collector, hide } = setup({ consent: "pending" });
    uptake.track("Held");
    uptake.consent("denied");
    uptake.track("After");
    uptake.page();
    hide();
    await uptake.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collector.sent).toHaveLength(0);
  });

  it("denied after granted also clears what was stored, and the stored identity", async () => {
    const { store } = spyStore();
    const local = fakeLocal();
    const { uptake, collector } = setup({}, { storage: store, local, fetch: () => new Promise(() => {}) });
    uptake.identify("u1");
    await vi.advanceTimersByTimeAsync(0);
    expect((await store.all()).length).toBeGreaterThan(0);
    uptake.consent("denied");
    await vi.advanceTimersByTimeAsync(0);
    expect(await store.all()).toEqual([]);
    expect(local.map.get("uptake_id")).toBe("");
    expect(collector.sent).toHaveLength(0);
  });

  it("an invalid consent value is refused without throwing and changes nothing", async () => {
    const { uptake, collector, warn } = setup({ debug: true });
    expect(() => uptake.consent("maybe" as "granted")).not.toThrow();
    expect(warn).toHaveBeenCalled();
    uptake.track("Still sent");
    await uptake.flush();
    expect(collector.events()).toEqual(["Still sent"]);
  });
});

describe("consent over real IndexedDB", () => {
  it("pending writes nothing to IndexedDB; granted writes, and a 2xx empties it again", async () => {
    const db = createStore("uptake", "queue");
    let answer = () => {};
    const { uptake } = setup(
      { consent: "pending" },
      {
        storage: undefined, // the real default: idb-keyval over fake-indexeddb
        fetch: () => new Promise((resolve) => (answer = () => resolve({ status: 200, headers: { get: () => null } }))),
      },
    );
    uptake.track("Secret");
    await new Promise((r) => setTimeout(r, 50));
    expect(await entries(db)).toEqual([]);
    uptake.consent("granted");
    const flushed = uptake.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect((await entries(db)).map(([, v]) => JSON.parse(v).event)).toEqual(["Secret"]);
    answer();
    await flushed;
    expect(await entries(db)).toEqual([]);
  });
});

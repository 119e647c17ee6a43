import { afterEach, describe, expect, it, vi } from "vitest";
import { setup } from "../testkit";
import type { Timers } from "../types";
import { chooseStore, PROBE_MS } from "./choose";
import { idbStore } from "./idb";
import { memoryStore } from "./memory";
import type { KV } from "./types";

const timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) };

/** The store contract, run against every implementation. */
function describeStore(name: string, make: () => KV) {
  describe(`${name} store`, () => {
    it("sets, lists in key order, deletes and clears", async () => {
      const s = make();
      await s.clear();
      await s.set([["b", "2"]]);
      await s.set([["a", "1"]]);
      await s.set([["c", "3"]]);
      expect(await s.all()).toEqual([["a", "1"], ["b", "2"], ["c", "3"]]);
      await s.del(["a", "c", "missing"]);
      expect(await s.all()).toEqual([["b", "2"]]);
      await s.clear();
      expect(await s.all()).toEqual([]);
    });
  });
}
describeStore("memory", memoryStore);
describeStore("IndexedDB", idbStore);

describe("choosing the store once, at start", () => {
  const original = globalThis.indexedDB;
  afterEach(() => {
    globalThis.indexedDB = original;
    vi.useRealTimers();
  });

  it("uses IndexedDB when it answers", async () => {
    const store = await chooseStore(idbStore, timers);
    await store.set([["k", "v"]]);
    expect(await idbStore().all()).toEqual([["k", "v"]]);
    await store.clear();
  });

  it("falls back to memory when IndexedDB is missing", async () => {
    // @ts-expect-error: an old browser, or a privacy mode that removes it
    delete globalThis.indexedDB;
    const store = await chooseStore(idbStore, timers);
    await store.set([["k", "v"]]);
    expect(await store.all()).toEqual([["k", "v"]]);
  });

  it("falls back to memory when opening IndexedDB throws", async () => {
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException("blocked", "SecurityError");
      },
    } as unknown as IDBFactory;
    const store = await chooseStore(idbStore, timers);
    await store.set([["k", "v"]]);
    expect(await store.all()).toEqual([["k", "v"]]);
  });

  it("falls back to memory when IndexedDB never answers", async () => {
    vi.useFakeTimers();
    globalThis.indexedDB = { open: () => ({}) } as unknown as IDBFactory; // no event ever fires
    const chosen = chooseStore(idbStore, timers);
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    const store = await chosen;
    await store.set([["k", "v"]]);
    expect(await store.all()).toEqual([["k", "v"]]);
  });

  it("a client with IndexedDB gone still delivers", async () => {
    // @ts-expect-error: as above
    delete globalThis.indexedDB;
    const { uptake, collector } = setup({}, { storage: undefined });
    uptake.track("A");
    await uptake.flush();
    expect(collector.events()).toEqual(["A"]);
  });

  it("a quota error from IndexedDB is swallowed and the event still goes out", async () => {
    const real = idbStore();
    const full: KV = { ...real, set: () => Promise.reject(new DOMException("full", "QuotaExceededError")) };
    const { uptake, collector, warn } = setup({ debug: true }, { storage: full });
    expect(() => uptake.track("A")).not.toThrow();
    await uptake.flush();
    expect(collector.events()).toEqual(["A"]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ name: "QuotaExceededError" }));
  });
});

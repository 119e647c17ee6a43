import { afterEach, describe, expect, it, vi } from "vitest";
import { browserEnv } from "./browser";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("history navigation", () => {
  it("wraps pushState/replaceState without breaking them, and reports URL changes only", async () => {
    const env = browserEnv();
    const seen: string[] = [];
    env.onNavigate(() => seen.push(location.pathname));
    const result = history.pushState({ step: 2 }, "", "/wizard/2");
    await tick();
    expect(result).toBeUndefined();
    expect(history.state).toEqual({ step: 2 });
    expect(location.pathname).toBe("/wizard/2");
    history.replaceState({ step: 2, saved: true }, ""); // same URL: state only
    await tick();
    expect(history.state).toEqual({ step: 2, saved: true });
    history.replaceState(null, "", "/wizard/3");
    await tick();
    expect(seen).toEqual(["/wizard/2", "/wizard/3"]);
  });

  it("reports back/forward (popstate)", async () => {
    const env = browserEnv();
    const seen: string[] = [];
    env.onNavigate(() => seen.push(location.pathname));
    History.prototype.pushState.call(history, null, "", "/elsewhere"); // unwrapped, as the browser does on back
    dispatchEvent(new PopStateEvent("popstate"));
    await tick();
    expect(seen).toEqual(["/elsewhere"]);
  });

  it("does not patch anything but the two history methods", () => {
    const before = { fetch: globalThis.fetch, add: EventTarget.prototype.addEventListener, beacon: navigator.sendBeacon };
    browserEnv().onNavigate(() => {});
    expect(globalThis.fetch).toBe(before.fetch);
    expect(EventTarget.prototype.addEventListener).toBe(before.add);
    expect(navigator.sendBeacon).toBe(before.beacon);
  });
});

describe("page hide", () => {
  afterEach(() => {
    // @ts-expect-error: drop the override, back to happy-dom's getter
    delete document.visibilityState;
  });

  it("fires on pagehide and on visibilitychange to hidden, not to visible", () => {
    const fn = vi.fn();
    browserEnv().onHide(fn);
    dispatchEvent(new Event("pagehide"));
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe("the page's own state", () => {
  it("reads url, path, referrer and title", () => {
    document.title = "Billing";
    history.replaceState(null, "", "/settings/billing?x=1");
    expect(browserEnv().page()).toMatchObject({ url: location.href, path: "/settings/billing", title: "Billing" });
  });

  it("keeps identity in localStorage, and survives localStorage throwing", () => {
    const { local } = browserEnv();
    local.set("k", "v");
    expect(localStorage.getItem("k")).toBe("v");
    const spy = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("full", "QuotaExceededError");
    });
    expect(() => local.set("k", "w")).not.toThrow();
    spy.mockRestore();
  });

  it("makes v4 ids", () => {
    expect(browserEnv().uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("a host page that overrides built-ins after we loaded", () => {
  const saved = { fetch: globalThis.fetch, stringify: JSON.stringify, parse: JSON.parse, Promise: globalThis.Promise };
  afterEach(() => Object.assign(globalThis, { fetch: saved.fetch, Promise: saved.Promise }) && Object.assign(JSON, { stringify: saved.stringify, parse: saved.parse }));

  it("cannot break delivery: fetch, JSON and Promise were captured at load", async () => {
    const bodies: string[] = [];
    globalThis.fetch = async (_url: RequestInfo | URL, init?: RequestInit) => (init?.method === "POST" && bodies.push(String(init.body)), new Response("{}"));
    vi.resetModules();
    const { createUptake } = await import("../index");
    const uptake = createUptake({ storage: undefined });
    // The host page now "polyfills" badly.
    globalThis.fetch = () => {
      throw new Error("overridden fetch");
    };
    JSON.stringify = () => "[object Object]";
    JSON.parse = () => null;
    globalThis.Promise = function Broken() {
      throw new Error("overridden Promise");
    } as unknown as PromiseConstructor;
    uptake.init({ writeKey: "wk_1", host: "https://c.example.com", autoPage: false });
    uptake.track("Still works", { a: 1 });
    const flushed = uptake.flush();
    Object.assign(globalThis, { Promise: saved.Promise });
    Object.assign(JSON, { stringify: saved.stringify, parse: saved.parse });
    await flushed;
    expect(bodies).toHaveLength(1);
    expect(saved.parse(bodies[0]).batch[0]).toMatchObject({ event: "Still works", properties: { a: 1 } });
  });
});

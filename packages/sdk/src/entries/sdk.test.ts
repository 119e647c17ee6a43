import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { clear, createStore } from "idb-keyval";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeCollector } from "../testkit";
import type { Uptake } from "../types";
import { snippetCode } from "./snippet";

/** The script-tag bundle, loaded from source and from the minified build CI makes before the tests. */
// Node's paths: happy-dom's URL does not resolve file: URLs.
const dist = resolve(fileURLToPath(import.meta.url), "../../../dist/sdk.js");
const loaders: [string, () => Promise<unknown>][] = [
  ["source", async () => (vi.resetModules(), import("./sdk"))],
];
if (existsSync(dist)) loaders.push(["dist/sdk.js", async () => new Function(readFileSync(dist, "utf8"))()]);

type Win = { uptake?: unknown };
const win = window as unknown as Win;
const realFetch = globalThis.fetch;

describe.each(loaders)("the script tag (%s)", (_name, load) => {
  let collector: ReturnType<typeof fakeCollector>;

  beforeEach(async () => {
    collector = fakeCollector();
    // sdk.js captures fetch as it loads, as it would on a real page.
    globalThis.fetch = collector.fetch as unknown as typeof fetch;
    localStorage.clear();
    await clear(createStore("uptake", "queue"));
    delete win.uptake;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    Object.defineProperty(document, "currentScript", { value: null, configurable: true });
  });

  /** Loads sdk.js as if from `<script async src=… data-…>`. */
  async function loadTag(attrs: Record<string, string>, src = "https://collector.example.com/sdk.js") {
    const tag = document.createElement("script");
    tag.setAttribute("src", src);
    for (const [k, v] of Object.entries(attrs)) tag.setAttribute(k, v);
    Object.defineProperty(document, "currentScript", { value: tag, configurable: true });
    await load();
    return win.uptake as Uptake;
  }
  const stub = () => (new Function(snippetCode("wk_stub"))(), win.uptake as Uptake);

  it("replays the stub's calls in order after init from data attributes, then takes over window.uptake", async () => {
    const u = stub();
    u.identify("u1", { plan: "pro" });
    u.track("Early", { n: 1 });
    u.page("Home");
    const flushedEarly = u.flush();
    const api = await loadTag({ "data-write-key": "wk_tag", "data-auto-page": "false", "data-locale": "fr-FR" });
    await flushedEarly;
    expect(Array.isArray(api)).toBe(false);
    expect(collector.sent[0].url).toBe("https://collector.example.com/v1/batch");
    expect(collector.sent[0].body.writeKey).toBe("wk_tag");
    expect(collector.events()).toEqual(["identify", "Signed In", "Early", "page"]);
    expect(collector.messages()[2]).toMatchObject({ userId: "u1", properties: { n: 1 }, context: { locale: "fr-FR" } });
    api.track("Late");
    await api.flush();
    expect(collector.events().at(-1)).toBe("Late");
  });

  it("sends a page view on load by default, to data-host when given, with the stub's key when the tag has none", async () => {
    stub();
    const api = await loadTag({ "data-host": "https://eu.collector.example.com/" });
    await api.flush();
    expect(collector.sent[0].url).toBe("https://eu.collector.example.com/v1/batch");
    expect(collector.sent[0].body.writeKey).toBe("wk_stub");
    expect(collector.events()).toEqual(["page"]);
  });

  it("honours data-consent, and an init() on the stub that refines the attributes", async () => {
    const u = stub();
    u.init({ writeKey: "wk_stub", consent: "pending", autoPage: false });
    u.track("Held");
    const api = await loadTag({ "data-write-key": "wk_tag", "data-consent": "granted" });
    await api.flush();
    expect(collector.sent).toHaveLength(0);
    api.consent("granted");
    await api.flush();
    expect(collector.events()).toEqual(["Held"]);
    expect(collector.sent[0].body.writeKey).toBe("wk_stub");
  });

  it("works with no stub at all", async () => {
    const api = await loadTag({ "data-write-key": "wk_tag", "data-auto-page": "false" });
    api.track("A");
    await api.flush();
    expect(collector.events()).toEqual(["A"]);
  });

  it("leaves an already loaded SDK in place when sdk.js is included twice", async () => {
    const first = await loadTag({ "data-write-key": "wk_tag", "data-auto-page": "false" });
    const second = await loadTag({ "data-write-key": "wk_tag", "data-auto-page": "false" });
    expect(second).toBe(first);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KV } from "../storage/types";
import { setup } from "../testkit";

beforeEach(() => void vi.useFakeTimers({ now: new Date("2026-11-23T10:00:00Z") }));
afterEach(() => void vi.useRealTimers());

describe("calls before init", () => {
  it("are kept and replayed in order, with the time they were made", async () => {
    const { uptake, collector } = setup({}, {}, false);
    uptake.identify("u1");
    uptake.track("Early");
    const flushed = uptake.flush();
    vi.advanceTimersByTime(1500);
    uptake.init({ writeKey: "wk_test", host: "https://c.example.com/", autoPage: false });
    await flushed;
    expect(collector.events()).toEqual(["identify", "Signed In", "Early"]);
    expect(collector.messages()[2].timestamp).toBe("2026-11-23T10:00:00.000Z");
    expect(collector.sent[0].url).toBe("https://c.example.com/v1/batch");
  });

  it("a second init is ignored", async () => {
    const { uptake, collector } = setup();
    uptake.init({ writeKey: "wk_other", host: "https://elsewhere.example.com" });
    uptake.track("A");
    await uptake.flush();
    expect(collector.sent[0].body.writeKey).toBe("wk_test");
  });

  it("an init without a write key does not start, and a later good one does", async () => {
    const { uptake, collector } = setup({}, {}, false);
    uptake.init({} as { writeKey: string });
    uptake.track("Kept");
    uptake.init({ writeKey: "wk_test", autoPage: false });
    await uptake.flush();
    expect(collector.events()).toEqual(["Kept"]);
    expect(collector.sent[0].url).toBe("/v1/batch");
  });
});

describe("nothing throws into the host page", () => {
  const explode = () => {
    throw new Error("boom");
  };
  const brokenStore: KV = { all: explode, set: explode, del: explode, clear: explode };

  it("when fetch throws and storage throws, every public call still returns normally", async () => {
    const { uptake } = setup({ autoPage: true }, { fetch: explode, storage: brokenStore, beacon: explode });
    const calls = () => {
      uptake.identify("u1", { a: 1 });
      uptake.group("acme");
      uptake.track("A");
      uptake.feature("x");
      uptake.page();
      uptake.showSurvey("s1");
      uptake.showChecklist();
      uptake.consent("pending");
      uptake.consent("granted");
      uptake.reset();
      uptake.on("survey:shown", () => {});
    };
    expect(calls).not.toThrow();
    await expect(uptake.flush()).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(120_000);
  });

  it("still delivers from memory when storage rejects every write (quota exceeded)", async () => {
    const quota = () => Promise.reject(new DOMException("full", "QuotaExceededError"));
    const { uptake, collector } = setup({}, { storage: { all: async () => [], set: quota, del: quota, clear: quota } });
    uptake.track("A");
    await expect(uptake.flush()).resolves.toBeUndefined();
    expect(collector.events()).toEqual(["A"]);
  });

  it("bad arguments are refused one by one, and logged only with debug", async () => {
    const quiet = setup();
    quiet.uptake.track(undefined as unknown as string);
    quiet.uptake.track("x".repeat(201));
    quiet.uptake.identify("");
    quiet.uptake.group({} as string);
    quiet.uptake.track("Good", "not an object" as unknown as Record<string, unknown>);
    await quiet.uptake.flush();
    expect(quiet.collector.messages()).toHaveLength(1);
    expect(quiet.collector.messages()[0].properties).toEqual({});
    expect(quiet.warn).not.toHaveBeenCalled();

    const loud = setup({ debug: true });
    loud.uptake.track(undefined as unknown as string);
    expect(loud.warn).toHaveBeenCalledTimes(1);
  });

  it("an unserializable property drops that event only", async () => {
    const { uptake, collector } = setup();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    uptake.track("Circular", loop);
    uptake.track("BigInt", { n: 1n as unknown as number });
    uptake.track("Also fine", { f: () => 1 });
    await uptake.flush();
    expect(collector.events()).toEqual(["Also fine"]);
  });

  it("a throwing on() listener does not stop the others", () => {
    const { uptake } = setup();
    const seen: string[] = [];
    uptake.on("survey:answered", () => {
      throw new Error("host bug");
    });
    const off = uptake.on("survey:answered", (p) => seen.push(p.surveyId));
    expect(() => uptake.emit("survey:answered", { surveyId: "s1", kind: "nps", score: 9 })).not.toThrow();
    off();
    uptake.emit("survey:answered", { surveyId: "s2", kind: "nps" });
    expect(seen).toEqual(["s1"]);
  });
});

describe("widgets seam", () => {
  it("showSurvey and showChecklist call the widgets hook when there is one, and are safe without", () => {
    const show = vi.fn();
    const { uptake } = setup({}, { widgets: { show } });
    uptake.showSurvey("nps-q4");
    uptake.showChecklist();
    uptake.showChecklist("onboarding");
    expect(show.mock.calls).toEqual([["survey", "nps-q4"], ["checklist", undefined], ["checklist", "onboarding"]]);
    expect(() => setup().uptake.showSurvey("x")).not.toThrow();
  });
});

describe("automatic page views", () => {
  it("sends one on init and one per navigation unless autoPage is false", async () => {
    const on = setup({ autoPage: true });
    on.navigate();
    await on.uptake.flush();
    expect(on.collector.events()).toEqual(["page", "page"]);

    const off = setup({ autoPage: false });
    off.uptake.track("A");
    await off.uptake.flush();
    expect(off.collector.events()).toEqual(["A"]);
  });
});

describe("a hostile page", () => {
  it("a history that cannot be wrapped does not stop the client", async () => {
    const { uptake, collector } = setup(
      { autoPage: true },
      {
        onNavigate: () => {
          throw new TypeError("Cannot assign to read only property 'pushState'");
        },
      },
    );
    uptake.track("A");
    await uptake.flush();
    expect(collector.events()).toEqual(["page", "A"]);
  });
});

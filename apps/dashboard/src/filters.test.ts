import { describe, expect, it } from "vitest";
import { href, isoDay, lastDays, pageZone, readFilters, spanDays, splitSegment, writeFilters } from "./filters.ts";

const NOW = Date.parse("2026-11-23T15:00:00Z");

describe("filters in the URL", () => {
  it("defaults to the last 30 days by day when the URL says nothing", () => {
    expect(readFilters("", NOW)).toEqual({ from: "2026-10-25", to: "2026-11-23", interval: "day" });
    expect(spanDays(readFilters("", NOW))).toBe(30);
  });

  it("reads what a shared link holds, and writes it back the same", () => {
    const search = "?from=2026-09-01&to=2026-09-30&interval=week&segment=account.plan%3Apro";
    const f = readFilters(search, NOW);
    expect(f).toEqual({ from: "2026-09-01", to: "2026-09-30", interval: "week", segment: "account.plan:pro" });
    expect(readFilters(writeFilters(f), NOW)).toEqual(f);
    expect(href("/features", f, { feature: "export" })).toBe("/features?from=2026-09-01&to=2026-09-30&interval=week&segment=account.plan%3Apro&feature=export");
  });

  it("ignores malformed values instead of sending them to the collector", () => {
    expect(readFilters("?from=yesterday&to=2026-13&interval=hour&segment=pro", NOW)).toEqual({ from: "2026-10-25", to: "2026-11-23", interval: "day" });
  });

  it("swaps a reversed range", () => {
    expect(readFilters("?from=2026-11-20&to=2026-11-01", NOW)).toMatchObject({ from: "2026-11-01", to: "2026-11-20" });
  });

  it("presets end today and count today in", () => {
    expect(lastDays(7, NOW)).toEqual({ from: "2026-11-17", to: "2026-11-23" });
  });

  it("counts today in the collector's zone, which the page names", () => {
    // 01:30 UTC on the 24th is still the 23rd in São Paulo and already past 07:00 on the 24th in Kolkata.
    const late = Date.parse("2026-11-24T01:30:00Z");
    expect(lastDays(7, late, "UTC")).toEqual({ from: "2026-11-18", to: "2026-11-24" });
    expect(lastDays(7, late, "America/Sao_Paulo")).toEqual({ from: "2026-11-17", to: "2026-11-23" });
    expect(readFilters("", Date.parse("2026-11-23T20:00:00Z"), "Asia/Kolkata")).toMatchObject({ to: "2026-11-24" });
    // Across a DST change the range still counts calendar days.
    expect(lastDays(3, Date.parse("2026-11-02T12:00:00Z"), "America/New_York")).toEqual({ from: "2026-10-31", to: "2026-11-02" });
    const page = new DOMParser().parseFromString('<head><meta name="uptake-time-zone" content="America/Sao_Paulo"></head>', "text/html");
    expect(pageZone(page)).toBe("America/Sao_Paulo");
    expect(pageZone(new DOMParser().parseFromString("<head></head>", "text/html"))).toBe("UTC");
    expect(isoDay(late, "Not/AZone")).toBe("2026-11-24");
  });

  it("splits a segment into its trait and value, defaulting to the plan", () => {
    expect(splitSegment("account.tier:high-touch")).toEqual({ key: "account.tier", value: "high-touch" });
    expect(splitSegment("plan:a:b")).toEqual({ key: "plan", value: "a:b" });
    expect(splitSegment(undefined)).toEqual({ key: "account.plan", value: "" });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { click, mount, type } from "../testing.tsx";
import { FilterBar } from "./FilterBar.tsx";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const F = { from: "2026-10-25", to: "2026-11-23", interval: "day" as const };
let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  history.replaceState(null, "", "/");
});

describe("FilterBar", () => {
  it("marks the preset the range matches, and a preset click puts its range in the URL", async () => {
    history.replaceState(null, "", "/features");
    const { root, unmount } = await mount(<FilterBar filters={F} now={NOW} extra={{ feature: "export" }} />);
    cleanup = unmount;
    const pressed = [...root.querySelectorAll(".seg-btn")].map((b) => [b.textContent, b.getAttribute("aria-pressed")]);
    expect(pressed).toEqual([["7 days", "false"], ["30 days", "true"], ["90 days", "false"]]);
    await click(root.querySelector(".seg-btn"));
    expect(location.pathname + location.search).toBe("/features?from=2026-11-17&to=2026-11-23&interval=day&feature=export");
  });

  it("writes the interval and the segment into the URL", async () => {
    const { root, unmount } = await mount(<FilterBar filters={F} now={NOW} />);
    cleanup = unmount;
    await type(root.querySelectorAll("select")[0], "week", "change");
    expect(new URLSearchParams(location.search).get("interval")).toBe("week");
    await type(root.querySelector('input[aria-label="Segment value"]'), " pro ", "change");
    expect(new URLSearchParams(location.search).get("segment")).toBe("account.plan:pro");
  });

  it("labels every control", async () => {
    const { root, unmount } = await mount(<FilterBar filters={F} now={NOW} />);
    cleanup = unmount;
    for (const el of root.querySelectorAll("input, select")) {
      expect(el.closest("label") ?? el.getAttribute("aria-label")).toBeTruthy();
    }
  });
});

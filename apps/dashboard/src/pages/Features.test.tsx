import { afterEach, describe, expect, it } from "vitest";
import { click, mount, tableApi } from "../testing.tsx";
import { Features } from "./Features.tsx";
import { featureRows, featureStickiness } from "./features-model.ts";

const F = { from: "2026-11-01", to: "2026-11-04", interval: "day" as const };
const NOW = Date.parse("2026-11-23T12:00:00Z");
const s = (...users: number[]) => users.map((u, i) => ({ date: `2026-11-0${i + 1}`, users: u, uses: u * 2 }));
const ANSWER = {
  activeUsers: 40,
  activeAccounts: 6,
  features: [
    { feature: "reports", users: 20, accounts: 5, uses: 160, adoption: 0.5, series: s(10, 10, 10, 10) },
    { feature: "export", users: 8, accounts: 2, uses: 16, adoption: 0.2, series: s(0, 1, 0, 1) },
    { feature: "sso", users: 2, accounts: 1, uses: 400, adoption: 0.05, series: s(2, 2, 2, 2) },
  ],
};

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  history.replaceState(null, "", "/");
});

describe("Features", () => {
  it("tells sticky features from occasional ones by how many users come back each bucket", () => {
    expect(featureStickiness(ANSWER.features[0])).toBe(0.5);
    expect(featureStickiness(ANSWER.features[1])).toBe(0.0625);
    expect(featureRows(ANSWER.features).map((r) => [r.feature, r.sticky])).toEqual([["reports", true], ["export", false], ["sso", true]]);
  });

  it("lists features by adoption with users and accounts side by side, and sorts by a column on click", async () => {
    history.replaceState(null, "", "/features");
    const { api } = tableApi({ "/v1/trends/features": { body: ANSWER } });
    const { root, unmount } = await mount(<Features api={api} filters={F} route={{ name: "features", params: {}, search: "" }} now={NOW} />);
    cleanup = unmount;
    const rows = () => [...root.querySelectorAll("table.table tbody tr")].map((tr) => [...tr.querySelectorAll("th, td")].slice(0, 5).map((c) => c.textContent?.trim()));
    expect(rows()).toEqual([
      ["reports", "50%", "20", "5", "160"],
      ["export", "20%", "8", "2", "16"],
      ["sso", "5%", "2", "1", "400"],
    ]);
    expect([...root.querySelectorAll("tbody .pill")].map((p) => p.textContent)).toEqual(["Sticky", "Occasional", "Sticky"]);
    await click([...root.querySelectorAll(".th-btn")].find((b) => b.textContent === "Uses") ?? null);
    expect(location.search).toContain("sort=uses");
  });

  it("reads the sort and the charted feature from the URL", async () => {
    const { api } = tableApi({ "/v1/trends/features": { body: ANSWER } });
    const { root, unmount } = await mount(<Features api={api} filters={F} route={{ name: "features", params: {}, search: "?sort=uses&feature=export" }} now={NOW} />);
    cleanup = unmount;
    expect([...root.querySelectorAll("table.table tbody th")].map((e) => e.textContent)).toEqual(["sso", "reports", "export"]);
    expect(root.querySelector("tr.selected th")?.textContent).toBe("export");
    expect(root.querySelector(".card h2")?.textContent).toBe("Users of “export” per day");
  });
});

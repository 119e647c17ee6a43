import { afterEach, describe, expect, it } from "vitest";
import { click, mount, settle, tableApi, text } from "../testing.tsx";
import { Overview } from "./Overview.tsx";

const F = { from: "2026-11-01", to: "2026-11-03", interval: "day" as const };
const ROUTE = { name: "overview" as const, params: {}, search: "" };
const NOW = Date.parse("2026-11-23T12:00:00Z");

const ACTIVE = {
  series: [
    { date: "2026-11-01", dau: 40, wau: 120, mau: 300, stickiness: 0.1333 },
    { date: "2026-11-02", dau: 50, wau: 130, mau: 310, stickiness: 0.1613 },
    { date: "2026-11-03", dau: 1234, wau: 2345, mau: 4567, stickiness: 0.2702 },
  ],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("Overview", () => {
  it("shows the last bucket's DAU, WAU, MAU and stickiness exactly as the API answers them", async () => {
    const { api } = tableApi({ "/v1/trends/active-users": { body: ACTIVE } });
    const { root, unmount } = await mount(<Overview api={api} filters={F} route={ROUTE} now={NOW} />);
    cleanup = unmount;
    expect(text(root, '[data-stat="dau"] .stat-value')).toBe("1,234");
    expect(text(root, '[data-stat="wau"] .stat-value')).toBe("2,345");
    expect(text(root, '[data-stat="mau"] .stat-value')).toBe("4,567");
    expect(text(root, '[data-stat="stickiness"] .stat-value')).toBe("27%");
    expect(text(root, '[data-stat="dau"] .stat-sub')).toBe("Nov 3 · +2368% vs previous day");
  });

  it("takes the headline from the last complete bucket when the range runs into today", async () => {
    const { api } = tableApi({ "/v1/trends/active-users": { body: ACTIVE } });
    const { root, unmount } = await mount(<Overview api={api} filters={{ ...F, to: "2026-11-03" }} route={ROUTE} now={Date.parse("2026-11-03T09:00:00Z")} />);
    cleanup = unmount;
    expect(text(root, '[data-stat="dau"] .stat-value')).toBe("50");
    expect(text(root, '[data-stat="dau"] .stat-sub')).toBe("Nov 2 · +25% vs previous day");
    expect(root.querySelector(".stats")?.getAttribute("data-bucket")).toBe("2026-11-02");
  });

  it("says which questions this collector cannot answer yet instead of showing zeros", async () => {
    const { api } = tableApi({ "/v1/trends/active-users": { body: ACTIVE } });
    const { root, unmount } = await mount(<Overview api={api} filters={F} route={ROUTE} now={NOW} />);
    cleanup = unmount;
    const missing = [...root.querySelectorAll(".state.missing strong")].map((e) => e.textContent);
    expect(missing).toEqual(["Logins: not available yet", "Features: not available yet", "Surveys: not available yet", "Checklists: not available yet", "Alerts: not available yet"]);
  });

  it("shows a failure with the collector's words and fetches again on retry", async () => {
    let fail = true;
    const { api, calls } = tableApi({
      "/v1/trends/active-users": () => (fail ? { status: 503, body: { error: "store unavailable" } } : { body: ACTIVE }),
    });
    const { root, unmount } = await mount(<Overview api={api} filters={F} route={ROUTE} now={NOW} />);
    cleanup = unmount;
    expect(text(root, '.state.error[role="alert"]')).toContain("503: store unavailable");
    fail = false;
    await click(root.querySelector(".state.error button"));
    expect(calls.filter((c) => c.url.pathname === "/v1/trends/active-users")).toHaveLength(2);
    expect(text(root, '[data-stat="dau"] .stat-value')).toBe("1,234");
  });

  it("ranks features by adoption, lists survey scores and onboarding, and the accounts at risk worst first", async () => {
    const { api } = tableApi({
      "/v1/trends/active-users": { body: ACTIVE },
      "/v1/trends/logins": { body: { series: [{ date: "2026-11-01", logins: 7, users: 3 }, { date: "2026-11-02", logins: 5, users: 4 }] } },
      "/v1/trends/features": {
        body: {
          features: [
            { feature: "search", users: 10, accounts: 3, uses: 40, adoption: 0.25, series: [] },
            { feature: "reports", users: 20, accounts: 5, uses: 90, adoption: 0.5, series: [] },
          ],
        },
      },
      "/v1/surveys": { body: { surveys: [{ id: "nps-q", kind: "nps", question: "Recommend us?", trigger: {}, audience: {} }] } },
      "/v1/surveys/nps-q/results": { body: { nps: 31.5, promoters: 10, passives: 3, detractors: 4, responses: 17, series: [{ date: "2026-11-01", nps: 20, responses: 5 }, { date: "2026-11-02", nps: 40, responses: 12 }] } },
      "/v1/checklists": { body: { checklists: [{ id: "onboarding", title: "Get started", items: [], audience: {} }] } },
      "/v1/checklists/onboarding/funnel": { body: { started: 8, completed: 2, medianHoursToComplete: 30, items: [] } },
      "/v1/alerts": {
        body: {
          asOf: "2026-11-03",
          alerts: [
            { accountId: "a", reason: "usage_drop", message: "feature uses down 60% against the 4-week baseline", traits: { name: "Acme" } },
            { accountId: "b", reason: "active_users_drop", message: "active users down 80% against the 2-week baseline", traits: {} },
            { accountId: "b", reason: "no_login", message: "no sign-in for 15 days", traits: {} },
          ],
        },
      },
    });
    const { root, unmount } = await mount(<Overview api={api} filters={F} route={ROUTE} now={NOW} />);
    cleanup = unmount;
    expect(text(root, '[data-stat="logins"] .stat-value')).toBe("12");
    expect([...root.querySelectorAll(".rank-name")].map((e) => e.textContent)).toEqual(["reports", "search"]);
    expect(text(root, '[data-score="nps-q"]')).toBe("+31.5");
    expect(root.textContent).toContain("2 of 8 done · median 30 h");
    expect([...root.querySelectorAll(".risk li a")].map((e) => e.textContent)).toEqual(["b", "Acme"]);
    expect([...root.querySelectorAll(".risk li:first-child .pill")].map((e) => e.textContent)).toEqual(["active users drop", "no login"]);
    expect(root.textContent).toContain("feature uses down 60% against the 4-week baseline");
  });

  it("asks again with the new filters when they change", async () => {
    const { api, calls } = tableApi({ "/v1/trends/active-users": { body: ACTIVE } });
    const { root, unmount } = await mount(<Overview api={api} filters={F} route={ROUTE} now={NOW} />);
    cleanup = unmount;
    const { render } = await import("preact");
    render(<Overview api={api} filters={{ ...F, interval: "week", segment: "account.plan:pro" }} route={ROUTE} now={NOW} />, root);
    await settle();
    const asked = calls.filter((c) => c.url.pathname === "/v1/trends/active-users").map((c) => c.url.search);
    expect(asked).toEqual(["?from=2026-11-01&to=2026-11-03&interval=day", "?from=2026-11-01&to=2026-11-03&interval=week&segment=account.plan%3Apro"]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { mount, tableApi, text } from "../testing.tsx";
import { Account } from "./Account.tsx";
import { Accounts } from "./Accounts.tsx";
import { atRisk, healthParts } from "./accounts-model.ts";

const F = { from: "2026-11-01", to: "2026-11-23", interval: "day" as const };
const NOW = Date.parse("2026-11-23T12:00:00Z");
const PARTS = [
  { name: "logins", value: 0.2, weight: 0.3 },
  { name: "breadth", value: 0.5, weight: 0.2 },
  { name: "sentiment", value: null, weight: 0.15 },
];
const ACCOUNTS = {
  asOf: "2026-11-23",
  total: 2,
  accounts: [
    { id: "acct_1", traits: { name: "Acme", plan: "pro", tier: "mid-touch" }, users: 12, activeUsers: 4, health: 28, trend: -55.5, weeklyUsers: [6, 6, 5, 5, 5, 4, 5, 4, 4, 3, 4, 4], parts: PARTS, alerts: [{ accountId: "acct_1", reason: "no_login", message: "no sign-in for 15 days" }] },
    { id: "acct_2", traits: { plan: "free" }, users: 3, activeUsers: 3, health: 81, trend: 12, parts: [], alerts: [] },
  ],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("Accounts", () => {
  it("shows each account's health, the score's parts, trend and alerts in the API's order", async () => {
    const { api } = tableApi({ "/v1/accounts": { body: ACCOUNTS } });
    const { root, unmount } = await mount(<Accounts api={api} filters={F} route={{ name: "accounts", params: {}, search: "" }} now={NOW} />);
    cleanup = unmount;
    const first = root.querySelector('tr[data-account="acct_1"]');
    expect([...root.querySelectorAll("tbody tr")].map((r) => r.getAttribute("data-account"))).toEqual(["acct_1", "acct_2"]);
    expect(text(first!, "th a")).toBe("Acme");
    expect(first?.querySelector("a")?.getAttribute("href")).toBe("/accounts/acct_1?from=2026-11-01&to=2026-11-23&interval=day");
    expect(text(first!, ".health")).toBe("28");
    expect(first?.querySelector(".health")?.getAttribute("data-level")).toBe("low");
    expect(first?.querySelector(".parts")?.getAttribute("aria-label")).toBe("Score parts: Logins 20%, Breadth 50%");
    expect(text(first!, ".trend")).toBe("↓down 55.5%");
    const spark = first?.querySelector("svg.spark");
    expect(spark?.getAttribute("aria-label")).toBe("acct_1: active users per week, last 12 weeks");
    expect(spark?.querySelector("polyline")?.getAttribute("points")?.split(" ")).toHaveLength(12);
    expect(text(first!, ".alerts")).toBe("no sign-in for 15 days");
  });

  it("weights the parts by their share of the weights that had data", () => {
    expect(healthParts(PARTS)).toEqual([
      { name: "Logins", value: 0.2, weight: 0.6 },
      { name: "Breadth", value: 0.5, weight: 0.4 },
    ]);
  });

  it("groups alerts by account for the accounts at risk", () => {
    const alerts = ACCOUNTS.accounts.flatMap((a) => a.alerts.map((x) => ({ ...x, traits: a.traits })));
    expect(atRisk(alerts)).toEqual([{ id: "acct_1", name: "Acme", alerts: [alerts[0]] }]);
  });

  it("the account page shows the account and says what the collector cannot tell about it yet", async () => {
    const { api } = tableApi({ "/v1/accounts": { body: ACCOUNTS }, "/v1/trends/logins": { body: { series: [], accounts: [{ accountId: "acct_1", logins: 9, activeUsers: 4, loginsPerUser: 2.25 }] } } });
    const { root, unmount } = await mount(<Account api={api} filters={F} route={{ name: "account", params: { id: "acct_1" }, search: "" }} now={NOW} />);
    cleanup = unmount;
    expect(text(root, "h1")).toBe("Acme");
    expect(root.textContent).toContain("2.25 per active user");
    expect([...root.querySelectorAll(".part-list dt")].map((d) => d.firstChild?.textContent?.trim())).toEqual(["Logins", "Breadth"]);
    expect(text(root, ".state.missing strong")).toBe("This account's users, features, survey answers and checklist progress: not available yet");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY, WRITE_KEY, testCollector, track } from "../testing.ts";

// A small project a person can count by hand. Today is Mon 2026-11-23; the range is Nov 16–22 (one ISO week).
// acme: ann (admin) and bob; globex: cy; initech: dee, who signed in once on Oct 1 and never again.
const NOW = Date.parse("2026-11-23T12:00:00Z");
const RANGE = "from=2026-11-16&to=2026-11-22";

const at = (iso: string, fields: Record<string, unknown>) => track({ timestamp: iso, properties: {}, ...fields });
const group = (iso: string, userId: string, groupId: string, traits: Record<string, unknown>) =>
  at(iso, { type: "group", event: undefined, userId, groupId, traits });
const signIn = (iso: string, userId: string) => at(iso, { event: "Signed In", userId });
const feature = (iso: string, userId: string, name: string) => at(iso, { event: "Feature Used", userId, properties: { feature: name } });

const EVENTS = [
  group("2026-10-01T09:00:00Z", "dee", "initech", { name: "Initech", plan: "starter" }),
  signIn("2026-10-01T09:05:00Z", "dee"),
  group("2026-11-20T08:00:00Z", "ann", "acme", { name: "Acme", plan: "pro" }),
  at("2026-11-20T08:01:00Z", { type: "identify", event: undefined, userId: "ann", traits: { role: "admin" } }),
  signIn("2026-11-20T09:00:00Z", "ann"),
  feature("2026-11-20T09:10:00Z", "ann", "export"),
  signIn("2026-11-21T09:00:00Z", "ann"),
  feature("2026-11-21T09:10:00Z", "ann", "reports"),
  group("2026-11-21T10:00:00Z", "bob", "acme", {}),
  signIn("2026-11-21T10:01:00Z", "bob"),
  feature("2026-11-21T10:02:00Z", "bob", "export"),
  at("2026-11-21T10:03:00Z", { event: "Checklist Item Completed", userId: "bob", properties: { checklist_id: "onboarding", item_id: "connect-data" } }),
  group("2026-11-21T11:00:00Z", "cy", "globex", { name: "Globex", plan: "free" }),
  signIn("2026-11-21T11:01:00Z", "cy"),
  at("2026-11-22T12:00:00Z", { event: "Survey Responded", userId: "ann", properties: { survey_id: "nps-q", kind: "nps", score: 9, comment: "Great" } }),
  at("2026-11-22T12:05:00Z", { event: "Checklist Completed", userId: "ann", properties: { checklist_id: "onboarding" } }),
  at("2026-11-22T13:00:00Z", { event: "Account Renewed", userId: "cy" }),
];

describe("analytics routes over HTTP", () => {
  let query: (path: string) => Response | Promise<Response>;
  let app: Awaited<ReturnType<typeof testCollector>>["app"];

  beforeAll(async () => {
    const c = await testCollector({ now: () => NOW });
    ({ query, app } = c);
    const res = await c.send({ writeKey: WRITE_KEY, batch: EVENTS });
    expect(res.status).toBe(200);
  });

  it.each(["/v1/trends/logins", "/v1/trends/features", "/v1/retention", "/v1/accounts", "/v1/accounts/acme", "/v1/alerts", "/v1/renewals", "/v1/settings/analytics"])(
    "%s needs the secret key",
    async (path) => {
      expect((await app.request(path)).status).toBe(401);
      expect((await app.request(path, { headers: { authorization: `Bearer ${WRITE_KEY}` } })).status).toBe(401);
    },
  );

  it("logins: sign-ins and distinct users per day, and per account", async () => {
    const body = await (await query(`/v1/trends/logins?interval=day&from=2026-11-20&to=2026-11-22`)).json();
    expect(body.series).toEqual([
      { date: "2026-11-20", logins: 1, users: 1 },
      { date: "2026-11-21", logins: 3, users: 3 },
      { date: "2026-11-22", logins: 0, users: 0 },
    ]);
    expect(body.frequency.perUser).toMatchObject({ users: 3, median: 1 });
    expect(body.accounts.map((a: { accountId: string; logins: number; activeUsers: number }) => [a.accountId, a.logins, a.activeUsers])).toEqual([
      ["acme", 3, 2],
      ["globex", 1, 1],
    ]);
  });

  it("features: users, accounts, uses and adoption against the range's active users", async () => {
    const body = await (await query(`/v1/trends/features?interval=week&${RANGE}`)).json();
    expect(body.activeUsers).toBe(3);
    expect(body.features.map((f: Record<string, unknown>) => [f.feature, f.users, f.accounts, f.uses])).toEqual([
      ["export", 2, 1, 2],
      ["reports", 1, 1, 1],
    ]);
    expect(body.features[0].adoption).toBeCloseTo(2 / 3, 3);
    expect(body.features[0].series).toEqual([{ date: "2026-11-16", users: 2, uses: 2 }]);
    const one = await (await query(`/v1/trends/features?interval=week&feature=reports&${RANGE}`)).json();
    expect(one.features.map((f: { feature: string }) => f.feature)).toEqual(["reports"]);
  });

  it("retention: the week's cohort is everyone first seen in it", async () => {
    const body = await (await query(`/v1/retention?from=2026-11-16&to=2026-11-22`)).json();
    expect(body.interval).toBe("week");
    expect(body.cohorts).toEqual([{ cohort: "2026-11-16", size: 3, retained: [3], rates: [1] }]);
  });

  it("accounts: every account with its active users, health parts and alerts, least healthy first", async () => {
    const body = await (await query(`/v1/accounts?${RANGE}`)).json();
    expect(body.total).toBe(3);
    const acme = body.accounts.find((a: { id: string }) => a.id === "acme");
    expect(acme).toMatchObject({ traits: { name: "Acme", plan: "pro" }, users: 2, activeUsers: 2 });
    expect(acme.parts.map((p: { name: string }) => p.name)).toEqual(["logins", "breadth", "trend", "sentiment", "onboarding"]);
    // Active users per week for the sparkline, oldest first, the last week ending on `to` (Nov 16–22).
    expect(acme.weeklyUsers).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    const initech = body.accounts.find((a: { id: string }) => a.id === "initech");
    expect(initech.weeklyUsers).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]); // Oct 1 falls in Sep 28 – Oct 4, 7 weeks back
    const healths = body.accounts.map((a: { health: number | null }) => a.health ?? Number.NEGATIVE_INFINITY);
    expect(healths).toEqual([...healths].sort((a, b) => a - b));
    const byId = await (await query(`/v1/accounts?sort=id&limit=2&${RANGE}`)).json();
    expect(byId.accounts.map((a: { id: string }) => a.id)).toEqual(["acme", "globex"]);
    // Traits are read for the page's accounts only: each row still carries its own.
    expect(byId.accounts.map((a: { traits: unknown }) => a.traits)).toEqual([{ name: "Acme", plan: "pro" }, { name: "Globex", plan: "free" }]);
  });

  it("account detail: people, feature use, answers and checklist progress of one account", async () => {
    const res = await query(`/v1/accounts/acme?${RANGE}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: "acme", traits: { name: "Acme", plan: "pro" }, alerts: [] });
    expect(body.parts).toHaveLength(5);
    // ann: group, identify, 2 sign-ins, 2 uses, 1 answer, 1 checklist completion; bob: group, sign-in, use, item.
    expect(body.users).toEqual([
      { id: "ann", traits: { role: "admin" }, lastSeen: "2026-11-22T12:05:00.000Z", logins: 2, events: 8 },
      { id: "bob", traits: {}, lastSeen: "2026-11-21T10:03:00.000Z", logins: 1, events: 4 },
    ]);
    expect(body.features).toEqual([
      { feature: "export", uses: 2, users: 2, lastUsed: "2026-11-21T10:02:00.000Z" },
      { feature: "reports", uses: 1, users: 1, lastUsed: "2026-11-21T09:10:00.000Z" },
    ]);
    expect(body.surveys).toEqual([
      { surveyId: "nps-q", kind: "nps", score: 9, comment: "Great", actor: "ann", timestamp: "2026-11-22T12:00:00.000Z" },
    ]);
    expect(body.checklists).toEqual([{ checklistId: "onboarding", completedItems: ["connect-data"], completed: true }]);
  });

  it("account detail: a range before the account's activity lists its people idle, and an unknown account is 404", async () => {
    const quiet = await (await query("/v1/accounts/acme?from=2026-11-01&to=2026-11-07")).json();
    expect(quiet.users.map((u: { id: string; events: number }) => [u.id, u.events])).toEqual([["ann", 0], ["bob", 0]]);
    expect(quiet.features).toEqual([]);
    const missing = await query(`/v1/accounts/nobody?${RANGE}`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toContain("nobody");
    expect((await query("/v1/accounts/acme?from=nonsense")).status).toBe(400);
  });

  it("alerts: an account nobody signed in to for 14 days or more", async () => {
    const body = await (await query(`/v1/alerts?${RANGE}`)).json();
    expect(body.alerts).toEqual([
      expect.objectContaining({ accountId: "initech", reason: "no_login", message: "no sign-in for 52 days", traits: { name: "Initech", plan: "starter" } }),
    ]);
  });

  it("renewals: renewed accounts and the renewal rate of the range", async () => {
    const body = await (await query(`/v1/renewals?interval=week&${RANGE}`)).json();
    expect(body).toMatchObject({ due: 1, renewed: 1, churned: 0, renewalRate: 100 });
    expect(body.series).toHaveLength(1);
  });

  it("settings: defaults, a saved change read back, and a bad value refused", async () => {
    const defaults = await (await query("/v1/settings/analytics")).json();
    expect(defaults.alerts).toEqual({ dropShare: 0.5, noLoginDays: 14, minBaseline: 1 });
    const put = (body: unknown) =>
      app.request("/v1/settings/analytics", { method: "PUT", headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const saved = await put({ alerts: { noLoginDays: 60 } });
    expect(saved.status).toBe(200);
    expect((await (await query("/v1/settings/analytics")).json()).alerts.noLoginDays).toBe(60);
    // With 60 days allowed, initech's 52 quiet days no longer alert.
    expect((await (await query(`/v1/alerts?${RANGE}`)).json()).alerts).toEqual([]);
    expect((await put({ alerts: { dropShare: "half" } })).status).toBe(400);
    expect((await put({ alerts: { noLoginDays: 14 } })).status).toBe(200);
  });
});

describe("features: what the retained accounts use", () => {
  // Range Nov 10–20: its first week is Nov 10–16, its last Nov 14–20. acme (ann) is active in both and is
  // retained; globex (cy) only in the last, so its uses count in breadth but not among the retained.
  it("counts the retained accounts' features and uses, and every account's breadth", async () => {
    const c = await testCollector({ now: () => NOW });
    const res = await c.send({
      writeKey: WRITE_KEY,
      batch: [
        group("2026-11-10T08:00:00Z", "ann", "acme", { name: "Acme" }),
        feature("2026-11-10T09:00:00Z", "ann", "export"),
        feature("2026-11-20T09:00:00Z", "ann", "export"),
        group("2026-11-19T08:00:00Z", "cy", "globex", { name: "Globex" }),
        feature("2026-11-19T09:00:00Z", "cy", "export"),
        feature("2026-11-19T09:05:00Z", "cy", "reports"),
      ],
    });
    expect(res.status).toBe(200);
    const body = await (await c.query("/v1/trends/features?interval=week&from=2026-11-10&to=2026-11-20")).json();
    expect(body.retained).toEqual({ accounts: 1, features: [{ feature: "export", accounts: 1, share: 1, uses: 2 }] });
    expect(body.breadth).toEqual({ average: 1.5, distribution: [{ features: 1, accounts: 1 }, { features: 2, accounts: 1 }] });
  });
});

describe("accounts: a segment picks the accounts, not their people", () => {
  // ann answered a survey and finished the checklist under acme (a pro account), then moved to globex and
  // used a feature there. acme's health is one number: the same in the list of pro accounts as in the whole list.
  it("scores an account the same in a segment's list as in the whole list", async () => {
    const c = await testCollector({ now: () => NOW });
    const res = await c.send({
      writeKey: WRITE_KEY,
      batch: [
        group("2026-11-16T08:00:00Z", "ann", "acme", { name: "Acme", plan: "pro" }),
        signIn("2026-11-16T09:00:00Z", "ann"),
        at("2026-11-17T12:00:00Z", { event: "Survey Responded", userId: "ann", properties: { survey_id: "nps-q", kind: "nps", score: 2 } }),
        at("2026-11-17T12:05:00Z", { event: "Checklist Completed", userId: "ann", properties: { checklist_id: "onboarding" } }),
        group("2026-11-18T08:00:00Z", "bob", "acme", {}),
        signIn("2026-11-18T09:00:00Z", "bob"),
        feature("2026-11-18T09:05:00Z", "bob", "export"),
        group("2026-11-20T08:00:00Z", "ann", "globex", { name: "Globex", plan: "free" }),
        signIn("2026-11-20T09:00:00Z", "ann"),
        feature("2026-11-20T09:05:00Z", "ann", "reports"),
      ],
    });
    expect(res.status).toBe(200);
    const acmeIn = async (path: string) => (await (await c.query(path)).json()).accounts.find((a: { id: string }) => a.id === "acme");
    const whole = await acmeIn(`/v1/accounts?${RANGE}`);
    const pro = await acmeIn(`/v1/accounts?segment=account.plan:pro&${RANGE}`);
    // acme used one of the two features used anywhere; pro accounts alone used only that one.
    expect(whole.parts.find((p: { name: string }) => p.name === "breadth").value).toBe(0.5);
    expect(whole.parts.find((p: { name: string }) => p.name === "sentiment").value).toBe(0);
    expect(whole.parts.find((p: { name: string }) => p.name === "onboarding").value).toBe(1);
    expect(pro).toEqual(whole);
  });
});

describe("a collector whose zone is São Paulo (UPTAKE_TIME_ZONE)", () => {
  it("answers in São Paulo days when the question names no zone, and in UTC days when it asks", async () => {
    // 01:00 UTC on Nov 21 is 22:00 on Nov 20 in São Paulo; now is 01:00 UTC on Nov 23, still Nov 22 there.
    const c = await testCollector({ env: { UPTAKE_TIME_ZONE: "America/Sao_Paulo" }, now: () => Date.parse("2026-11-23T01:00:00Z") });
    expect((await c.send({ writeKey: WRITE_KEY, batch: [signIn("2026-11-21T01:00:00Z", "ann"), signIn("2026-11-21T12:00:00Z", "bob")] })).status).toBe(200);
    const logins = async (params: string) =>
      ((await (await c.query(`/v1/trends/logins?interval=day&${params}`)).json()) as { series: { date: string; logins: number }[] }).series
        .map((p) => `${p.date}: ${p.logins}`);
    expect(await logins("from=2026-11-20&to=2026-11-21")).toEqual(["2026-11-20: 1", "2026-11-21: 1"]);
    expect(await logins("from=2026-11-20&to=2026-11-21&tz=UTC")).toEqual(["2026-11-20: 0", "2026-11-21: 2"]);
    expect((await logins("")).at(-1)).toBe("2026-11-22: 0");
    expect((await logins("tz=UTC")).at(-1)).toBe("2026-11-23: 0");
    // The dashboard page names that zone, so its own "today" is Nov 22 too.
    expect(await (await c.app.request("/accounts")).text()).toContain('<meta name="uptake-time-zone" content="America/Sao_Paulo">');
    // Started again on the same file without the setting: the file's zone is still the default.
    const again = await testCollector({ store: c.store, now: () => Date.parse("2026-11-23T01:00:00Z") });
    const series = (await (await again.query("/v1/trends/logins?interval=day&from=2026-11-20&to=2026-11-21")).json()) as { series: { logins: number }[] };
    expect(series.series.map((p) => p.logins)).toEqual([1, 1]);
    expect(await (await again.app.request("/")).text()).toContain('content="America/Sao_Paulo"');
  });
});

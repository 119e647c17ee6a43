import { describe, expect, it } from "vitest";
import { ZWidgetsAnswer } from "@uptake/schema";
import { WRITE_KEY, testCollector, track } from "../testing.ts";

const DAY = 86_400_000;

async function setup() {
  let now = Date.parse("2026-11-23T12:00:00Z");
  const t = await testCollector({ now: () => now });
  const admin = (method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: { authorization: "Bearer sk_test", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const widgets = async (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/v1/widgets?${new URLSearchParams({ writeKey: WRITE_KEY, ...params })}`, { headers });
    return { res, body: res.status === 200 ? ZWidgetsAnswer.parse(await res.json()) : await res.json() };
  };
  const events = (...batch: Record<string, unknown>[]) =>
    t.send({ batch: batch.map((m) => track({ timestamp: new Date(now).toISOString(), ...m })), writeKey: WRITE_KEY });
  return { ...t, admin, widgets, events, advance: (ms: number) => (now += ms), at: () => now };
}

const survey = (id: string, extra: object = {}) => ({ id, kind: "nps", question: "How likely are you to recommend Ledgerly?", ...extra });
const ids = (b: { surveys: { id: string }[] }) => b.surveys.map((s) => s.id);

describe("GET /v1/widgets", () => {
  it("serves an eligible survey with its trigger for the page to check, and CORS headers", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("nps", { trigger: { event: "Feature Used", where: { feature: "export" } } }));
    const { res, body } = await s.widgets({ userId: "ana" }, { origin: "https://app.vendor.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body.surveys).toEqual([
      expect.objectContaining({ id: "nps", kind: "nps", scale: 11, trigger: { event: "Feature Used", where: { feature: "export" } } }),
    ]);
    expect(body.surveys[0]).not.toHaveProperty("audience");
  });

  it("answers 400 without an id, 401 for an unknown key, 403 for an origin not allowed", async () => {
    const s = await setup();
    expect((await s.widgets({})).res.status).toBe(400);
    const unknown = await s.app.request("/v1/widgets?writeKey=wk_nope&userId=a");
    expect(unknown.status).toBe(401);
    const strict = await testCollector({ env: { UPTAKE_ALLOWED_ORIGINS: "https://app.vendor.example" } });
    const denied = await strict.app.request(`/v1/widgets?writeKey=${WRITE_KEY}&userId=a`, { headers: { origin: "https://evil.example" } });
    expect(denied.status).toBe(403);
  });

  it("answers 429 with Retry-After once a write key's budget is spent", async () => {
    const t = await testCollector({ env: { UPTAKE_RATE_PER_KEY: "1" } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.app.request(`/v1/widgets?writeKey=${WRITE_KEY}&userId=a`)).status);
    expect(statuses).toContain(429);
    expect(statuses[0]).toBe(200);
  });

  it("targets by user and account traits stored from identify and group", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("pro-only", { audience: { accountTraits: { plan: "pro" } } }));
    await s.events(
      { type: "identify", userId: "ana", traits: { role: "admin" } },
      { type: "group", userId: "ana", groupId: "acme", traits: { plan: "pro" } },
      { type: "group", userId: "zed", groupId: "tiny", traits: { plan: "free" } },
    );
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual(["pro-only"]);
    expect(ids((await s.widgets({ userId: "zed" })).body)).toEqual([]);
  });

  it("holds the recontact wait from events sent on another device, and the project-wide gap", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("nps"));
    s.advance(1000);
    await s.admin("POST", "/v1/surveys", survey("csat", { kind: "csat", question: "Happy with exports?" }));
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual(["nps", "csat"]);
    // Another device answers the NPS survey.
    await s.events(
      { userId: "ana", anonymousId: "phone", event: "Survey Shown", properties: { survey_id: "nps", kind: "nps" } },
      { userId: "ana", anonymousId: "phone", event: "Survey Responded", properties: { survey_id: "nps", kind: "nps", score: 9 } },
    );
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual([]);
    s.advance(31 * DAY);
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual(["csat"]);
    s.advance(60 * DAY);
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual(["nps", "csat"]);
  });

  it("hides a survey for its snooze after 'Ask me later', then shows it again", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("nps", { snoozeDays: 3 }));
    await s.events(
      { userId: "ana", event: "Survey Shown", properties: { survey_id: "nps" } },
      { userId: "ana", event: "Survey Dismissed", properties: { survey_id: "nps", snooze: true } },
    );
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual([]);
    s.advance(4 * DAY);
    expect(ids((await s.widgets({ userId: "ana" })).body)).toEqual(["nps"]);
  });

  it("knows an anonymous visitor as the user they became, and counts afterDays from first seen", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("nps", { trigger: { afterDays: 7 } }));
    await s.events({ type: "identify", userId: "ana", anonymousId: "browser-1" });
    expect(ids((await s.widgets({ anonymousId: "browser-1" })).body)).toEqual([]);
    s.advance(8 * DAY);
    expect(ids((await s.widgets({ anonymousId: "browser-1" })).body)).toEqual(["nps"]);
  });

  it("serves a survey asked for by id outside targeting, but never an archived one", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/surveys", survey("nps", { audience: { sample: 0 }, trigger: { event: "Never" } }));
    const { body } = await s.widgets({ userId: "ana", survey: "nps" });
    expect(body.surveys).toEqual([expect.objectContaining({ id: "nps", forced: true, trigger: {} })]);
    await s.admin("DELETE", "/v1/surveys/nps");
    expect((await s.widgets({ userId: "ana", survey: "nps" })).body.surveys).toEqual([]);
  });

  it("sends the vendor's texts in the asked locale, falling back by language, and the project theme", async () => {
    const s = await setup();
    await s.admin("PUT", "/v1/widgets/settings", { theme: { brand: "#0f766e", radius: 12 }, placement: "bottom-left" });
    await s.admin("POST", "/v1/surveys", survey("nps", {
      followUp: { detractor: "What went wrong?" },
      texts: { "pt-BR": { question: "Qual a chance de recomendar o Ledgerly?", followUp: { detractor: "O que deu errado?" } } },
    }));
    const pt = (await s.widgets({ userId: "ana", locale: "pt-BR" })).body;
    expect(pt.surveys[0]).toMatchObject({ question: "Qual a chance de recomendar o Ledgerly?", followUp: { detractor: "O que deu errado?" }, placement: "bottom-left" });
    expect((await s.widgets({ userId: "ana", locale: "pt" })).body.surveys[0].question).toBe("Qual a chance de recomendar o Ledgerly?");
    expect((await s.widgets({ userId: "ana", locale: "de" })).body.surveys[0].question).toBe("How likely are you to recommend Ledgerly?");
    expect(pt.theme).toEqual({ brand: "#0f766e", radius: 12 });
    expect((await (await s.admin("GET", "/v1/widgets/settings")).json()).surveyGapDays).toBe(30);
    expect((await s.admin("PUT", "/v1/widgets/settings", { theme: { brand: "url(x)" } })).status).toBe(400);
  });

  it("serves checklist progress from stored events: own items, account items, manual items, dismissal", async () => {
    const s = await setup();
    await s.admin("POST", "/v1/checklists", {
      id: "onboarding", title: "Get started",
      items: [
        { id: "report", title: "Build a report", completeOn: { event: "Feature Used", where: { feature: "reports" } } },
        { id: "invite", title: "Invite a teammate", completeOn: { event: "Feature Used", where: { feature: "invite" } }, scope: "account" },
        { id: "guide", title: "Read the guide", completeOn: "manual", href: "https://docs.example.com" },
      ],
    });
    await s.events(
      { type: "group", userId: "admin", groupId: "acme" },
      { type: "group", userId: "ana", groupId: "acme" },
      { userId: "admin", properties: { feature: "invite" } },
      { userId: "ana", properties: { feature: "reports" } },
    );
    const done = async (userId: string) =>
      Object.fromEntries((await s.widgets({ userId })).body.checklists[0].items.map((i: { id: string; done: boolean }) => [i.id, i.done]));
    expect(await done("ana")).toEqual({ report: true, invite: true, guide: false });
    expect(await done("admin")).toEqual({ report: false, invite: true, guide: false });
    await s.events(
      { userId: "ana", event: "Checklist Item Completed", properties: { checklist_id: "onboarding", item_id: "guide" } },
      { userId: "ana", event: "Checklist Dismissed", properties: { checklist_id: "onboarding" } },
    );
    const c = (await s.widgets({ userId: "ana" })).body.checklists[0];
    expect(c).toMatchObject({ dismissed: true, completed: false });
    expect(c.items.every((i: { done: boolean }) => i.done)).toBe(true);
  });
});

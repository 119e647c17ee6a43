import { describe, expect, it } from "vitest";
import { createApi } from "./api.ts";
import { tableApi } from "./testing.tsx";

const F = { from: "2026-11-01", to: "2026-11-23", interval: "week" as const, segment: "account.plan:pro" };

describe("api", () => {
  it("sends the secret key as a bearer token and the filters as the query", async () => {
    const { api, calls } = tableApi({ "/v1/trends/active-users": { body: { series: [] } } }, "sk_live");
    const r = await api.activeUsers(F);
    expect(r).toEqual({ ok: true, data: { series: [] } });
    expect(new Headers(calls[0].init?.headers).get("authorization")).toBe("Bearer sk_live");
    expect(Object.fromEntries(calls[0].url.searchParams)).toEqual({ from: "2026-11-01", to: "2026-11-23", interval: "week", segment: "account.plan:pro" });
  });

  it("says plainly when the collector has no such route yet", async () => {
    const { api } = tableApi({});
    expect(await api.funnel("onboarding", F)).toEqual({ ok: false, status: 404, message: "This route is not available on this collector yet." });
  });

  it("passes the collector's own error text through", async () => {
    const { api } = tableApi({ "/v1/accounts": { status: 400, body: { error: "segment: segment must be trait:value" } } });
    expect(await api.accounts(F)).toEqual({ ok: false, status: 400, message: "400: segment: segment must be trait:value" });
  });

  it("turns a network failure into an error result, not a throw", async () => {
    const api = createApi({ key: "k", fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    expect(await api.logins(F)).toEqual({ ok: false, status: 0, message: "The collector did not answer (Failed to fetch)" });
  });

  it("reports a non-JSON error page by its text", async () => {
    const api = createApi({ key: "k", fetch: async () => new Response("<h1>Bad gateway</h1>", { status: 502 }) });
    expect(await api.features(F)).toMatchObject({ ok: false, status: 502, message: "502: <h1>Bad gateway</h1>" });
  });

  it("unwraps the admin lists and posts new definitions, puts edited ones", async () => {
    const { api, calls } = tableApi({
      "/v1/surveys": (_u, init) => (init?.method === "POST" ? { status: 201, body: { id: "s1" } } : { body: { surveys: [{ id: "s1" }] } }),
      "/v1/surveys/s1": { body: { id: "s1" } },
    });
    expect(await api.surveys()).toEqual({ ok: true, data: [{ id: "s1" }] });
    const def = { id: "s1", kind: "nps" as const, question: "Q?", trigger: {}, audience: {} };
    expect((await api.saveSurvey(def, true)).ok).toBe(true);
    expect((await api.saveSurvey(def, false)).ok).toBe(true);
    expect(calls.slice(1).map((c) => [c.init?.method, c.url.pathname, JSON.parse(String(c.init?.body)).id])).toEqual([
      ["POST", "/v1/surveys", "s1"],
      ["PUT", "/v1/surveys/s1", "s1"],
    ]);
  });
});

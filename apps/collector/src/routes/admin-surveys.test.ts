import { describe, expect, it } from "vitest";
import { testCollector } from "../testing.ts";

const nps = { id: "nps-q4", kind: "nps", question: "How likely are you to recommend Ledgerly?", trigger: { event: "Feature Used" } };

async function admin() {
  const t = await testCollector();
  const call = (method: string, path: string, body?: unknown, key = "sk_test") =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { ...t, call };
}

describe("/v1/surveys admin routes", () => {
  it("creates a survey with its defaults filled, then lists and reads it", async () => {
    const { call } = await admin();
    const created = await call("POST", "/v1/surveys", nps);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: "nps-q4", recontactDays: 90, snoozeDays: 7, status: "active" });
    const list = await (await call("GET", "/v1/surveys")).json();
    expect(list.surveys.map((s: { id: string }) => s.id)).toEqual(["nps-q4"]);
    expect((await (await call("GET", "/v1/surveys/nps-q4")).json()).question).toBe(nps.question);
  });

  it("answers 400 naming the field of a bad definition, and stores nothing", async () => {
    const { call } = await admin();
    const res = await call("POST", "/v1/surveys", { ...nps, kind: "csat", scale: 9 });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain("scale");
    expect((await (await call("GET", "/v1/surveys")).json()).surveys).toEqual([]);
  });

  it("answers 409 for an id that exists and 404 for one that does not", async () => {
    const { call } = await admin();
    await call("POST", "/v1/surveys", nps);
    expect((await call("POST", "/v1/surveys", nps)).status).toBe(409);
    expect((await call("GET", "/v1/surveys/nope")).status).toBe(404);
    expect((await call("PATCH", "/v1/surveys/nope", { question: "x" })).status).toBe(404);
  });

  it("patches fields, replaces with PUT, and keeps the creation time", async () => {
    const { call } = await admin();
    const first = await (await call("POST", "/v1/surveys", nps)).json();
    const patched = await (await call("PATCH", "/v1/surveys/nps-q4", { recontactDays: 30, texts: { "pt-BR": { question: "Recomendaria?" } } })).json();
    expect(patched).toMatchObject({ recontactDays: 30, question: nps.question, createdAt: first.createdAt });
    const put = await call("PUT", "/v1/surveys/nps-q4", { kind: "csat", question: "How was it?", scale: 7 });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ kind: "csat", scale: 7, recontactDays: 90 });
    expect((await call("PUT", "/v1/surveys/new-one", { kind: "nps", question: "q" })).status).toBe(201);
    expect((await call("PUT", "/v1/surveys/new-one", { id: "other", kind: "nps", question: "q" })).status).toBe(400);
  });

  it("archives on DELETE, filters by status, and restores with PATCH", async () => {
    const { call } = await admin();
    await call("POST", "/v1/surveys", nps);
    await call("POST", "/v1/surveys", { ...nps, id: "csat", kind: "csat", question: "Happy?" });
    expect((await (await call("DELETE", "/v1/surveys/nps-q4")).json()).status).toBe("archived");
    const active = await (await call("GET", "/v1/surveys?status=active")).json();
    expect(active.surveys.map((s: { id: string }) => s.id)).toEqual(["csat"]);
    const archived = await (await call("GET", "/v1/surveys?status=archived")).json();
    expect(archived.surveys.map((s: { id: string }) => s.id)).toEqual(["nps-q4"]);
    expect((await (await call("PATCH", "/v1/surveys/nps-q4", { status: "active" })).json()).status).toBe("active");
  });

  it("answers 401 without the secret key, or with the write key", async () => {
    const { call } = await admin();
    expect((await call("GET", "/v1/surveys", undefined, "")).status).toBe(401);
    expect((await call("POST", "/v1/surveys", nps, "wk_test")).status).toBe(401);
  });
});

describe("/v1/checklists admin routes", () => {
  it("creates, lists and archives a checklist, refusing a javascript: link", async () => {
    const { call } = await admin();
    const bad = await call("POST", "/v1/checklists", {
      id: "onboarding", title: "Get started", items: [{ id: "a", title: "A", completeOn: "manual", href: "javascript:alert(1)" }],
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("items.0.href");
    const ok = await call("POST", "/v1/checklists", {
      id: "onboarding", title: "Get started",
      items: [{ id: "invite", title: "Invite a teammate", completeOn: { event: "Feature Used", where: { feature: "invite" } }, scope: "account" }],
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).items[0].scope).toBe("account");
    expect((await (await call("GET", "/v1/checklists")).json()).checklists).toHaveLength(1);
    expect((await (await call("DELETE", "/v1/checklists/onboarding")).json()).status).toBe("archived");
  });
});

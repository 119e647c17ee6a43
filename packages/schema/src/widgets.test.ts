import { describe, expect, it } from "vitest";
import { ZChecklistInput, ZSurveyInput, ZWidgetSettings, ZWidgetsQuery, fieldErrors } from "./index.ts";

const paths = (r: { success: boolean; error?: import("zod").ZodError }) => (r.error ? fieldErrors(r.error).map((e) => e.path) : []);

describe("survey definitions", () => {
  it("fills the documented defaults: 90 recontact days, 7 snooze days, empty trigger and audience", () => {
    const s = ZSurveyInput.parse({ id: "nps-q4", kind: "nps", question: "How likely are you to recommend Acme?" });
    expect(s).toMatchObject({ recontactDays: 90, snoozeDays: 7, trigger: {}, audience: {} });
    expect(s.maxDisplays).toBeUndefined();
  });

  it("takes an NPS follow-up per score band and texts per locale", () => {
    const s = ZSurveyInput.parse({
      id: "nps", kind: "nps", question: "Recommend?",
      followUp: { detractor: "What went wrong?", promoter: "What do you love?" },
      texts: { "pt-BR": { question: "Recomendaria?" } },
    });
    expect(s.texts?.["pt-BR"]?.question).toBe("Recomendaria?");
  });

  it("refuses a scale on NPS, an unknown kind, a sample over 1, and unknown fields, naming each", () => {
    expect(paths(ZSurveyInput.safeParse({ id: "a", kind: "nps", question: "q", scale: 7 }))).toContain("scale");
    expect(paths(ZSurveyInput.safeParse({ id: "a", kind: "ces", question: "q" }))).toContain("kind");
    expect(paths(ZSurveyInput.safeParse({ id: "a", kind: "csat", question: "q", audience: { sample: 2 } }))).toContain("audience.sample");
    expect(ZSurveyInput.safeParse({ id: "a", kind: "csat", question: "q", colour: "red" }).success).toBe(false);
  });

  it("refuses ids that are not URL-safe and a where without an event", () => {
    expect(ZSurveyInput.safeParse({ id: "../x", kind: "nps", question: "q" }).success).toBe(false);
    expect(paths(ZSurveyInput.safeParse({ id: "a", kind: "nps", question: "q", trigger: { where: { a: 1 } } }))).toContain("trigger.where");
  });
});

describe("checklist definitions", () => {
  const base = { id: "onboarding", title: "Get started" };
  it("defaults item scope to the user and keeps account scope when asked", () => {
    const c = ZChecklistInput.parse({
      ...base,
      items: [
        { id: "report", title: "Build a report", completeOn: { event: "Feature Used", where: { feature: "reports" } } },
        { id: "invite", title: "Invite a teammate", completeOn: { event: "Feature Used" }, scope: "account" },
        { id: "read", title: "Read the guide", completeOn: "manual", href: "/docs" },
      ],
    });
    expect(c.items.map((i) => i.scope)).toEqual(["user", "account", "user"]);
  });

  it("refuses javascript: links and duplicate item ids", () => {
    const item = { id: "x", title: "X", completeOn: "manual" };
    expect(ZChecklistInput.safeParse({ ...base, items: [{ ...item, href: "javascript:alert(1)" }] }).success).toBe(false);
    expect(ZChecklistInput.safeParse({ ...base, items: [{ ...item, href: "//evil.example" }] }).success).toBe(false);
    expect(paths(ZChecklistInput.safeParse({ ...base, items: [item, item] }))).toContain("items");
  });
});

describe("widget settings and query", () => {
  it("defaults to bottom-right and a 30-day gap between surveys, and refuses CSS that is not a colour", () => {
    expect(ZWidgetSettings.parse({})).toEqual({ theme: {}, placement: "bottom-right", surveyGapDays: 30 });
    expect(ZWidgetSettings.safeParse({ theme: { brand: "red;background:url(x)" } }).success).toBe(false);
  });

  it("needs a user or an anonymous id", () => {
    expect(ZWidgetsQuery.safeParse({ writeKey: "wk" }).success).toBe(false);
    expect(ZWidgetsQuery.safeParse({ writeKey: "wk", anonymousId: "a" }).success).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { match } from "./router.ts";

describe("router", () => {
  it.each([
    ["/", "overview", {}],
    ["/features", "features", {}],
    ["/features/", "features", {}],
    ["/accounts", "accounts", {}],
    ["/accounts/acct_00012", "account", { id: "acct_00012" }],
    ["/accounts/a%20b", "account", { id: "a b" }],
    ["/surveys/new", "survey-new", {}],
    ["/surveys/nps-q", "survey", { id: "nps-q" }],
    ["/surveys/nps-q/edit", "survey-edit", { id: "nps-q" }],
    ["/checklists/new", "checklist-new", {}],
    ["/checklists/onboarding", "checklist", { id: "onboarding" }],
    ["/checklists/onboarding/edit", "checklist-edit", { id: "onboarding" }],
    ["/nowhere", "not-found", {}],
    ["/accounts/a/b", "not-found", {}],
  ])("%s → %s", (path, name, params) => {
    expect(match(path, "?x=1")).toEqual({ name, params, search: "?x=1" });
  });
});

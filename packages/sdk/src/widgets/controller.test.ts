import { afterEach, describe, expect, it } from "vitest";
import { act } from "preact/test-utils";
import { answerOf, cleanup, csat, nps, shadow, startWidgets } from "./testkit";

afterEach(cleanup);

describe("targeting in the page", () => {
  it("does not show a survey whose trigger fired on a page the user has since left", () => {
    const { controller } = startWidgets(answerOf({ surveys: [nps()] }));
    const firedAt = location.href;
    history.pushState(null, "", "/settings");
    act(() => controller.event("Feature Used", { feature: "export" }, firedAt));
    expect(shadow("survey")).toBeNull();
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    expect(shadow("survey")).not.toBeNull();
  });

  it("shows a URL-triggered survey on navigation to a matching page only", () => {
    const { controller } = startWidgets(answerOf({ surveys: [csat({ trigger: { urlContains: "/reports" } })] }));
    expect(shadow("survey")).toBeNull();
    history.pushState(null, "", "/reports/monthly");
    act(() => controller.event(null, {}, location.href));
    expect(shadow("survey")).not.toBeNull();
  });

  it("shows one survey at a time, and each at most once per page", () => {
    const both = answerOf({ surveys: [nps(), csat({ trigger: { event: "Feature Used" } })] });
    const { controller, events } = startWidgets(both);
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    expect(document.querySelectorAll("[data-uptake-widget=survey]")).toHaveLength(1);
    expect(events()).toEqual(["Survey Shown"]);
    act(() => (shadow("survey")?.querySelector(".x") as HTMLElement).click());
    act(() => controller.update(both));
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    expect(shadow("survey")?.querySelector("h2")?.textContent).toBe("How satisfied are you with exports?");
    expect(events()).toEqual(["Survey Shown", "Survey Dismissed", "Survey Shown"]);
  });

  it("opens a survey asked for by showSurvey(id), outside its trigger", async () => {
    const forced = answerOf({ surveys: [nps({ forced: true, trigger: {} })] });
    const { controller, rec } = startWidgets(answerOf(), { next: forced });
    await act(() => controller.showSurvey("nps"));
    expect(rec.loads).toEqual([{ survey: "nps" }]);
    expect(shadow("survey")?.querySelector("h2")?.textContent).toContain("recommend");
  });
});

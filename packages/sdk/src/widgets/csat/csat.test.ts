import { afterEach, describe, expect, it } from "vitest";
import { answerOf, button, cleanup, click, csat, press, shadow, startWidgets } from "../testkit";

afterEach(cleanup);
const labels = () => [...(shadow("survey")?.querySelectorAll("[role=radio]") ?? [])].map((r) => r.getAttribute("aria-label"));

describe("CSAT widget", () => {
  it("shows at once when it has no trigger, as five labelled stars, and records the rating", () => {
    const { rec } = startWidgets(answerOf({ surveys: [csat()] }));
    expect(labels()).toEqual(["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]);
    expect(shadow("survey")?.querySelectorAll("svg path").length).toBeGreaterThanOrEqual(5);
    click(button(shadow("survey"), "4 stars"));
    expect(shadow("survey")?.querySelector("h2")?.textContent).toBe("Anything else you would like to tell us?");
    click(button(shadow("survey"), "Skip"));
    expect(rec.tracked.at(-1)).toEqual(["Survey Responded", { survey_id: "csat", kind: "csat", score: 4 }]);
  });

  it("names its faces, worst to best, and answers by keyboard with End then Space", () => {
    const { rec } = startWidgets(answerOf({ surveys: [csat({ display: "faces", followUp: "Why?" })] }));
    expect(labels()).toEqual(["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]);
    const root = shadow("survey");
    press(root?.activeElement ?? null, "End");
    press(root?.activeElement ?? null, "ArrowLeft");
    expect(root?.activeElement?.getAttribute("aria-label")).toBe("Satisfied");
    press(root?.activeElement ?? null, " ");
    expect(root?.querySelector("h2")?.textContent).toBe("Why?");
    press(root?.querySelector("textarea") ?? null, "Escape");
    expect(shadow("survey")).toBeNull();
    expect(rec.tracked.at(-1)).toEqual(["Survey Responded", { survey_id: "csat", kind: "csat", score: 4 }]);
  });

  it("shows 1-7 as numbers", () => {
    startWidgets(answerOf({ surveys: [csat({ scale: 7, display: "numbers" })] }));
    expect([...(shadow("survey")?.querySelectorAll("[role=radio]") ?? [])].map((r) => r.textContent)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(labels()[6]).toBe("7 out of 7");
  });

  it("is a modal dialog when centred, keeping Tab inside", () => {
    startWidgets(answerOf({ surveys: [csat({ placement: "center" })] }));
    const root = shadow("survey");
    expect(root?.querySelector("[role=dialog]")?.getAttribute("aria-modal")).toBe("true");
    (button(root, "Ask me later") as HTMLElement).focus();
    press(root?.activeElement ?? null, "Tab");
    expect(root?.activeElement?.getAttribute("aria-label")).toBe("Close");
  });
});

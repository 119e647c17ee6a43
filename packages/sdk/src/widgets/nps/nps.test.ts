import { afterEach, describe, expect, it } from "vitest";
import { act } from "preact/test-utils";
import { answerOf, button, cleanup, click, nps, press, shadow, startWidgets } from "../testkit";

afterEach(cleanup);
const exportUsed = (c: ReturnType<typeof startWidgets>["controller"]) =>
  act(() => c.event("Feature Used", { feature: "export" }, location.href));

describe("NPS widget", () => {
  it("appears on its trigger event only, with the question, 0-10 and focus on the scale", () => {
    const { controller, rec } = startWidgets(answerOf({ surveys: [nps()] }));
    act(() => controller.event("Feature Used", { feature: "reports" }, location.href));
    expect(shadow("survey")).toBeNull();
    exportUsed(controller);
    const root = shadow("survey");
    expect(root?.querySelector("[role=dialog] h2")?.textContent).toBe("How likely are you to recommend Ledgerly to a friend?");
    const radios = [...(root?.querySelectorAll("[role=radio]") ?? [])].map((r) => r.textContent);
    expect(radios).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(root?.activeElement?.getAttribute("aria-label")).toBe("0 out of 10");
    expect(rec.tracked).toEqual([["Survey Shown", { survey_id: "nps", kind: "nps" }]]);
    expect(rec.emitted).toEqual([["survey:shown", { surveyId: "nps", kind: "nps" }]]);
  });

  it("is answered by keyboard: arrows choose, Enter gives the score, the follow-up fits the band, Send records both", () => {
    const { controller, rec } = startWidgets(answerOf({ surveys: [nps()] }));
    exportUsed(controller);
    const root = shadow("survey");
    for (let i = 0; i < 9; i++) press(root?.activeElement ?? null, "ArrowRight");
    expect(root?.activeElement?.getAttribute("aria-label")).toBe("9 out of 10");
    expect(root?.querySelector("[aria-checked=true]")?.textContent).toBe("9");
    press(root?.activeElement ?? null, "Enter");
    expect(root?.querySelector("h2")?.textContent).toBe("Great to hear! What do you like most?");
    const box = root?.querySelector("textarea") as HTMLTextAreaElement;
    expect(root?.activeElement).toBe(box);
    act(() => {
      box.value = "  The CSV export  ";
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
    click(button(root, "Send"));
    expect(rec.tracked.at(-1)).toEqual(["Survey Responded", { survey_id: "nps", kind: "nps", score: 9, comment: "The CSV export" }]);
    expect(rec.emitted.at(-1)).toEqual(["survey:answered", { surveyId: "nps", kind: "nps", score: 9, comment: "The CSV export" }]);
    expect(root?.querySelector("[role=status]")?.textContent).toBe("Thank you for your feedback!");
  });

  it("asks detractors and passives their own vendor follow-up, and sends the score alone on Skip", () => {
    const followUp = { detractor: "What went wrong?", passive: "What is missing?" };
    for (const [score, question] of [[3, "What went wrong?"], [7, "What is missing?"]] as const) {
      const { controller, rec } = startWidgets(answerOf({ surveys: [nps({ followUp })] }));
      exportUsed(controller);
      const root = shadow("survey");
      click(button(root, `${score} out of 10`));
      expect(root?.querySelector("h2")?.textContent).toBe(question);
      click(button(root, "Skip"));
      expect(rec.tracked.at(-1)).toEqual(["Survey Responded", { survey_id: "nps", kind: "nps", score }]);
      cleanup();
    }
  });

  it("closes on Escape as a dismissal, and on 'Ask me later' as a snooze, giving focus back", () => {
    const outside = document.body.appendChild(document.createElement("button"));
    outside.focus();
    const first = startWidgets(answerOf({ surveys: [nps()] }));
    exportUsed(first.controller);
    press(shadow("survey")?.activeElement ?? null, "Escape");
    expect(shadow("survey")).toBeNull();
    expect(document.activeElement).toBe(outside);
    expect(first.rec.tracked.at(-1)).toEqual(["Survey Dismissed", { survey_id: "nps", kind: "nps" }]);
    expect(first.rec.emitted.at(-1)).toEqual(["survey:dismissed", { surveyId: "nps", kind: "nps" }]);

    const second = startWidgets(answerOf({ surveys: [nps()] }));
    exportUsed(second.controller);
    click(button(shadow("survey"), "Ask me later"));
    expect(second.rec.tracked.at(-1)).toEqual(["Survey Dismissed", { survey_id: "nps", kind: "nps", snooze: true }]);
    outside.remove();
  });

  it("uses Portuguese for its own words when the locale is pt-BR", () => {
    const { controller } = startWidgets(answerOf({ surveys: [nps({ question: "Qual a chance de recomendar?" })] }), { locale: "pt-BR" });
    exportUsed(controller);
    const root = shadow("survey");
    expect(button(root, "Lembrar mais tarde")).not.toBeNull();
    expect(root?.querySelector(".ends")?.textContent).toContain("Nada provável");
    expect(root?.querySelector(".uw")?.getAttribute("lang")).toBe("pt-BR");
    click(button(root, "2 de 10"));
    expect(root?.querySelector("h2")?.textContent).toBe("Sentimos muito. O que poderíamos fazer melhor?");
  });

  it("renders survey text as text: markup in a question is shown, never parsed", () => {
    const evil = `<img src=x onerror="window.__pwned=1">Rate us`;
    const { controller } = startWidgets(answerOf({ surveys: [nps({ question: evil, lowLabel: "<b>low</b>" })] }));
    exportUsed(controller);
    const root = shadow("survey");
    expect(root?.querySelector("h2")?.textContent).toBe(evil);
    expect(root?.querySelector("img, b")).toBeNull();
  });
});

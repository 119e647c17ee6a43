import { afterEach, describe, expect, it } from "vitest";
import type { Survey } from "../api.ts";
import { click, mount, type } from "../testing.tsx";
import { SurveyForm } from "./SurveyEdit.tsx";
import { blankSurvey, surveyErrors, surveyInput } from "./surveys-model.ts";
import { previewPayload } from "../widget-preview.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("survey editor", () => {
  it("refuses to save without an id, points at the field, and says why", async () => {
    const saved: Survey[] = [];
    const { root, unmount } = await mount(<SurveyForm initial={blankSurvey("nps")} isNew onSave={async (s) => (saved.push(s), "")} />);
    cleanup = unmount;
    await click(root.querySelector('button[type="submit"]'));
    expect(saved).toEqual([]);
    expect(root.querySelector("#survey-id")?.getAttribute("aria-invalid")).toBe("true");
    expect(root.querySelector("#survey-id-error")?.textContent).toContain("letters, digits");
    expect(document.activeElement?.id).toBe("survey-id");
  });

  it("saves what was typed, a translation included", async () => {
    const saved: Survey[] = [];
    const { root, unmount } = await mount(<SurveyForm initial={blankSurvey("nps")} isNew onSave={async (s) => (saved.push(surveyInput(s)), "")} />);
    cleanup = unmount;
    await type(root.querySelector("#survey-id"), "nps-launch");
    await type(root.querySelector("#survey-question"), "Would you recommend Ledgerly?");
    await type(root.querySelector('input[aria-label^="New locale"]'), "pt-BR");
    await click([...root.querySelectorAll("button")].find((b) => b.textContent === "Add locale") ?? null);
    await type(root.querySelector("#survey-pt-BR-question"), "Você recomendaria o Ledgerly?");
    await type(root.querySelector("#survey-plan"), "pro");
    await type(root.querySelector("#survey-sample"), "25");
    await click(root.querySelector('button[type="submit"]'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      id: "nps-launch",
      kind: "nps",
      question: "Would you recommend Ledgerly?",
      texts: { "pt-BR": { question: "Você recomendaria o Ledgerly?" } },
      audience: { sample: 0.25, accountTraits: { plan: "pro" } },
      recontactDays: 90,
    });
    expect(saved[0]).not.toHaveProperty("scale");
  });

  it("shows the collector's refusal instead of pretending it saved", async () => {
    const { root, unmount } = await mount(<SurveyForm initial={{ ...blankSurvey("csat"), id: "c1" }} isNew onSave={async () => "409: a survey with id \"c1\" exists"} />);
    cleanup = unmount;
    await click(root.querySelector('button[type="submit"]'));
    expect(root.querySelector('.form-actions [role="alert"]')?.textContent).toBe('Not saved: 409: a survey with id "c1" exists');
  });
});

describe("survey rules", () => {
  it("match the collector's: id shape, question, sample range, locales", () => {
    const ok = { ...blankSurvey("csat"), id: "csat-1" };
    expect(surveyErrors(ok)).toEqual({});
    expect(Object.keys(surveyErrors({ ...ok, id: "-x", question: " ", audience: { sample: 1.5 }, texts: { English: {} } })).sort()).toEqual(["id", "question", "sample", "texts"]);
  });

  it("send no server-owned fields, no empty texts, and no CSAT-only fields on NPS", () => {
    const out = surveyInput({ ...blankSurvey("nps"), id: "n", scale: 7, thankYou: "", status: "active", createdAt: "x", updatedAt: "y", texts: { fr: { question: "Q ?", followUp: " " } } });
    expect(out).not.toHaveProperty("status");
    expect(out).not.toHaveProperty("createdAt");
    expect(out).not.toHaveProperty("thankYou");
    expect(out).not.toHaveProperty("scale");
    expect(out.texts).toEqual({ fr: { question: "Q ?" } });
  });
});

describe("live preview payload", () => {
  it("is what /v1/widgets sends for a forced survey: texts of the edited locale over the defaults, the widget's scale", () => {
    const s = { ...blankSurvey("nps"), id: "n1", lowLabel: "Nope", texts: { "pt-BR": { question: "Recomendaria?", followUp: " " } } };
    expect(previewPayload(s, "pt-BR", "bottom-left")).toEqual({
      id: "n1", kind: "nps", question: "Recomendaria?", followUp: "What is the main reason for your score?", lowLabel: "Nope",
      highLabel: undefined, thankYou: undefined, scale: 11, display: "numbers", trigger: {}, placement: "bottom-left", snoozeDays: 7, forced: true,
    });
    expect(previewPayload({ ...blankSurvey("csat"), display: "faces" }, "", "center")).toMatchObject({ id: "preview", scale: 5, display: "faces", question: "How satisfied are you with this feature?" });
    expect(previewPayload({ ...blankSurvey("csat"), scale: 7, display: "faces" }, "", "center")).toMatchObject({ scale: 7, display: "numbers" });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { act } from "preact/test-utils";
import type { TWidgetsAnswer } from "@uptake/schema";
import { setup } from "../testkit";
import { start } from "../widgets/controller";
import { answerOf, checklist, cleanup, click, nps, shadow } from "../widgets/testkit";
import { WIDGETS_GLOBAL } from "../widgets/types";

afterEach(() => {
  cleanup();
  delete (window as unknown as Record<string, unknown>)[WIDGETS_GLOBAL];
});

/** A client whose /v1/widgets answers `answer`, and whose widgets.js is the real chunk's code. */
function withWidgets(answer: TWidgetsAnswer, options = {}) {
  const gets: string[] = [];
  const scripts: { src: string; nonce?: string }[] = [];
  const t = setup(options, {
    // The page the widgets compare against is the real one.
    page: () => ({ url: location.href, path: location.pathname, referrer: "", title: "" }),
    getJson: async (url) => (gets.push(url), answer),
    loadScript: async (src, nonce) => {
      scripts.push({ src, nonce });
      (window as unknown as Record<string, unknown>)[WIDGETS_GLOBAL] = { start };
    },
  });
  return { ...t, gets, scripts };
}

const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

describe("the core's widget loader", () => {
  it("asks /v1/widgets once at init, and loads no chunk while nothing is due", async () => {
    const { gets, scripts } = withWidgets(answerOf({ surveys: [nps()] }), { nonce: "abc" });
    await settle();
    expect(gets).toHaveLength(1);
    const url = new URL(gets[0]);
    expect(url.origin + url.pathname).toBe("https://c.example.com/v1/widgets");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ writeKey: "wk_test", locale: "pt-BR" });
    expect(url.searchParams.get("anonymousId")).toBeTruthy();
    expect(scripts).toEqual([]);
  });

  it("loads widgets.js with the nonce on the trigger event, shows the survey, and queues the answer like any event", async () => {
    const { uptake, gets, scripts, collector } = withWidgets(answerOf({ surveys: [nps()] }), { nonce: "abc" });
    await settle();
    uptake.feature("export");
    await settle();
    expect(scripts).toEqual([{ src: "https://c.example.com/widgets.js", nonce: "abc" }]);
    expect(gets).toHaveLength(1);
    click(shadow("survey")?.querySelector("[aria-label='10 de 10']"));
    click([...(shadow("survey")?.querySelectorAll("button") ?? [])].find((b) => b.textContent === "Pular"));
    await uptake.flush();
    const responded = collector.messages().find((m) => m.event === "Survey Responded");
    expect(responded?.properties).toEqual({ survey_id: "nps", kind: "nps", score: 10 });
    expect(collector.events()).toEqual(expect.arrayContaining(["Feature Used", "Survey Shown", "Survey Responded"]));
  });

  it("tells on() listeners what the user did", async () => {
    const { uptake } = withWidgets(answerOf({ surveys: [nps()] }));
    const seen: string[] = [];
    uptake.on("survey:shown", (p) => seen.push(`shown ${p.surveyId}`));
    uptake.on("survey:dismissed", (p) => seen.push(`dismissed ${p.surveyId}`));
    await settle();
    uptake.feature("export");
    await settle();
    click(shadow("survey")?.querySelector(".x"));
    expect(seen).toEqual(["shown nps", "dismissed nps"]);
  });

  it("loads the chunk at once for a checklist to show, and asks again after identify", async () => {
    const { uptake, gets, scripts } = withWidgets(answerOf({ checklists: [checklist()] }));
    await settle();
    expect(scripts).toHaveLength(1);
    expect(shadow("checklist")?.querySelector(".launcher")?.textContent).toContain("1 de 3");
    uptake.identify("ana");
    await uptake.flush();
    await settle();
    expect(gets).toHaveLength(2);
    expect(new URL(gets[1]).searchParams.get("userId")).toBe("ana");
    expect(scripts).toHaveLength(1);
  });

  it("asks for a survey by id on showSurvey, outside targeting", async () => {
    const { uptake, gets } = withWidgets(answerOf({ surveys: [nps({ forced: true, trigger: {} })] }));
    await settle();
    uptake.showSurvey("nps");
    await settle();
    await settle();
    expect(new URL(gets.at(-1) as string).searchParams.get("survey")).toBe("nps");
    expect(shadow("survey")).not.toBeNull();
  });

  it("stays out of the page when the collector has no widgets or cannot be reached", async () => {
    const t = setup({}, { getJson: async () => ({ error: "nope" }), loadScript: async () => { throw new Error("never"); } });
    await settle();
    t.uptake.feature("export");
    t.uptake.showChecklist();
    await settle();
    expect(shadow("survey")).toBeNull();
    expect(t.warn).not.toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining("surveys") }));
  });
});

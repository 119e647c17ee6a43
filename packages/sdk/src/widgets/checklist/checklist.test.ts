import { afterEach, describe, expect, it } from "vitest";
import { act } from "preact/test-utils";
import { answerOf, button, checklist, cleanup, click, press, shadow, startWidgets } from "../testkit";

afterEach(cleanup);
const launcher = () => shadow("checklist")?.querySelector<HTMLButtonElement>(".launcher") ?? null;
const ticked = () => [...(shadow("checklist")?.querySelectorAll("li.on") ?? [])].map((li) => li.querySelector(".t, a")?.textContent);

describe("checklist widget", () => {
  it("shows a launcher with its progress, opening and closing the panel", () => {
    startWidgets(answerOf({ checklists: [checklist()] }));
    expect(launcher()?.textContent).toBe("Get started·1 of 3");
    expect(launcher()?.getAttribute("aria-expanded")).toBe("false");
    click(launcher());
    const panel = shadow("checklist")?.querySelector("section");
    expect(panel?.querySelector("h2")?.textContent).toBe("Get started");
    expect(panel?.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow")).toBe("1");
    expect(ticked()).toEqual(["Build a report"]);
    expect(panel?.querySelector("a")?.getAttribute("href")).toBe("https://docs.example.com/start");
    press(panel?.querySelector("h2") ?? null, "Escape");
    expect(shadow("checklist")?.querySelector("section")).toBeNull();
    expect(shadow("checklist")?.activeElement).toBe(launcher());
  });

  it("ticks an item when its event is tracked in the page, and reports it", () => {
    const { controller, rec } = startWidgets(answerOf({ checklists: [checklist()] }));
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    expect(launcher()?.textContent).toContain("2 of 3");
    expect(rec.tracked).toEqual([["Checklist Item Completed", { checklist_id: "onboarding", item_id: "export" }]]);
    expect(rec.emitted).toEqual([["checklist:item", { checklistId: "onboarding", itemId: "export" }]]);
  });

  it("ticks a manual item, then celebrates completion once", () => {
    const { controller, rec } = startWidgets(answerOf({ checklists: [checklist()] }));
    act(() => controller.event("Feature Used", { feature: "export" }, location.href));
    click(launcher());
    click(button(shadow("checklist"), "Mark as done: Read the guide"));
    expect(rec.tracked.slice(-2)).toEqual([
      ["Checklist Item Completed", { checklist_id: "onboarding", item_id: "guide", manual: true }],
      ["Checklist Completed", { checklist_id: "onboarding" }],
    ]);
    expect(rec.emitted.at(-1)).toEqual(["checklist:completed", { checklistId: "onboarding" }]);
    expect(shadow("checklist")?.querySelector(".party")?.textContent).toContain("You are all set!");
    expect(launcher()?.textContent).toContain("3 of 3");
  });

  it("takes progress made elsewhere from a fresh answer", () => {
    const { controller } = startWidgets(answerOf({ checklists: [checklist()] }));
    const elsewhere = checklist();
    elsewhere.items[1] = { ...elsewhere.items[1], done: true };
    act(() => controller.update(answerOf({ checklists: [elsewhere] })));
    expect(launcher()?.textContent).toContain("2 of 3");
  });

  it("hides on request and stays hidden, until showChecklist() reopens it", async () => {
    const { controller, rec } = startWidgets(answerOf({ checklists: [checklist()] }), {
      next: answerOf({ checklists: [checklist({ dismissed: true })] }),
    });
    click(launcher());
    click(button(shadow("checklist"), "Hide checklist"));
    expect(shadow("checklist")).toBeNull();
    expect(rec.tracked.at(-1)).toEqual(["Checklist Dismissed", { checklist_id: "onboarding" }]);
    act(() => controller.update(answerOf({ checklists: [checklist({ dismissed: true })] })));
    expect(shadow("checklist")).toBeNull();
    await act(() => controller.showChecklist());
    expect(rec.tracked.at(-1)).toEqual(["Checklist Reopened", { checklist_id: "onboarding" }]);
    expect(shadow("checklist")?.querySelector("section h2")?.textContent).toBe("Get started");
    expect(shadow("checklist")?.activeElement?.tagName).toBe("H2");
  });

  it("speaks Portuguese: progress, buttons and the manual-item box", () => {
    startWidgets(answerOf({ checklists: [checklist({ title: "Primeiros passos" })] }), { locale: "pt-BR" });
    expect(launcher()?.textContent).toBe("Primeiros passos·1 de 3");
    click(launcher());
    expect(button(shadow("checklist"), "Ocultar lista")).not.toBeNull();
    expect(button(shadow("checklist"), "Marcar como feito: Read the guide")).not.toBeNull();
  });

  it("never links to javascript: even if the answer carries one", () => {
    const list = checklist();
    list.items[2] = { ...list.items[2], href: "javascript:alert(1)" };
    startWidgets(answerOf({ checklists: [list] }));
    click(launcher());
    expect(shadow("checklist")?.querySelector("a")).toBeNull();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { Checklist } from "../api.ts";
import { click, mount, type } from "../testing.tsx";
import { ChecklistForm } from "./ChecklistEdit.tsx";
import { blankChecklist, checklistErrors, funnelSteps } from "./checklists-model.ts";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("checklist editor", () => {
  it("adds, reorders and saves items, each ticked by an event or by hand", async () => {
    const saved: Checklist[] = [];
    const { root, unmount } = await mount(<ChecklistForm initial={blankChecklist()} isNew onSave={async (c) => (saved.push(c), "")} />);
    cleanup = unmount;
    await type(root.querySelector("#checklist-id"), "onboarding");
    await type(root.querySelector("#checklist-item-0-event"), "Data Connected");
    await click([...root.querySelectorAll("button")].find((b) => b.textContent === "Add item") ?? null);
    await type(root.querySelector("#checklist-item-1-title"), "Invite your team");
    await type(root.querySelector("#checklist-item-1-how"), "manual", "change");
    expect(root.querySelector("#checklist-item-1-event")).toBeNull();
    await click(root.querySelector('[aria-label="Move item 2 up"]'));
    await click(root.querySelector('button[type="submit"]'));
    expect(saved[0].items.map((i) => [i.id, i.title, i.completeOn])).toEqual([
      ["step-2", "Invite your team", "manual"],
      ["first-step", "Do the first thing", { event: "Data Connected" }],
    ]);
  });

  it("will not save an item nobody can tick", async () => {
    const saved: Checklist[] = [];
    const { root, unmount } = await mount(<ChecklistForm initial={{ ...blankChecklist(), id: "x" }} isNew onSave={async (c) => (saved.push(c), "")} />);
    cleanup = unmount;
    await click(root.querySelector('button[type="submit"]'));
    expect(saved).toEqual([]);
    expect(root.querySelector("#checklist-item-0-event-error")?.textContent).toContain("Name the event");
  });
});

describe("checklist rules and funnel", () => {
  it("finds duplicate item ids", () => {
    const c = { ...blankChecklist(), id: "c", items: [{ id: "a", title: "A", completeOn: "manual" as const }, { id: "a", title: "B", completeOn: "manual" as const }] };
    expect(checklistErrors(c)).toEqual({ "item-1-id": "Each item needs its own id." });
  });

  it("orders the funnel as the checklist does, with each item's share of starters", () => {
    const steps = funnelSteps(
      { items: [{ id: "one", title: "One", completeOn: "manual" }, { id: "two", title: "Two", completeOn: "manual" }] },
      { started: 10, completed: 2, medianHoursToComplete: 5, items: [{ id: "two", completed: 3 }, { id: "one", completed: 8 }, { id: "old", completed: 1 }] },
    );
    expect(steps.map((s) => [s.id, s.completed, s.share])).toEqual([["one", 8, 0.8], ["two", 3, 0.3], ["old", 1, 0.1]]);
  });
});

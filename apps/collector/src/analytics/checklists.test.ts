import { describe, expect, it } from "vitest";
import type { ChecklistEvent } from "../store/analytics-types.ts";
import { checklistFunnel } from "./checklists.ts";

const H = 3_600_000;
const e = (actor: string, itemId: string | null, hours: number): ChecklistEvent => ({
  actor, accountId: "a1", checklistId: "onboarding", itemId, timestamp: hours * H, firstSeen: 0,
});

describe("checklist funnel", () => {
  it("counts each person's first completion, in whatever order the store hands the events over", () => {
    const events = [e("u1", "invite", 30), e("u1", null, 50), e("u2", "invite", 2), e("u1", "invite", 10), e("u1", null, 20), e("u3", "import", 5)];
    const want = {
      started: 3, completed: 1, completionRate: 33.3, medianHoursToComplete: 20, p90HoursToComplete: 20,
      items: [{ id: "invite", completed: 2, medianDaysToComplete: 0.25 }, { id: "import", completed: 1, medianDaysToComplete: 0.21 }],
    };
    expect(checklistFunnel(events)).toEqual(want);
    expect(checklistFunnel([...events].reverse())).toEqual(want);
  });
});

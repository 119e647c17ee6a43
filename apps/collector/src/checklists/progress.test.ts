import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ZChecklistInput } from "@uptake/schema";
import { ev } from "../store/contract.ts";
import { createSqliteStore } from "../store/sqlite/index.ts";
import { checklistMatchers, checklistProgress } from "./progress.ts";

const def = ZChecklistInput.parse({
  id: "onboarding",
  title: "Get started",
  items: [
    { id: "report", title: "Build a report", completeOn: { event: "Feature Used", where: { feature: "reports" } } },
    { id: "invite", title: "Invite a teammate", completeOn: { event: "Feature Used", where: { feature: "invite" } }, scope: "account" },
    { id: "guide", title: "Read the guide", completeOn: "manual", href: "/docs" },
  ],
});

async function progressOf(events: ReturnType<typeof ev>[], actor: string, accountId: string | null) {
  const store = createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), "uptake-checklist-")), "s.sqlite") });
  await store.append("p", events);
  const matches = await store.eventMatches("p", { actor, accountId, matchers: checklistMatchers(def) });
  await store.close();
  return checklistProgress(def, matches);
}

const group = (userId: string) => ev({ type: "group", event: null, userId, accountId: "acme" });
const used = (userId: string, feature: string, timestamp?: number) =>
  ev({ userId, event: "Feature Used", properties: { feature }, ...(timestamp ? { timestamp } : {}) });
const own = (userId: string, event: string, props: Record<string, unknown> = {}, timestamp?: number) =>
  ev({ userId, event, properties: { checklist_id: "onboarding", ...props }, ...(timestamp ? { timestamp } : {}) });

describe("checklist progress from stored events", () => {
  it("ticks an item the user did, and not one only a teammate did when it is user-scoped", async () => {
    const p = await progressOf([group("ana"), group("bob"), used("ana", "reports"), used("bob", "export")], "ana", "acme");
    expect(p.done).toEqual({ report: true, invite: false, guide: false });
  });

  it("ticks an account-scoped item for everyone in the account when the admin did it", async () => {
    const p = await progressOf([group("admin"), group("ana"), used("admin", "invite")], "ana", "acme");
    expect(p.done.invite).toBe(true);
    const outsider = await progressOf([group("admin"), used("admin", "invite")], "zed", null);
    expect(outsider.done.invite).toBe(false);
  });

  it("ticks a manual item from the user's own Checklist Item Completed", async () => {
    const p = await progressOf([own("ana", "Checklist Item Completed", { item_id: "guide" })], "ana", null);
    expect(p.done.guide).toBe(true);
  });

  it("is dismissed until reopened, and completed only once celebrated", async () => {
    const t = Date.parse("2026-11-02T12:00:00Z");
    const closed = await progressOf([own("ana", "Checklist Dismissed", {}, t)], "ana", null);
    expect(closed.dismissed).toBe(true);
    const reopened = await progressOf([own("ana", "Checklist Dismissed", {}, t), own("ana", "Checklist Reopened", {}, t + 1000)], "ana", null);
    expect(reopened.dismissed).toBe(false);
    const all = [group("ana"), used("ana", "reports"), used("ana", "invite"), own("ana", "Checklist Item Completed", { item_id: "guide" })];
    expect((await progressOf(all, "ana", "acme")).completed).toBe(false);
    expect((await progressOf([...all, own("ana", "Checklist Completed")], "ana", "acme")).completed).toBe(true);
  });
});

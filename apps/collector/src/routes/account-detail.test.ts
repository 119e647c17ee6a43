import { beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "../demo-data/load.ts";
import { testCollector } from "../testing.ts";

// The detail page asks the store about one account only; its score must still be the one the list shows,
// including the two project-wide inputs (features in use, whether the project has checklists at all).
const END = Date.parse("2026-11-01T00:00:00Z");
const RANGE = "from=2026-08-03&to=2026-10-31";

describe("account detail over generated data", () => {
  let query: (path: string) => Response | Promise<Response>;

  beforeAll(async () => {
    const c = await testCollector({ now: () => END });
    query = c.query;
    await loadDemoData(c.store, { projectId: "default", events: 40_000, days: 120, end: END, seed: 7 });
  });

  it("shows every account with the health, parts, trend and alerts of the accounts list", async () => {
    const list = await (await query(`/v1/accounts?${RANGE}&limit=1000`)).json();
    expect(list.accounts.length).toBeGreaterThan(5);
    for (const row of list.accounts) {
      const detail = await (await query(`/v1/accounts/${row.id}?${RANGE}`)).json();
      expect({ id: detail.id, health: detail.health, parts: detail.parts, trend: detail.trend, alerts: detail.alerts }).toEqual({
        id: row.id, health: row.health, parts: row.parts, trend: row.trend, alerts: row.alerts,
      });
    }
  });

  it("lists only the account's own survey answers and checklist progress", async () => {
    const list = await (await query(`/v1/accounts?${RANGE}&limit=1000`)).json();
    const ids = new Set<string>(list.accounts.map((a: { id: string }) => a.id));
    let answers = 0;
    for (const id of ids) {
      const detail = await (await query(`/v1/accounts/${id}?${RANGE}`)).json();
      const people = new Set(detail.users.map((u: { id: string }) => u.id));
      for (const s of detail.surveys) expect(people.has(s.actor)).toBe(true);
      answers += detail.surveys.length;
    }
    expect(answers).toBeGreaterThan(0);
  });
});

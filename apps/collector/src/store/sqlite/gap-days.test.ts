import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { dayNumber } from "../../time.ts";
import type { FeatureUsage } from "../analytics-types.ts";
import { ev } from "../contract.ts";
import { createGapDays } from "./gap-days.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-gap-days-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const D1 = Date.parse("2026-10-05T12:00:00Z");
const P = "p";
const q = { from: "2026-10-05", to: "2026-10-18", tz: "UTC", interval: "week" as const };
const use = (userId: string, at: number, feature = "reports") => ev({ userId, properties: { feature }, timestamp: at });

/** What a person reads on the features page: each feature's people and uses, in all and per week. */
const seen = (u: FeatureUsage) => ({
  totals: u.totals.map((t) => `${t.feature}: ${t.users} people, ${t.uses} uses`).sort(),
  weeks: u.series.map((p) => `${p.feature} ${p.date}: ${p.users} people, ${p.uses} uses`).sort(),
});

it("answers feature usage from the gap rows held in memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "changes.sqlite");
  const store = createSqliteStore({ file });
  // Each answer of the store that holds days equals one of a store reading the file for the first time.
  const same = async () => {
    const fresh = createSqliteStore({ file });
    const want = seen(await fresh.featureUsage(P, q));
    await fresh.close();
    const got = seen(await store.featureUsage(P, q));
    expect(got).toEqual(want);
    return got;
  };
  await store.append(P, [use("ana", D1 - 3 * DAY), use("ana", D1), use("bob", D1)]);
  expect(await same()).toEqual({ totals: ["reports: 2 people, 2 uses"], weeks: ["reports 2026-10-05: 2 people, 2 uses"] });

  // One more use on a day held, a late first use on a day held as empty, and another feature the next week.
  await store.append(P, [use("ana", D1 + 1000), use("cy", D1 + 2 * DAY), use("bob", D1 + 8 * DAY, "exports")]);
  expect(await same()).toEqual({
    totals: ["exports: 1 people, 1 uses", "reports: 3 people, 4 uses"],
    weeks: ["exports 2026-10-12: 1 people, 1 uses", "reports 2026-10-05: 3 people, 4 uses"],
  });
  // A use on the day before a held one moves that day's previous day: bob still counts once in his week.
  await store.append(P, [use("bob", D1 + 9 * DAY, "exports"), use("bob", D1 + 7 * DAY, "exports")]);
  expect(await same()).toEqual({
    totals: ["exports: 1 people, 3 uses", "reports: 3 people, 4 uses"],
    weeks: ["exports 2026-10-12: 1 people, 3 uses", "reports 2026-10-05: 3 people, 4 uses"],
  });

  // An erased person leaves the days they were on; a feature nobody used any more leaves the answer.
  await store.eraseUser(P, "bob");
  expect(await same()).toEqual({ totals: ["reports: 2 people, 3 uses"], weeks: ["reports 2026-10-05: 2 people, 3 uses"] });
  await store.close();
});

it("lets the days least recently asked for go past its bound, and reads them again when asked", async () => {
  const file = join(dir, "bound.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [0, 1, 2, 3].map((d) => use("ana", D1 + d * DAY)));
  await store.close();
  const db = new Database(file, { readonly: true });
  const first = dayNumber("2026-10-05");
  const rows = (days: ReturnType<ReturnType<typeof createGapDays>["read"]>) => days.map((keys) => keys.map((g) => `${g.k} ${[...g.prev]} ${[...g.actors]} ${[...g.uses]}`));
  const bounded = createGapDays(db, { maxDays: 2 });
  const all = rows(bounded.read(P, first, first + 3));
  expect(all).toEqual([["f:reports -1 1 1"], [`f:reports ${first} 1 1`], [`f:reports ${first + 1} 1 1`], [`f:reports ${first + 2} 1 1`]]);
  expect(rows(bounded.read(P, first, first + 1))).toEqual(all.slice(0, 2));
  expect(rows(bounded.read(P, first, first + 3))).toEqual(all);
  db.close();
});

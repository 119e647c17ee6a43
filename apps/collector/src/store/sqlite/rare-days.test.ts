import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { checklistFunnel } from "../../analytics/checklists.ts";
import { ev } from "../contract.ts";
import type { EventStore, RangeQuery, StoredEvent } from "../types.ts";
import { createSqliteStore } from "./index.ts";
import { createRareDays } from "./rare-days.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-rare-days-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const D1 = Date.parse("2026-10-05T12:00:00Z");
const P = "p";
const q: RangeQuery = { from: "2026-10-01", to: "2026-10-31", tz: "America/Sao_Paulo" };

type Who = { userId?: string; anonymousId?: string; accountId?: string };
const person = (who: Who) => ({ userId: who.userId ?? null, anonymousId: who.anonymousId ?? null, accountId: who.accountId ?? null });
const answer = (who: Who, at: number, properties: Record<string, unknown>): StoredEvent =>
  ev({ ...person(who), event: "Survey Responded", properties: { survey_id: "nps-q", ...properties }, timestamp: at });
const item = (who: Who, at: number, itemId: unknown, checklistId: unknown = "onboarding"): StoredEvent =>
  ev({ ...person(who), event: "Checklist Item Completed", properties: { checklist_id: checklistId, item_id: itemId }, timestamp: at });
const done = (who: Who, at: number, checklistId: unknown = "onboarding"): StoredEvent =>
  ev({ ...person(who), event: "Checklist Completed", properties: { checklist_id: checklistId }, timestamp: at });

/** What the accounts page and the funnel show from these events: answers per account, finishers, the funnel's counts. */
const seen = async (s: EventStore, range: RangeQuery = q) => {
  const funnel = checklistFunnel(await s.checklistEvents(P, range, "onboarding"));
  return {
    scores: (await s.surveyScores(P, range)).map((r) => `${r.accountId} ${r.kind} ${r.score}/${r.scale}`).sort(),
    finishers: (await s.checklistFinishers(P, range)).map((r) => `${r.accountId}: ${r.people}`),
    funnel: { started: funnel.started, completed: funnel.completed, items: funnel.items.map((i) => `${i.id}: ${i.completed}`) },
    checklists: [...new Set((await s.checklistEvents(P, range)).map((e) => `${e.checklistId}/${e.itemId}`))].sort(),
  };
};

/** `ask` of `store` must equal `ask` of a store opening the file afresh: memory answers as a first read would. */
const asFresh = (file: string) => async (store: EventStore) => {
  const fresh = createSqliteStore({ file });
  const want = await seen(fresh);
  await fresh.close();
  const got = await seen(store);
  expect(got).toEqual(want);
  return got;
};

it("answers survey scores, finishers and the funnel from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "changes.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [
    answer({ userId: "ana", accountId: "acme" }, D1, { kind: "nps", score: 9 }),
    answer({ userId: "cy", accountId: "initech" }, D1, { kind: "csat", score: 4, scale: 5 }),
    item({ userId: "ana", accountId: "acme" }, D1, "invite"),
    done({ userId: "ana", accountId: "acme" }, D1 + 1000),
  ]);
  const same = asFresh(file);
  expect(await same(store)).toEqual({
    scores: ["acme nps 9/null", "initech csat 4/5"],
    finishers: ["acme: 1"],
    funnel: { started: 1, completed: 1, items: ["invite: 1"] },
    checklists: ["onboarding/invite", "onboarding/null"],
  });

  // Another answer on a day already held, a late one on a day held as empty, and a second finisher.
  await store.append(P, [answer({ userId: "bob", accountId: "acme" }, D1 + 2000, { kind: "nps", score: 3 })]);
  await store.append(P, [
    answer({ userId: "bob", accountId: "acme" }, D1 - 2 * DAY, { kind: "nps", score: 6 }),
    item({ userId: "bob", accountId: "acme" }, D1 - 2 * DAY, "invite"),
    done({ userId: "bob", accountId: "acme" }, D1 + 3 * DAY),
  ]);
  expect(await same(store)).toEqual({
    scores: ["acme nps 3/null", "acme nps 6/null", "acme nps 9/null", "initech csat 4/5"],
    finishers: ["acme: 2"],
    funnel: { started: 2, completed: 2, items: ["invite: 2"] },
    checklists: ["onboarding/invite", "onboarding/null"],
  });

  // Someone anonymous steps through the checklist, then signs up as dee: their steps move to dee.
  await store.append(P, [item({ anonymousId: "anon-dee" }, D1 + 4 * DAY, "profile")]);
  const steps = async (s: EventStore) => (await s.checklistEvents(P, q, "onboarding")).filter((e) => e.itemId !== null).map((e) => `${e.actor} ${e.itemId}`).sort();
  expect(await steps(store)).toEqual(["ana invite", "anon-dee profile", "bob invite"]);
  await store.append(P, [
    ev({ type: "identify", event: null, userId: "dee", anonymousId: "anon-dee", timestamp: D1 + 5 * DAY }),
    item({ userId: "dee", accountId: "globex" }, D1 + 5 * DAY, "invite"),
  ]);
  expect(await steps(store)).toEqual(["ana invite", "bob invite", "dee invite", "dee profile"]);
  await same(store);

  // An erased person leaves every answer.
  await store.eraseUser(P, "ana");
  expect(await same(store)).toEqual({
    scores: ["acme nps 3/null", "acme nps 6/null", "initech csat 4/5"],
    finishers: ["acme: 1"],
    funnel: { started: 2, completed: 1, items: ["invite: 2", "profile: 1"] },
    checklists: ["onboarding/invite", "onboarding/null", "onboarding/profile"],
  });

  // Retention deletes what is older than its cut-off, in the middle of a day held.
  await store.deleteEventsBefore(P, D1 + 1);
  expect(await same(store)).toEqual({
    scores: ["acme nps 3/null"],
    finishers: ["acme: 1"],
    funnel: { started: 2, completed: 1, items: ["invite: 1", "profile: 1"] },
    checklists: ["onboarding/invite", "onboarding/null", "onboarding/profile"],
  });

  // Another connection (the journal's applier, the CLI) writes the file: its rows are read too.
  const other = createSqliteStore({ file });
  await other.append(P, [answer({ userId: "cy", accountId: "initech" }, D1 + 6 * DAY, { kind: "csat", score: 2, scale: 5 })]);
  await other.close();
  expect((await same(store)).scores).toEqual(["acme nps 3/null", "initech csat 2/5"]);
  await store.close();
});

it("answers from memory what SQLite answers, for odd ids, kinds and scores and at the range's edges", async () => {
  const file = join(dir, "odd.sqlite");
  const store = createSqliteStore({ file });
  const everyone = ["ana", "bob", "cy"].map((userId) => ev({ type: "identify", event: null, userId, traits: { role: "x" }, timestamp: D1 - 20 * DAY }));
  // The range's first instant in São Paulo is 03:00 UTC: one answer either side of it, and of its last.
  const start = Date.parse("2026-10-01T03:00:00Z");
  const end = Date.parse("2026-11-01T03:00:00Z");
  await store.append(P, [
    ...everyone,
    answer({ userId: "ana", accountId: "acme" }, start - 1, { kind: "nps", score: 1 }),
    answer({ userId: "ana", accountId: "acme" }, start, { kind: "nps", score: 2 }),
    answer({ userId: "ana", accountId: "acme" }, end - 1, { kind: "nps", score: 3 }),
    answer({ userId: "ana", accountId: "acme" }, end, { kind: "nps", score: 4 }),
    answer({ userId: "bob", accountId: "acme" }, D1, { kind: "NPS", score: 5 }),
    answer({ userId: "bob", accountId: "acme" }, D1, { kind: "csat", score: "4", scale: 7 }),
    answer({ userId: "bob", accountId: "acme" }, D1, { kind: "csat", score: 4.5, scale: [5] }),
    answer({ userId: "bob" }, D1, { kind: "nps", score: 10 }),
    item({ userId: "cy", accountId: "acme" }, D1, { step: 1 }),
    item({ userId: "cy", accountId: "acme" }, D1, [1, 2]),
    item({ userId: "cy", accountId: "acme" }, D1, true),
    item({ userId: "cy", accountId: "acme" }, D1, 7, 42),
    item({ userId: "cy", accountId: "acme" }, D1, "x", { id: "onboarding" }),
    item({ userId: "cy", accountId: "acme" }, D1, null),
    done({ userId: "cy", accountId: "acme" }, D1, 42),
    done({ userId: "bob", accountId: "acme" }, D1, false),
    done({ userId: "ana", accountId: "acme" }, D1, null),
  ]);
  // A segment that holds everyone takes the SQL path.
  const all = { ...q, segment: { scope: "user" as const, trait: "role", value: "x" } };
  const fromMemory = await seen(store);
  expect(fromMemory).toEqual(await seen(store, all));
  expect(fromMemory.scores).toEqual(["acme csat 4.5/null", "acme csat null/7", "acme nps 2/null", "acme nps 3/null"]);
  expect(fromMemory.checklists).toEqual(["0/null", "42/7", "42/null", "onboarding/1", "onboarding/1,2", "onboarding/[object Object]"]);
  await store.close();
});

it("reads the blocks ahead, newest first, before anyone asks", async () => {
  const file = join(dir, "warm.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [0, 1, 2].map((d) => answer({ userId: "ana", accountId: "acme" }, D1 + d * DAY, { kind: "nps", score: d })));
  await store.close();
  const db = new Database(file);
  const rare = createRareDays(db);
  const block = Math.trunc(D1 / DAY);
  // The bound stops it after the newest two.
  const bounded = createRareDays(db, { maxRows: 2 });
  const warmer = rare.warm([{ projectId: P, from: block, to: block + 2 }]);
  const warmerBounded = bounded.warm([{ projectId: P, from: block, to: block + 2 }]);
  expect(warmer.warming()).toBe(true);
  while (warmer.warming() || warmerBounded.warming()) await new Promise((r) => setImmediate(r));
  expect(rare.held()).toBe(3);
  expect(bounded.held()).toBe(2);
  const scores = rare.read(P, D1, D1 + 3 * DAY, "responses").flatMap(({ cols, lo, hi }) => [...cols.score.subarray(lo, hi)]);
  expect(scores).toEqual([0, 1, 2]);
  db.close();
});

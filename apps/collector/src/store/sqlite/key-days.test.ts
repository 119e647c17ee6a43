import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { dayNumber } from "../../time.ts";
import type { AccountFeatureRow, AccountWindows, ActiveTotals, ActivityGap, FeatureUsage, LoginStats } from "../analytics-types.ts";
import { ev } from "../contract.ts";
import type { EventStore } from "../types.ts";
import { createKeyDays } from "./key-days.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-key-days-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const D1 = Date.parse("2026-10-05T12:00:00Z");
const P = "p";
const gold = { scope: "account" as const, trait: "tier", value: "gold" };
const q = { from: "2026-10-05", to: "2026-10-18", tz: "UTC", interval: "week" as const, segment: gold };
const use = (who: { userId?: string; anonymousId?: string }, at: number) =>
  ev({ userId: who.userId ?? null, anonymousId: who.anonymousId ?? null, properties: { feature: "reports" }, timestamp: at });

/** What a person reads on the page: the feature's people and uses, in all and per week. */
const seen = (u: FeatureUsage) => ({
  totals: u.totals.map((t) => `${t.feature}: ${t.users} people, ${t.uses} uses`),
  weeks: u.series.map((p) => `${p.date}: ${p.users} people, ${p.uses} uses`).sort(),
});

/**
 * What `ask` reads from `store`, checked equal to what a store opening `file` afresh reads: the store that holds
 * days in memory must answer as one reading them for the first time.
 */
const asFresh = <T>(file: string, ask: (s: EventStore) => Promise<T>) => async (store: EventStore): Promise<T> => {
  const fresh = createSqliteStore({ file });
  const want = await ask(fresh);
  await fresh.close();
  const got = await ask(store);
  expect(got).toEqual(want);
  return got;
};

it("answers a segment's feature usage from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "changes.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    ev({ type: "group", event: null, userId: "bob", accountId: "acme", timestamp: D1 }),
    ev({ type: "group", event: null, userId: "cy", accountId: "initech", traits: { tier: "silver" }, timestamp: D1 }),
    use({ userId: "ana" }, D1),
    use({ userId: "cy" }, D1),
  ]);
  const same = asFresh(file, async (s) => seen(await s.featureUsage(P, q)));
  expect(await same(store)).toEqual({ totals: ["reports: 1 people, 1 uses"], weeks: ["2026-10-05: 1 people, 1 uses"] });

  // One more use on a row already held, then a late event adding a row to a day already held.
  await store.append(P, [use({ userId: "ana" }, D1 + 2000)]);
  expect(await same(store)).toEqual({ totals: ["reports: 1 people, 2 uses"], weeks: ["2026-10-05: 1 people, 2 uses"] });
  await store.append(P, [use({ userId: "bob" }, D1 + 1000)]);
  expect(await same(store)).toEqual({ totals: ["reports: 2 people, 3 uses"], weeks: ["2026-10-05: 2 people, 3 uses"] });
  // The first use on a day held as empty.
  await store.append(P, [use({ userId: "ana" }, D1 + 3 * DAY)]);
  expect(await same(store)).toEqual({ totals: ["reports: 2 people, 4 uses"], weeks: ["2026-10-05: 2 people, 4 uses"] });

  // Someone anonymous in the second week, then identified as a person of the gold account: their use moves to them.
  await store.append(P, [use({ anonymousId: "anon-dee" }, D1 + 8 * DAY)]);
  expect(await same(store)).toEqual({ totals: ["reports: 2 people, 4 uses"], weeks: ["2026-10-05: 2 people, 4 uses"] });
  await store.append(P, [
    ev({ type: "identify", event: null, userId: "dee", anonymousId: "anon-dee", timestamp: D1 + 9 * DAY }),
    ev({ type: "group", event: null, userId: "dee", accountId: "acme", timestamp: D1 + 9 * DAY }),
  ]);
  expect(await same(store)).toEqual({
    totals: ["reports: 3 people, 5 uses"],
    weeks: ["2026-10-05: 2 people, 4 uses", "2026-10-12: 1 people, 1 uses"],
  });

  // An erased person leaves the days they were on.
  await store.eraseUser(P, "ana");
  expect(await same(store)).toEqual({
    totals: ["reports: 2 people, 2 uses"],
    weeks: ["2026-10-05: 1 people, 1 uses", "2026-10-12: 1 people, 1 uses"],
  });
  await store.close();
});

/** What a person reads on the features page about accounts: each account's uses of each feature, and a segment's accounts per feature. */
const accountUses = (rows: AccountFeatureRow[], u: FeatureUsage) => ({
  accounts: rows.map((r) => `${r.accountId} ${r.feature}: ${r.uses}`).sort(),
  gold: u.totals.map((t) => `${t.feature}: ${t.accounts} accounts`).sort(),
});

it("answers which accounts used each feature from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "accounts.sqlite");
  const store = createSqliteStore({ file });
  const inAccount = (userId: string, accountId: string, at: number, feature = "reports") => ev({ userId, accountId, properties: { feature }, timestamp: at });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    ev({ type: "group", event: null, userId: "cy", accountId: "new\nline", traits: { tier: "gold" }, timestamp: D1 }),
    ev({ type: "group", event: null, userId: "eve", accountId: "initech", traits: { tier: "silver" }, timestamp: D1 }),
    inAccount("ana", "acme", D1),
    inAccount("cy", "new\nline", D1),
    inAccount("eve", "initech", D1),
  ]);
  const same = asFresh(file, async (s) => accountUses(await s.accountFeatures(P, { ...q, segment: undefined }), await s.featureUsage(P, q)));
  expect(await same(store)).toEqual({
    accounts: ["acme reports: 1", "initech reports: 1", "new\nline reports: 1"],
    gold: ["reports: 2 accounts"],
  });

  // One more use on a row already held, a late one adding a row to a day already held, and another feature.
  await store.append(P, [inAccount("ana", "acme", D1 + 2000), inAccount("eve", "initech", D1 - 1000 + DAY), inAccount("eve", "initech", D1, "exports")]);
  expect(await same(store)).toEqual({
    accounts: ["acme reports: 2", "initech exports: 1", "initech reports: 2", "new\nline reports: 1"],
    gold: ["reports: 2 accounts"],
  });
  // The first use on a day held as empty, by an account that becomes gold.
  await store.append(P, [inAccount("eve", "initech", D1 + 3 * DAY, "exports")]);
  await store.append(P, [ev({ type: "group", event: null, userId: "eve", accountId: "initech", traits: { tier: "gold" }, timestamp: D1 + 3 * DAY })]);
  expect(await same(store)).toEqual({
    accounts: ["acme reports: 2", "initech exports: 2", "initech reports: 2", "new\nline reports: 1"],
    gold: ["exports: 1 accounts", "reports: 3 accounts"],
  });

  // An erased person's uses leave their account's days.
  await store.eraseUser(P, "ana");
  expect(await same(store)).toEqual({
    accounts: ["initech exports: 2", "initech reports: 2", "new\nline reports: 1"],
    gold: ["exports: 1 accounts", "reports: 2 accounts"],
  });
  await store.close();
});

/** What a person reads in the accounts table: each account's people, events, sign-ins and uses per window. */
const windowsSeen = (accounts: AccountWindows[]) =>
  accounts
    .flatMap((a) => a.events.flatMap((events, w) => (events ? [`${w} ${a.accountId}: ${a.users[w]} people, ${events} events, ${a.logins[w]} sign-ins, ${a.uses[w]} uses`] : [])))
    .sort();

it("answers each account's weeks from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "totals.sqlite");
  const store = createSqliteStore({ file });
  // Two weeks, their first three days, and the fortnight: people are counted once per window.
  const windows = [
    { from: "2026-10-05", to: "2026-10-11" },
    { from: "2026-10-12", to: "2026-10-18" },
    { from: "2026-10-05", to: "2026-10-07" },
    { from: "2026-10-05", to: "2026-10-18" },
  ];
  // One account's id holds a line break, the separator of the joined lists.
  const at = (userId: string, accountId: string, time: number, event = "Feature Used") => ev({ userId, accountId, event, properties: { feature: "reports" }, timestamp: time });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    ev({ type: "group", event: null, userId: "eve", accountId: "ini\ntech", traits: { tier: "silver" }, timestamp: D1 }),
    at("ana", "acme", D1 + DAY),
    at("ana", "acme", D1 + 8 * DAY, "Signed In"),
  ]);
  const every = asFresh(file, async (s) => windowsSeen(await s.accountWindows(P, { ...q, segment: undefined }, windows)));
  const gold = asFresh(file, async (s) => windowsSeen(await s.accountWindows(P, q, windows)));
  const one = asFresh(file, async (s) => windowsSeen(await s.accountWindows(P, { ...q, segment: undefined, account: "ini\ntech" }, windows)));
  expect(await every(store)).toEqual([
    "0 acme: 1 people, 2 events, 0 sign-ins, 1 uses",
    "0 ini\ntech: 1 people, 1 events, 0 sign-ins, 0 uses",
    "1 acme: 1 people, 1 events, 1 sign-ins, 0 uses",
    "2 acme: 1 people, 2 events, 0 sign-ins, 1 uses",
    "2 ini\ntech: 1 people, 1 events, 0 sign-ins, 0 uses",
    "3 acme: 1 people, 3 events, 1 sign-ins, 1 uses",
    "3 ini\ntech: 1 people, 1 events, 0 sign-ins, 0 uses",
  ]);
  expect(await gold(store)).toHaveLength(4);
  expect(await one(store)).toHaveLength(3);

  // More events on a day held, a late one on a day held as empty, and a second person of acme.
  await store.append(P, [at("ana", "acme", D1 + 1000), at("eve", "ini\ntech", D1 + 2 * DAY)]);
  await store.append(P, [ev({ type: "group", event: null, userId: "bob", accountId: "acme", timestamp: D1 + 9 * DAY }), at("bob", "acme", D1 + 9 * DAY)]);
  expect(await every(store)).toEqual([
    "0 acme: 1 people, 3 events, 0 sign-ins, 2 uses",
    "0 ini\ntech: 1 people, 2 events, 0 sign-ins, 1 uses",
    "1 acme: 2 people, 3 events, 1 sign-ins, 1 uses",
    "2 acme: 1 people, 3 events, 0 sign-ins, 2 uses",
    "2 ini\ntech: 1 people, 2 events, 0 sign-ins, 1 uses",
    "3 acme: 2 people, 6 events, 1 sign-ins, 3 uses",
    "3 ini\ntech: 1 people, 2 events, 0 sign-ins, 1 uses",
  ]);
  await gold(store);
  await one(store);

  // Someone anonymous under acme in the second week, then identified as bob (an event of acme too): one person, not two.
  await store.append(P, [ev({ anonymousId: "anon-bob", accountId: "acme", properties: { feature: "reports" }, timestamp: D1 + 10 * DAY })]);
  expect((await every(store)).filter((r) => r.startsWith("3 acme"))).toEqual(["3 acme: 3 people, 7 events, 1 sign-ins, 4 uses"]);
  await store.append(P, [ev({ type: "identify", event: null, userId: "bob", anonymousId: "anon-bob", timestamp: D1 + 11 * DAY })]);
  expect((await every(store)).filter((r) => r.startsWith("3 acme"))).toEqual(["3 acme: 2 people, 8 events, 1 sign-ins, 4 uses"]);

  // ini\ntech turns gold; an erased person leaves the days they were on.
  await store.append(P, [ev({ type: "group", event: null, userId: "eve", accountId: "ini\ntech", traits: { tier: "gold" }, timestamp: D1 + 10 * DAY })]);
  expect((await gold(store)).filter((r) => r.includes("ini\ntech"))).not.toHaveLength(0);
  await store.eraseUser(P, "ana");
  expect((await every(store)).filter((r) => r.includes("acme"))).toEqual([
    "1 acme: 1 people, 4 events, 0 sign-ins, 2 uses",
    "3 acme: 1 people, 4 events, 0 sign-ins, 2 uses",
  ]);
  await gold(store);
  await one(store);
  await store.close();
});

const signIn = (who: { userId?: string; anonymousId?: string }, at: number) =>
  ev({ userId: who.userId ?? null, anonymousId: who.anonymousId ?? null, event: "Signed In", timestamp: at });

/** What a person reads on the sign-ins page for a segment: per week, and how many people signed in how often. */
const signIns = (l: LoginStats) => ({
  weeks: l.series.map((p) => `${p.date}: ${p.users} people, ${p.logins} sign-ins`),
  often: l.actorsByLogins.map((f) => `${f.logins}×: ${f.actors}`),
});

it("answers a segment's sign-ins from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "sign-ins.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    ev({ type: "group", event: null, userId: "bob", accountId: "acme", timestamp: D1 }),
    ev({ type: "group", event: null, userId: "cy", accountId: "initech", traits: { tier: "silver" }, timestamp: D1 }),
    signIn({ userId: "ana" }, D1),
    signIn({ userId: "cy" }, D1),
    // After the range, in the same 32-day block: not counted.
    signIn({ userId: "bob" }, D1 + 20 * DAY),
  ]);
  const same = asFresh(file, async (s) => signIns(await s.loginStats(P, q)));
  expect(await same(store)).toEqual({ weeks: ["2026-10-05: 1 people, 1 sign-ins", "2026-10-12: 0 people, 0 sign-ins"], often: ["1×: 1"] });

  // A second sign-in on a day held, a late one on another day, and one in the second week.
  await store.append(P, [signIn({ userId: "ana" }, D1 + 1000), signIn({ userId: "bob" }, D1 + 2 * DAY), signIn({ userId: "ana" }, D1 + 7 * DAY)]);
  expect(await same(store)).toEqual({ weeks: ["2026-10-05: 2 people, 3 sign-ins", "2026-10-12: 1 people, 1 sign-ins"], often: ["1×: 1", "3×: 1"] });

  // Someone anonymous, then identified as a person of the gold account: their sign-in moves to them.
  await store.append(P, [signIn({ anonymousId: "anon-dee" }, D1 + 8 * DAY)]);
  await store.append(P, [
    ev({ type: "identify", event: null, userId: "dee", anonymousId: "anon-dee", timestamp: D1 + 9 * DAY }),
    ev({ type: "group", event: null, userId: "dee", accountId: "acme", timestamp: D1 + 9 * DAY }),
  ]);
  expect(await same(store)).toEqual({ weeks: ["2026-10-05: 2 people, 3 sign-ins", "2026-10-12: 2 people, 2 sign-ins"], often: ["1×: 2", "3×: 1"] });

  // An erased person leaves the days they were on.
  await store.eraseUser(P, "ana");
  expect(await same(store)).toEqual({ weeks: ["2026-10-05: 1 people, 1 sign-ins", "2026-10-12: 1 people, 1 sign-ins"], often: ["1×: 2"] });
  await store.close();
});

const visit = (who: { userId?: string; anonymousId?: string }, at: number) =>
  ev({ type: "page", event: null, userId: who.userId ?? null, anonymousId: who.anonymousId ?? null, timestamp: at });

/** What a person reads on the active-people page for a segment: each day's people by days since they were last seen, and the range's people. */
const activity = (gaps: ActivityGap[], totals: ActiveTotals) => ({
  days: gaps.map((g) => `${g.day}: ${g.actors} back after ${g.gap}`).sort(),
  people: totals.users,
});

it("answers a segment's active people from memory, and follows every later change to the days it holds", async () => {
  const file = join(dir, "active.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 - 40 * DAY }),
    ev({ type: "group", event: null, userId: "bob", accountId: "acme", timestamp: D1 - 40 * DAY }),
    ev({ type: "group", event: null, userId: "cy", accountId: "initech", traits: { tier: "silver" }, timestamp: D1 - 40 * DAY }),
    // Ana's last day before the range is 40 days back: past the 30 days a gap counts.
    visit({ userId: "ana" }, D1),
    visit({ userId: "cy" }, D1),
    visit({ userId: "bob" }, D1 - 3 * DAY),
  ]);
  const same = asFresh(file, async (s) => activity(await s.activityGaps(P, q), await s.activeTotals(P, q)));
  expect(await same(store)).toEqual({ days: ["2026-10-05: 1 back after 30"], people: 1 });

  // More events on a day held change nothing; a late event on a new day, and a person back 3 days later.
  await store.append(P, [visit({ userId: "ana" }, D1 + 1000), visit({ userId: "bob" }, D1 + DAY), visit({ userId: "ana" }, D1 + 3 * DAY)]);
  expect(await same(store)).toEqual({ days: ["2026-10-05: 1 back after 30", "2026-10-06: 1 back after 4", "2026-10-08: 1 back after 3"], people: 2 });
  // A day between two held ones: bob's return on the 6th now comes 1 day after the 5th.
  await store.append(P, [visit({ userId: "bob" }, D1)]);
  expect(await same(store)).toEqual({
    days: ["2026-10-05: 1 back after 3", "2026-10-05: 1 back after 30", "2026-10-06: 1 back after 1", "2026-10-08: 1 back after 3"],
    people: 2,
  });

  // Someone anonymous, then identified as a person of the gold account: their day moves to them.
  await store.append(P, [visit({ anonymousId: "anon-dee" }, D1 + 8 * DAY)]);
  await store.append(P, [
    ev({ type: "identify", event: null, userId: "dee", anonymousId: "anon-dee", timestamp: D1 + 9 * DAY }),
    ev({ type: "group", event: null, userId: "dee", accountId: "acme", timestamp: D1 + 9 * DAY }),
  ]);
  const merged = await same(store);
  expect(merged.people).toBe(3);
  expect(merged.days).toContain("2026-10-13: 1 back after 30");

  // An erased person leaves the days they were on.
  await store.eraseUser(P, "ana");
  const erased = await same(store);
  expect(erased.people).toBe(2);
  expect(erased.days.some((d) => d.startsWith("2026-10-08"))).toBe(false);
  await store.close();
});

it("counts a person once per week and once in the range, on whichever day of it they first used the feature", async () => {
  const store = createSqliteStore({ file: join(dir, "distinct.sqlite") });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "ana", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    ...[0, 1, 2, 7, 8].map((d) => use({ userId: "ana" }, D1 + d * DAY)),
  ]);
  expect(seen(await store.featureUsage(P, q))).toEqual({
    totals: ["reports: 1 people, 5 uses"],
    weeks: ["2026-10-05: 1 people, 3 uses", "2026-10-12: 1 people, 2 uses"],
  });
  expect(seen(await store.featureUsage(P, { ...q, feature: "exports" }))).toEqual({ totals: [], weeks: [] });
  await store.close();
});

it("lets the days least recently asked for go past its bound, and reads them again when asked", async () => {
  const file = join(dir, "bound.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [0, 1, 2, 3, 4].flatMap((d) => [use({ userId: "ana" }, D1 + d * DAY), use({ userId: "bob" }, D1 + d * DAY)]));
  await store.close();
  const db = new Database(file, { readonly: true });
  const days = createKeyDays(db, { maxEntries: 4 });
  const first = dayNumber("2026-10-05");
  const people = (list: ReturnType<typeof days.read>) => list.map((keys) => keys.map((k) => `${k.k} ${k.actors.length} ${[...k.uses]}`));
  const all = people(days.read(P, first, first + 4));
  // Held whole while asked for, though past the bound.
  expect(days.held()).toBe(10);
  expect(people(days.read(P, first + 4, first + 4))).toEqual([all[4]]);
  expect(days.held()).toBeLessThanOrEqual(4);
  expect(people(days.read(P, first, first + 4))).toEqual(all);
  expect(all[0]).toEqual(["f:reports 2 1,1"]);
  db.close();
});

it("reads the recent days before anyone asks, a day per turn of the event loop, up to its bound, and stops when told", async () => {
  const file = join(dir, "warm.sqlite");
  const store = createSqliteStore({ file });
  await store.append(P, [0, 1, 2, 3, 4].flatMap((d) => [use({ userId: "ana" }, D1 + d * DAY), signIn({ userId: "bob" }, D1 + d * DAY)]));
  await store.close();
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  };
  const db = new Database(file, { readonly: true });
  const first = dayNumber("2026-10-05");
  const plan = [{ projectId: P, kind: "keys" as const, from: first, to: first + 4 }, { projectId: P, kind: "active" as const, from: first, to: first + 4 }];

  const days = createKeyDays(db);
  const warmer = days.warm(plan);
  expect(days.held()).toBe(0);
  expect(warmer.warming()).toBe(true);
  await turns(1);
  expect(days.held()).toBe(2);
  await turns(20);
  // Five days of two keys and five days of two active people, all read ahead: asking reads none again.
  expect(days.held()).toBe(20);
  expect(warmer.warming()).toBe(false);
  const asked = days.read(P, first, first + 4);
  expect(days.held()).toBe(20);
  expect(asked.map((keys) => keys.map((k) => k.k).sort())).toEqual(Array(5).fill(["f:reports", "login"]));

  const bounded = createKeyDays(db, { maxEntries: 4 });
  const boundedWarmer = bounded.warm(plan);
  await turns(20);
  expect(bounded.held()).toBe(4);
  expect(boundedWarmer.warming()).toBe(false);

  const stopped = createKeyDays(db);
  const stoppedWarmer = stopped.warm(plan);
  stoppedWarmer.stop();
  expect(stoppedWarmer.warming()).toBe(false);
  await turns(20);
  expect(stopped.held()).toBe(0);
  db.close();

  // A collector's store warms from its start, says so until it is done, and closes mid-way without reading the closed file.
  // It keeps reading while nothing else happens: one wait of a second, no other turns.
  const warmed = createSqliteStore({ file, warm: true });
  expect(warmed.warming?.()).toBe(true);
  await new Promise((r) => setTimeout(r, 1000));
  expect(warmed.warming?.()).toBe(false);
  await warmed.close();
  const warming = createSqliteStore({ file, warm: true });
  await turns(2);
  await warming.close();
  await turns(20);
});

it("reads a person whose id holds a line break, the separator of its joined lists", async () => {
  const store = createSqliteStore({ file: join(dir, "separator.sqlite") });
  await store.append(P, [
    ev({ type: "group", event: null, userId: "two\nlines", accountId: "acme", traits: { tier: "gold" }, timestamp: D1 }),
    use({ userId: "two\nlines" }, D1),
    use({ userId: "two\nlines" }, D1 + 1000),
  ]);
  expect(seen(await store.featureUsage(P, q))).toEqual({ totals: ["reports: 1 people, 2 uses"], weeks: ["2026-10-05: 1 people, 2 uses"] });
  expect(activity(await store.activityGaps(P, q), await store.activeTotals(P, q))).toEqual({ days: ["2026-10-05: 1 back after 30"], people: 1 });
  await store.close();
});

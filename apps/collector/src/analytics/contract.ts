/**
 * describeAnalytics(): the AnalyticsStore contract, run against every engine. Seeded demo events (with late,
 * out-of-order, anonymous-then-identified and account-switching users) go in through append(); every answer
 * must equal the plain-TypeScript truth over the same raw events, in UTC and in other time zones, with and
 * without segments. Hand-computed small cases pin the edge cases down with numbers a person can check.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoEvents } from "../demo-data/generate.ts";
import type { AccountBreadth, BucketQuery, ChecklistEvent } from "../store/analytics-types.ts";
import type { EventStore, RangeQuery, StoredEvent } from "../store/types.ts";
import { finishersOf } from "./checklists.ts";
import { createTruth } from "./truth.ts";

const END = Date.parse("2026-11-02T00:00:00Z");
const PROJECT = "analytics-contract";
const SMALL = "analytics-small";

const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
/** AccountBreadth in account order, to compare. */
const breadth = (b: AccountBreadth) => ({ ...b, accounts: byKey(b.accounts, (a) => a.accountId) });
/** The breadth the truth's (account, feature) rows show: distinct features per account and overall. */
function truthBreadth(rows: { accountId: string; feature: string }[]): AccountBreadth {
  const of = new Map<string, Set<string>>();
  for (const r of rows) of.set(r.accountId, (of.get(r.accountId) ?? new Set()).add(r.feature));
  return breadth({ accounts: [...of].map(([accountId, fs]) => ({ accountId, features: fs.size })), features: new Set(rows.map((r) => r.feature)).size });
}

export function describeAnalytics(name: string, factory: () => Promise<EventStore>, cleanup?: () => Promise<void>) {
  // Other time zones read raw events: slower, and the machine is shared, so each case gets room.
  describe(`AnalyticsStore contract: ${name}`, { timeout: 30_000 }, () => {
    let store: EventStore;
    let truth: ReturnType<typeof createTruth>;
    const batches: StoredEvent[][] = [];

    beforeAll(async () => {
      store = await factory();
      const gen = generateDemoEvents({ seed: 11, events: 25_000, days: 75, end: END, batchSize: 700, lateShare: 0.05 });
      for (let r = gen.next(); !r.done; r = gen.next()) batches.push(r.value);
      // A batch delivered twice must not count twice.
      batches.push(batches[3]);
      for (const b of batches) await store.append(PROJECT, b);
      truth = createTruth(batches);
    }, 120_000);
    // Dropping a ClickHouse database waits for its merges: on a busy machine that outlasts the default 10 s.
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    }, 60_000);

    const segments: (RangeQuery["segment"] | undefined)[] = [
      undefined,
      { scope: "account", trait: "tier", value: "high-touch" },
      { scope: "user", trait: "role", value: "admin" },
    ];
    const zones = ["UTC", "America/Sao_Paulo", "Asia/Kolkata"];
    const cases = zones.flatMap((tz) => segments.map((segment) => ({ tz, segment, label: `${tz}${segment ? ` ${segment.scope}.${segment.trait}=${segment.value}` : ""}` })));
    const range = (tz: string, segment: RangeQuery["segment"], from = "2026-08-20", to = "2026-11-01"): RangeQuery => ({ from, to, tz, ...(segment ? { segment } : {}) });

    it.each(cases)("activity gaps (DAU/WAU/MAU input) equal the truth: $label", async ({ tz, segment }) => {
      const q = range(tz, segment);
      const key = (r: { day: string; gap: number }) => `${r.day}|${String(r.gap).padStart(2, "0")}`;
      expect(byKey(await store.activityGaps(PROJECT, q), key)).toEqual(byKey(truth.activityGaps(q), key));
    });

    it.each(cases)("active totals equal the truth: $label", async ({ tz, segment }) => {
      const q = range(tz, segment, "2026-09-01", "2026-10-15");
      expect(await store.activeTotals(PROJECT, q)).toEqual(truth.activeTotals(q));
    });

    it.each(cases)("logins by week, per user and per account equal the truth: $label", async ({ tz, segment }) => {
      const q: BucketQuery = { ...range(tz, segment, "2026-09-03", "2026-10-30"), interval: "week" };
      const got = await store.loginStats(PROJECT, q);
      const want = truth.loginStats(q);
      expect(got.series).toEqual(want.series);
      expect(got.actorsByLogins).toEqual(want.actorsByLogins);
      expect(byKey(got.perAccount, (r) => r.accountId)).toEqual(byKey(want.perAccount, (r) => r.accountId));
    });

    it.each(cases)("logins by day and by month equal the truth: $label", async ({ tz, segment }) => {
      for (const interval of ["day", "month"] as const) {
        const q: BucketQuery = { ...range(tz, segment, "2026-08-25", "2026-10-30"), interval };
        const got = await store.loginStats(PROJECT, q);
        const want = truth.loginStats(q);
        expect(got.series, interval).toEqual(want.series);
        expect(got.actorsByLogins, interval).toEqual(want.actorsByLogins);
      }
    });

    it.each(cases)("feature usage by month equals the truth: $label", async ({ tz, segment }) => {
      const q: BucketQuery = { ...range(tz, segment), interval: "month" };
      const got = await store.featureUsage(PROJECT, q);
      const want = truth.featureUsage(q);
      expect(byKey(got.totals, (r) => r.feature)).toEqual(byKey(want.totals, (r) => r.feature));
      expect(byKey(got.series, (r) => `${r.feature}|${r.date}`)).toEqual(byKey(want.series, (r) => `${r.feature}|${r.date}`));
    });

    it("feature usage by day for one feature equals the truth", async () => {
      const q = { ...range("UTC", undefined, "2026-10-01", "2026-10-20"), interval: "day" as const, feature: "reports" };
      const got = await store.featureUsage(PROJECT, q);
      const want = truth.featureUsage(q);
      expect(got.totals).toEqual(want.totals);
      expect(byKey(got.series, (r) => r.date)).toEqual(byKey(want.series, (r) => r.date));
    });

    it.each(cases)("account features and account windows equal the truth: $label", async ({ tz, segment }) => {
      const q = range(tz, segment, "2026-09-15", "2026-10-31");
      const key = (r: { accountId: string; feature: string }) => `${r.accountId}|${r.feature}`;
      expect(byKey(await store.accountFeatures(PROJECT, q), key)).toEqual(byKey(truth.accountFeatures(q), key));
      const features = truth.accountFeatures(q);
      const pairs = features.map(({ accountId, feature }) => ({ accountId, feature }));
      expect(breadth(await store.accountBreadth(PROJECT, q))).toEqual(truthBreadth(features));
      // Engines may read a short range another way than a long one.
      const short = range(tz, segment, "2026-10-12", "2026-10-31");
      expect(breadth(await store.accountBreadth(PROJECT, short))).toEqual(truthBreadth(truth.accountFeatures(short)));
      // Every account's uses per feature, and the same without every third account (the route leaves out those not retained).
      const accounts = [...new Set(pairs.map((p) => p.accountId))].sort();
      for (const except of [[], accounts.filter((_, i) => i % 3 === 0), ["no-such-account"]]) {
        const uses = new Map<string, number>();
        for (const r of features) if (!except.includes(r.accountId)) uses.set(r.feature, (uses.get(r.feature) ?? 0) + r.uses);
        const want = [...uses].map(([feature, n]) => ({ feature, uses: n }));
        expect(byKey(await store.accountFeatureUses(PROJECT, q, except), (r) => r.feature)).toEqual(byKey(want, (r) => r.feature));
      }
      const windows = [{ from: "2026-10-26", to: "2026-11-01" }, { from: "2026-10-19", to: "2026-10-25" }, { from: "2026-09-01", to: "2026-10-31" }];
      const wkey = (r: { accountId: string }) => r.accountId;
      expect(byKey(await store.accountWindows(PROJECT, q, windows), wkey)).toEqual(byKey(truth.accountWindows(q, windows), wkey));
    });

    it.each(cases)("weekly retention cohorts equal the truth: $label", async ({ tz, segment }) => {
      const q: BucketQuery = { ...range(tz, segment, "2026-08-24", "2026-11-01"), interval: "week" };
      const key = (r: { cohort: string; period: number }) => `${r.cohort}|${String(r.period).padStart(3, "0")}`;
      expect(byKey(await store.cohorts(PROJECT, q), key)).toEqual(byKey(truth.cohorts(q), key));
    });

    it("monthly retention cohorts equal the truth", async () => {
      const q: BucketQuery = { ...range("UTC", undefined, "2026-08-19", "2026-11-01"), interval: "month" };
      const key = (r: { cohort: string; period: number }) => `${r.cohort}|${r.period}`;
      expect(byKey(await store.cohorts(PROJECT, q), key)).toEqual(byKey(truth.cohorts(q), key));
    });

    it.each(zones)("survey events equal the truth (%s)", async (tz) => {
      for (const id of ["nps-q", "csat-support"]) {
        const q = range(tz, undefined);
        const got = await store.surveyEvents(PROJECT, q, id);
        const want = truth.survey(q, id);
        expect(got.shown.reduce((n, s) => n + s.count, 0)).toBe(want.shown);
        expect(got.dismissed).toBe(want.dismissed);
        const key = (r: { messageId: string }) => r.messageId;
        expect(byKey(got.responses.map((r) => ({ messageId: r.messageId, score: r.score, actor: r.actor })), key))
          .toEqual(byKey(want.responses.map((r) => ({ messageId: r.messageId, score: r.score, actor: r.actor })), key));
        expect(want.responses.length).toBeGreaterThan(0);
        // Newest first, ties by message id in byte order, descending: the order the responses are paged in.
        const newestFirst = [...got.responses].sort((a, b) => b.timestamp - a.timestamp || Buffer.compare(Buffer.from(b.messageId), Buffer.from(a.messageId)));
        expect(got.responses.map((r) => r.messageId)).toEqual(newestFirst.map((r) => r.messageId));
      }
    });

    it.each(zones)("survey scores per account equal the truth (%s)", async (tz) => {
      // The generated data has two surveys, and every answer a kind and a numeric score.
      for (const segment of [undefined, { scope: "account", trait: "tier", value: "tech-touch" } as const]) {
        const q = range(tz, segment);
        const want = ["nps-q", "csat-support"].flatMap((id) => truth.survey(q, id).responses)
          .filter((r) => r.accountId != null)
          .map((r) => ({ accountId: r.accountId, kind: r.kind, score: r.score, scale: r.scale }));
        expect(want.length).toBeGreaterThan(segment ? 0 : 5);
        const key = (r: { accountId: string | null; kind: unknown; score: unknown; scale: unknown }) => `${r.accountId}|${r.kind}|${r.score}|${r.scale}`;
        expect((await store.surveyScores(PROJECT, q)).map(key).sort()).toEqual(want.map(key).sort());
        if (segment) continue;
        // One account's (its page): the account with the most answers, and none of the others'.
        const counts = new Map<string, number>();
        for (const r of want) counts.set(r.accountId as string, (counts.get(r.accountId as string) ?? 0) + 1);
        const [one] = [...counts].sort((a, b) => b[1] - a[1])[0];
        const mine = want.filter((r) => r.accountId === one);
        expect(mine.length).toBeGreaterThan(1);
        expect((await store.surveyScores(PROJECT, { ...q, account: one })).map(key).sort()).toEqual(mine.map(key).sort());
      }
    });

    it("checklist events equal the truth", async () => {
      const q = range("UTC", { scope: "account", trait: "tier", value: "tech-touch" }, "2026-08-19", "2026-11-01");
      const key = (r: { actor: string; timestamp: number; itemId: string | null }) => `${r.actor}|${r.timestamp}|${r.itemId}`;
      const want = truth.checklist(q, "onboarding");
      expect(want.length).toBeGreaterThan(10);
      expect(byKey(await store.checklistEvents(PROJECT, q, "onboarding"), key)).toEqual(byKey(want, key));
      const finished = want.filter((e) => e.itemId == null);
      expect(finished.length).toBeGreaterThan(0);
      expect(byKey(await store.checklistEvents(PROJECT, q, "onboarding", true), key)).toEqual(byKey(finished, key));
      // One account's (its page), first seen included: an engine may read only that account's people for it.
      const whole = (r: ChecklistEvent) => `${key(r)}|${r.accountId}|${r.firstSeen}`;
      const accounts = [...new Set(want.map((e) => e.accountId))].filter((a) => a != null).slice(0, 3);
      expect(accounts.length).toBeGreaterThan(1);
      for (const account of accounts) {
        const got = (await store.checklistEvents(PROJECT, { ...q, account }, "onboarding")).filter((e) => e.accountId === account);
        expect(byKey(got, whole)).toEqual(byKey(want.filter((e) => e.accountId === account), whole));
      }
    });

    it("people who finished a checklist, per account, equal the truth", async () => {
      // The generated data has one checklist: the truth's onboarding events are all of them.
      const cases = [
        range("UTC", undefined, "2026-08-19", "2026-11-01"),
        range("America/Sao_Paulo", { scope: "account", trait: "tier", value: "tech-touch" }, "2026-08-19", "2026-11-01"),
      ];
      for (const q of cases) {
        const want = finishersOf(truth.checklist(q, "onboarding"));
        expect(want.length).toBeGreaterThan(1);
        expect(byKey(await store.checklistFinishers(PROJECT, q), (r) => r.accountId)).toEqual(byKey(want, (r) => r.accountId));
      }
      // One account's (its page): the account with the most.
      const [one] = finishersOf(truth.checklist(cases[0], "onboarding")).sort((a, b) => b.people - a.people);
      expect(await store.checklistFinishers(PROJECT, { ...cases[0], account: one.accountId })).toEqual([one]);
    });

    it("renewal and churn events equal the truth", async () => {
      const q = range("UTC", undefined, "2026-08-19", "2026-11-01");
      const got = (await store.accountOutcomes(PROJECT, q)).map(({ day: _day, ...o }) => o);
      const key = (r: { accountId: string; timestamp: number }) => `${r.accountId}|${r.timestamp}`;
      expect(byKey(got, key)).toEqual(byKey(truth.outcomes(q), key));
    });

    it("account profiles count current users and the last sign-in", async () => {
      const got = (await store.accountProfiles(PROJECT, range("UTC", undefined))).map((a) => ({ accountId: a.accountId, users: a.users, lastLogin: a.lastLogin }));
      expect(byKey(got, (r) => r.accountId)).toEqual(byKey(truth.profiles(), (r) => r.accountId));
    });

    it.each(zones)("account activity (people, feature use) equals the truth for the busiest accounts (%s)", async (tz) => {
      const q = range(tz, undefined, "2026-09-01", "2026-10-31");
      const busiest = byKey(truth.profiles(), (r) => r.accountId).sort((a, b) => b.users - a.users).slice(0, 3);
      for (const id of [...busiest.map((a) => a.accountId), "no-such-account"]) {
        const got = await store.accountActivity(PROJECT, id, q);
        const want = truth.accountActivity(id, q);
        expect(byKey(got.users, (r) => r.actor)).toEqual(byKey(want.users, (r) => r.actor));
        expect(byKey(got.features, (r) => r.feature)).toEqual(byKey(want.features, (r) => r.feature));
      }
    });

    it.each(cases)("account features of one account equal the truth's rows for it: $label", async ({ tz, segment }) => {
      const q = range(tz, segment, "2026-09-15", "2026-10-31");
      const key = (r: { accountId: string; feature: string }) => `${r.accountId}|${r.feature}`;
      const busiest = byKey(truth.profiles(), (r) => r.accountId).sort((a, b) => b.users - a.users).slice(0, 3);
      // The truth reads every event (and converts each to a local day): once for all the accounts asked about.
      const features = truth.accountFeatures(q);
      const windows = [{ from: "2026-10-26", to: "2026-11-01" }, { from: "2026-10-19", to: "2026-10-25" }, { from: "2026-09-01", to: "2026-10-31" }];
      const allWindows = truth.accountWindows(q, windows);
      const wkey = (r: { accountId: string }) => r.accountId;
      for (const id of [...busiest.map((a) => a.accountId), "no-such-account"]) {
        const want = features.filter((r) => r.accountId === id);
        expect(byKey(await store.accountFeatures(PROJECT, { ...q, account: id }), key)).toEqual(byKey(want, key));
        expect(breadth(await store.accountBreadth(PROJECT, { ...q, account: id }))).toEqual(truthBreadth(want));
        const uses = want.map(({ feature, uses: n }) => ({ feature, uses: n }));
        expect(byKey(await store.accountFeatureUses(PROJECT, { ...q, account: id }, []), (r) => r.feature)).toEqual(byKey(uses, (r) => r.feature));
        const wantWindows = allWindows.filter((r) => r.accountId === id);
        expect(byKey(await store.accountWindows(PROJECT, { ...q, account: id }, windows), wkey)).toEqual(byKey(wantWindows, wkey));
      }
    });

    it("counts survey events by their own survey id, whatever else their properties hold", async () => {
      const SURVEYS = "analytics-surveys";
      let m = 0;
      const survey = (event: string, day: string, properties: Record<string, unknown>): StoredEvent => ({
        messageId: `survey-${++m}`, type: "track", event, userId: `u${m}`, anonymousId: null, accountId: "acme",
        timestamp: Date.parse(`2026-10-${day}T12:00:00Z`), receivedAt: 0, properties, traits: {}, context: {},
      });
      await store.append(SURVEYS, [
        survey("Survey Shown", "05", { survey_id: "s1" }),
        survey("Survey Shown", "05", { survey_id: "s1", placement: { corner: "bottom" } }),
        survey("Survey Shown", "06", { survey_id: "s1", tags: ["new"] }),
        survey("Survey Shown", "06", { survey_id: "s2", note: "s1" }),
        survey("Survey Shown", "07", { context: { survey_id: "s1" }, survey_id: "s2" }),
        survey("Survey Shown", "07", { survey_id: "s1", note: 'say "hi"' }),
        survey("Survey Shown", "07", { survey_id: "s10" }),
        survey("Survey Dismissed", "06", { survey_id: "s1" }),
        survey("Survey Dismissed", "07", { survey_id: "s1", why: { busy: true } }),
        survey("Survey Dismissed", "07", { survey_id: "s2" }),
        survey("Survey Responded", "06", { survey_id: "s1", kind: "nps", score: 9, extra: { a: 1 } }),
        survey("Survey Responded", "07", { survey_id: "s1", kind: "nps", score: 3, comment: 'he said "no"' }),
        survey("Survey Responded", "07", { survey_id: "s2", kind: "nps", score: 10 }),
      ]);
      const q: RangeQuery = { from: "2026-10-01", to: "2026-10-31", tz: "UTC" };
      const shown = (rows: { day: string; count: number }[]) => byKey(rows, (r) => r.day).map((r) => `${r.day}: ${r.count}`);
      const s1 = await store.surveyEvents(SURVEYS, q, "s1");
      expect(shown(s1.shown)).toEqual(["2026-10-05: 2", "2026-10-06: 1", "2026-10-07: 1"]);
      expect(s1.dismissed).toBe(2);
      expect(s1.responses.map((r) => [r.score, r.comment])).toEqual([[3, 'he said "no"'], [9, null]]);
      const all = await store.surveyEvents(SURVEYS, q);
      expect(shown(all.shown)).toEqual(["2026-10-05: 2", "2026-10-06: 2", "2026-10-07: 3"]);
      expect(all.dismissed).toBe(3);
      expect(all.responses.map((r) => `${r.surveyId} ${r.score}`).sort()).toEqual(["s1 3", "s1 9", "s2 10"]);
      expect((await store.surveyScores(SURVEYS, q)).map((r) => `${r.accountId} ${r.kind} ${r.score}`).sort()).toEqual(["acme nps 10", "acme nps 3", "acme nps 9"]);
    });

    it("dates one account's checklist steps from the person's first visit, made before they signed in", async () => {
      const FIRST = "analytics-first-seen";
      let m = 0;
      const e = (p: Partial<StoredEvent>): StoredEvent => ({
        messageId: `first-${++m}`, type: "track", event: "Page Viewed", userId: null, anonymousId: null, accountId: null,
        timestamp: 0, receivedAt: 0, properties: {}, traits: {}, context: {}, ...p,
      });
      await store.append(FIRST, [e({ anonymousId: "visitor", timestamp: Date.parse("2026-10-01T09:00:00Z") })]);
      // A later batch: the visitor signs in as dee, joins acme and completes a step there.
      await store.append(FIRST, [
        e({ type: "identify", event: null, userId: "dee", anonymousId: "visitor", timestamp: Date.parse("2026-10-03T09:00:00Z") }),
        e({ type: "group", event: null, userId: "dee", accountId: "acme", timestamp: Date.parse("2026-10-03T09:01:00Z") }),
        e({
          event: "Checklist Item Completed", userId: "dee", accountId: "acme", timestamp: Date.parse("2026-10-05T09:00:00Z"),
          properties: { checklist_id: "onboarding", item_id: "invite" },
        }),
      ]);
      const q = { from: "2026-10-01", to: "2026-10-31", tz: "UTC" };
      for (const account of [undefined, "acme"]) {
        const got = (await store.checklistEvents(FIRST, { ...q, account })).map((c) => ({ actor: c.actor, firstSeen: c.firstSeen }));
        expect(got).toEqual([{ actor: "dee", firstSeen: Date.parse("2026-10-01T09:00:00Z") }]);
      }
    });

    it("counts a person's sign-ins sent in separate batches, on one day and late, into the logins per person", async () => {
      const LOGINS = "analytics-logins";
      let m = 0;
      const signIn = (userId: string, iso: string): StoredEvent => ({
        messageId: `login-${++m}`, type: "track", event: "Signed In", userId, anonymousId: null, accountId: "acme",
        timestamp: Date.parse(iso), receivedAt: 0, properties: {}, traits: {}, context: {},
      });
      await store.append(LOGINS, [signIn("ann", "2026-10-05T09:00:00Z"), signIn("bob", "2026-10-06T09:00:00Z")]);
      // ann again on Oct 5 (the same day's count grows), on Oct 7 and, late, on Sep 30; bob on Oct 11, cy on Oct 12.
      await store.append(LOGINS, [signIn("ann", "2026-10-05T15:00:00Z"), signIn("ann", "2026-10-07T09:00:00Z"), signIn("bob", "2026-10-11T09:00:00Z")]);
      await store.append(LOGINS, [signIn("cy", "2026-10-12T09:00:00Z"), signIn("ann", "2026-09-30T09:00:00Z")]);
      const week = async (from: string, to: string) => store.loginStats(LOGINS, { from, to, tz: "UTC", interval: "week" });
      const october = await week("2026-10-01", "2026-10-12");
      expect(october.series).toEqual([
        { date: "2026-10-01", logins: 0, users: 0 },
        { date: "2026-10-05", logins: 5, users: 2 },
        { date: "2026-10-12", logins: 1, users: 1 },
      ]);
      expect(october.actorsByLogins).toEqual([{ logins: 1, actors: 1 }, { logins: 2, actors: 1 }, { logins: 3, actors: 1 }]);
      expect(october.perAccount).toEqual([{ accountId: "acme", logins: 6, activeUsers: 3 }]);
      expect((await week("2026-09-30", "2026-10-06")).actorsByLogins).toEqual([{ logins: 1, actors: 1 }, { logins: 3, actors: 1 }]);
      expect((await week("2026-10-06", "2026-10-11")).actorsByLogins).toEqual([{ logins: 1, actors: 1 }, { logins: 2, actors: 1 }]);

      // The same people as a segment (their account's tier), counted from their own rows: cy's only sign-in
      // lies after Oct 6-11, so cy is in neither the series nor the counts of that range.
      const join = (userId: string, traits = {}): StoredEvent => ({ ...signIn(userId, "2026-10-05T08:00:00Z"), messageId: `group-${userId}`, type: "group", event: null, traits });
      await store.append(LOGINS, [join("ann", { tier: "gold" }), join("bob"), join("cy")]);
      const segment = { scope: "account" as const, trait: "tier", value: "gold" };
      for (const interval of ["day", "week", "month"] as const) {
        const q = { from: "2026-10-06", to: "2026-10-11", tz: "UTC", interval, segment };
        const got = await store.loginStats(LOGINS, q);
        expect(got.actorsByLogins, interval).toEqual([{ logins: 1, actors: 1 }, { logins: 2, actors: 1 }]);
        expect(got.series.reduce((n, p) => n + p.logins, 0), interval).toBe(3);
      }
    });

    it("counts who finished a checklist by a top-level checklist id, whatever else their properties hold", async () => {
      const DONE = "analytics-finishers";
      let m = 0;
      const done = (userId: string, accountId: string, properties: Record<string, unknown>): StoredEvent => ({
        messageId: `done-${++m}`, type: "track", event: "Checklist Completed", userId, anonymousId: null, accountId,
        timestamp: Date.parse("2026-10-06T12:00:00Z"), receivedAt: 0, properties, traits: {}, context: {},
      });
      await store.append(DONE, [
        done("ann", "acme", { checklist_id: "setup", meta: { step: 3 } }),
        done("ann", "acme", { checklist_id: "setup" }),
        done("bob", "acme", { checklist_id: 'say "go"' }),
        done("cat", "acme", { checklist_id: 7 }),
        done("dan", "acme", { meta: { checklist_id: "setup" } }),
        done("eve", "acme", { checklist_id: true }),
        done("fay", "beta", { checklist_id: null, tags: ["x"] }),
      ]);
      const q: RangeQuery = { from: "2026-10-01", to: "2026-10-31", tz: "UTC" };
      // ann (twice, counted once), bob and cat; dan's id is nested, eve's and fay's are not ids.
      expect(await store.checklistFinishers(DONE, q)).toEqual([{ accountId: "acme", people: 3 }]);
    });

    describe("hand-computed cases", () => {
      const T = (iso: string) => Date.parse(iso);
      let n = 0;
      const ev = (p: Partial<StoredEvent>): StoredEvent => ({
        messageId: `small-${++n}`, type: "track", event: "Feature Used", userId: null, anonymousId: null, accountId: null,
        timestamp: T("2026-10-05T12:00:00Z"), receivedAt: 0, properties: {}, traits: {}, context: {}, ...p,
      });

      beforeAll(async () => {
        // Day 1 (Mon Oct 5): ann signs in twice under acme and uses export; an anonymous visitor browses.
        // Day 2: bob, at 01:30 UTC (still Oct 5 in São Paulo), uses export under acme.
        // Day 3: the visitor identifies as carl; carl signs in under beta. A late event for ann (Oct 4)
        // arrives last, and bob moves to beta (his later events are beta's).
        await store.append(SMALL, [
          ev({ type: "group", event: null, userId: "ann", accountId: "acme", traits: { tier: "high-touch" }, timestamp: T("2026-10-05T09:00:00Z") }),
          ev({ event: "Signed In", userId: "ann", accountId: "acme", timestamp: T("2026-10-05T09:01:00Z") }),
          ev({ event: "Signed In", userId: "ann", accountId: "acme", timestamp: T("2026-10-05T15:00:00Z") }),
          ev({ userId: "ann", accountId: "acme", properties: { feature: "export" }, timestamp: T("2026-10-05T09:02:00Z") }),
          ev({ type: "page", event: "Home", anonymousId: "visitor-1", timestamp: T("2026-10-05T10:00:00Z") }),
        ]);
        await store.append(SMALL, [
          ev({ type: "group", event: null, userId: "bob", accountId: "acme", timestamp: T("2026-10-06T01:29:00Z") }),
          ev({ userId: "bob", accountId: "acme", properties: { feature: "export" }, timestamp: T("2026-10-06T01:30:00Z") }),
        ]);
        await store.append(SMALL, [
          ev({ type: "identify", event: null, userId: "carl", anonymousId: "visitor-1", traits: { role: "admin" }, timestamp: T("2026-10-07T08:00:00Z") }),
          ev({ type: "group", event: null, userId: "carl", accountId: "beta", traits: { tier: "tech-touch" }, timestamp: T("2026-10-07T08:01:00Z") }),
          ev({ event: "Signed In", userId: "carl", accountId: "beta", timestamp: T("2026-10-07T08:02:00Z") }),
          ev({ type: "group", event: null, userId: "bob", accountId: "beta", timestamp: T("2026-10-07T09:00:00Z") }),
          ev({ userId: "bob", accountId: "beta", properties: { feature: "import" }, timestamp: T("2026-10-07T09:01:00Z") }),
          ev({ userId: "ann", accountId: "acme", properties: { feature: "export" }, timestamp: T("2026-10-04T23:00:00Z") }),
        ]);
      });

      const q = (from: string, to: string, tz = "UTC", segment?: RangeQuery["segment"]): RangeQuery => ({ from, to, tz, ...(segment ? { segment } : {}) });

      it("counts an anonymous visitor who later identifies once, from their first visit", async () => {
        expect(await store.activeTotals(SMALL, q("2026-10-05", "2026-10-07"))).toEqual({ users: 3, accounts: 2 });
        const cells = await store.cohorts(SMALL, { ...q("2026-10-05", "2026-10-11"), interval: "day" });
        // ann's late Oct 4 event makes her first seen before the range: only bob (Oct 6) and carl (Oct 5) are cohorts.
        expect(byKey(cells, (c) => `${c.cohort}|${c.period}`)).toEqual([
          { cohort: "2026-10-05", period: 0, actors: 1 },
          { cohort: "2026-10-05", period: 2, actors: 1 },
          { cohort: "2026-10-06", period: 0, actors: 1 },
          { cohort: "2026-10-06", period: 1, actors: 1 },
        ]);
      });

      it("places a late, out-of-order event on its own day, with the gaps after it mended", async () => {
        const gaps = byKey(await store.activityGaps(SMALL, q("2026-10-04", "2026-10-07")), (g) => `${g.day}|${g.gap}`);
        expect(gaps).toEqual([
          { day: "2026-10-04", gap: 30, actors: 1 }, // ann, first ever
          { day: "2026-10-05", gap: 1, actors: 1 }, // ann, the day after her late event
          { day: "2026-10-05", gap: 30, actors: 1 }, // the visitor, now carl
          { day: "2026-10-06", gap: 30, actors: 1 }, // bob
          { day: "2026-10-07", gap: 1, actors: 1 }, // bob again
          { day: "2026-10-07", gap: 2, actors: 1 }, // carl, two days after his anonymous visit
        ]);
      });

      // ann's late Oct 4 event comes before her Oct 5 row: a week from Oct 4 counts her once, on Oct 4.
      const WINDOWS = [
        { from: "2026-10-05", to: "2026-10-11" },
        { from: "2026-10-04", to: "2026-10-10" },
        { from: "2026-10-04", to: "2026-10-04" },
        { from: "2026-10-01", to: "2026-10-31" },
      ];
      const windowUsers = async () =>
        byKey(
          (await store.accountWindows(SMALL, q("2026-10-01", "2026-10-31"), WINDOWS))
            .flatMap((r) => r.users.flatMap((n, w) => (r.events[w] ? [`${r.accountId} ${w}: ${n}`] : []))),
          (r) => r,
        );

      it("counts each account's distinct users in each window, late events included", async () => {
        expect(await windowUsers()).toEqual(["acme 0: 2", "acme 1: 2", "acme 2: 1", "acme 3: 2", "beta 0: 2", "beta 1: 2", "beta 3: 2"]);
      });

      it("counts a person once in a week that spans two half years, or two years", async () => {
        // dee uses export under delta on Mon Jun 29 and Thu Jul 2, and on Wed Dec 30 and Fri Jan 1.
        const EDGES = "analytics-edges";
        await store.append(EDGES, ["2026-06-29", "2026-07-02", "2026-12-30", "2027-01-01"].map((day) =>
          ev({ userId: "dee", accountId: "delta", properties: { feature: "export" }, timestamp: T(`${day}T12:00:00Z`) })));
        const windows = [
          { from: "2026-06-29", to: "2026-07-05" },
          { from: "2026-12-28", to: "2027-01-03" },
          { from: "2026-12-30", to: "2026-12-30" },
          { from: "2026-07-01", to: "2026-07-01" },
          { from: "2026-06-01", to: "2027-01-31" },
        ];
        const [delta] = await store.accountWindows(EDGES, q("2026-06-01", "2027-01-31"), windows);
        expect(delta).toEqual({ accountId: "delta", users: [1, 1, 1, 0, 1], events: [2, 2, 1, 0, 4], logins: [0, 0, 0, 0, 0], uses: [2, 2, 1, 0, 4] });
        // Asked from late in a half year, its rows are still read from the half's start.
        const late = await store.accountWindows(EDGES, q("2026-12-28", "2027-01-03"), windows.slice(1, 3));
        expect(late).toEqual([{ accountId: "delta", users: [1, 1], events: [2, 1], logins: [0, 0], uses: [2, 1] }]);
      });

      it("counts logins and users per interval, and per account", async () => {
        const stats = await store.loginStats(SMALL, { ...q("2026-10-05", "2026-10-11"), interval: "week" });
        expect(stats.series).toEqual([{ date: "2026-10-05", logins: 3, users: 2 }]);
        expect(byKey(stats.perAccount, (a) => a.accountId)).toEqual([
          { accountId: "acme", logins: 2, activeUsers: 2 },
          { accountId: "beta", logins: 1, activeUsers: 2 },
        ]);
      });

      it("files uses under the account of the event when a user switches account", async () => {
        const rows = byKey(await store.accountFeatures(SMALL, q("2026-10-01", "2026-10-31")), (r) => `${r.accountId}|${r.feature}`);
        expect(rows).toEqual([
          { accountId: "acme", feature: "export", uses: 3 },
          { accountId: "beta", feature: "import", uses: 1 },
        ]);
        // ann's late Oct 4 export is one of acme's three; without acme, only beta's import is left.
        expect(byKey(await store.accountFeatureUses(SMALL, q("2026-10-01", "2026-10-31"), []), (r) => r.feature)).toEqual([
          { feature: "export", uses: 3 },
          { feature: "import", uses: 1 },
        ]);
        expect(await store.accountFeatureUses(SMALL, q("2026-10-01", "2026-10-31"), ["acme"])).toEqual([{ feature: "import", uses: 1 }]);
        // bob now belongs to beta: an account segment follows his current account.
        const beta = await store.featureUsage(SMALL, { ...q("2026-10-01", "2026-10-31", "UTC", { scope: "account", trait: "tier", value: "tech-touch" }), interval: "month" });
        expect(byKey(beta.totals, (t) => t.feature)).toEqual([
          { feature: "export", users: 1, accounts: 0, uses: 1 },
          { feature: "import", users: 1, accounts: 1, uses: 1 },
        ]);
      });

      it("reads local days in the tz parameter", async () => {
        // 01:30 UTC on Oct 6 is 22:30 on Oct 5 in São Paulo: bob's first export lands on Oct 5 there.
        const utc = await store.featureUsage(SMALL, { ...q("2026-10-05", "2026-10-05"), interval: "day", feature: "export" });
        const sp = await store.featureUsage(SMALL, { ...q("2026-10-05", "2026-10-05", "America/Sao_Paulo"), interval: "day", feature: "export" });
        expect(utc.totals).toEqual([{ feature: "export", users: 1, accounts: 1, uses: 1 }]);
        expect(sp.totals).toEqual([{ feature: "export", users: 2, accounts: 1, uses: 2 }]);
      });

      it("counts a user's erased events nowhere", async () => {
        await store.eraseUser(SMALL, "bob");
        expect(await store.activeTotals(SMALL, q("2026-10-05", "2026-10-07"))).toEqual({ users: 2, accounts: 2 });
        const rows = byKey(await store.accountFeatures(SMALL, q("2026-10-01", "2026-10-31")), (r) => `${r.accountId}|${r.feature}`);
        expect(rows).toEqual([{ accountId: "acme", feature: "export", uses: 2 }]);
        expect(await store.accountBreadth(SMALL, q("2026-10-01", "2026-10-31"))).toEqual({ accounts: [{ accountId: "acme", features: 1 }], features: 1 });
        expect(await store.accountFeatureUses(SMALL, q("2026-10-01", "2026-10-31"), [])).toEqual([{ feature: "export", uses: 2 }]);
        expect(await windowUsers()).toEqual(["acme 0: 1", "acme 1: 1", "acme 2: 1", "acme 3: 1", "beta 0: 1", "beta 1: 1", "beta 3: 1"]);
        // carl's sign-in (made after his anonymous visit) goes with him: from the series, the frequency and beta.
        await store.eraseUser(SMALL, "carl");
        const logins = await store.loginStats(SMALL, { ...q("2026-10-05", "2026-10-11"), interval: "week" });
        expect(logins.series).toEqual([{ date: "2026-10-05", logins: 2, users: 1 }]);
        expect(logins.actorsByLogins).toEqual([{ logins: 2, actors: 1 }]);
        expect(logins.perAccount).toEqual([{ accountId: "acme", logins: 2, activeUsers: 1 }]);
      });
    });
  });
}

import { describe, expect, it } from "vitest";
import { ZSurveyInput, type TSurveyInput } from "@uptake/schema";
import type { SurveyHistory, WidgetProfile } from "../store/widget-types.ts";
import { sampleBucket, traitMatches } from "./audience.ts";
import { OPEN_MS, eligibleSurveys, surveyVerdict, type SurveyVerdict } from "./surveys.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-23T12:00:00Z");

const profile = (p: Partial<WidgetProfile> = {}): WidgetProfile => ({
  actor: "ana", traits: { role: "admin", seats: "12" }, accountId: "acme", accountTraits: { plan: "pro", tier: "high-touch" },
  firstSeen: NOW - 30 * DAY, ...p,
});
const seen = (surveyId: string, h: Partial<SurveyHistory>): SurveyHistory => ({
  surveyId, shown: 1, lastShownAt: null, lastRespondedAt: null, lastDismissedAt: null, lastSnoozedAt: null, ...h,
});
const survey = (extra: Partial<TSurveyInput> = {}) => ZSurveyInput.parse({ id: "nps", kind: "nps", question: "Recommend?", ...extra });

/** A user for whom the 50% sample draw falls in (or out), found rather than assumed. */
const inSample = ["u0", "u1", "u2", "u3", "u4", "u5"].find((a) => sampleBucket("nps", a) < 0.5) as string;
const outOfSample = ["u0", "u1", "u2", "u3", "u4", "u5"].find((a) => sampleBucket("nps", a) >= 0.5) as string;

type Case = {
  name: string;
  def?: Partial<TSurveyInput>;
  who?: Partial<WidgetProfile>;
  history?: SurveyHistory[];
  gap?: number;
  archived?: boolean;
  expect: SurveyVerdict;
};

const cases: Case[] = [
  { name: "a new survey with no rules", expect: "ok" },
  { name: "an archived survey", archived: true, expect: "archived" },
  { name: "user trait equal", def: { audience: { traits: { role: "admin" } } }, expect: "ok" },
  { name: "user trait different", def: { audience: { traits: { role: "viewer" } } }, expect: "audience" },
  { name: "user trait one of a list", def: { audience: { traits: { role: ["owner", "admin"] } } }, expect: "ok" },
  { name: "numeric trait sent as a string, gte", def: { audience: { traits: { seats: { gte: 10 } } } }, expect: "ok" },
  { name: "numeric trait below lt", def: { audience: { traits: { seats: { lt: 5 } } } }, expect: "audience" },
  { name: "missing trait with exists: true", def: { audience: { traits: { email: { exists: true } } } }, expect: "audience" },
  { name: "missing trait with exists: false", def: { audience: { traits: { email: { exists: false } } } }, expect: "ok" },
  { name: "account plan matches", def: { audience: { accountTraits: { plan: "pro" } } }, expect: "ok" },
  { name: "account tier excluded by notIn", def: { audience: { accountTraits: { tier: { notIn: ["high-touch"] } } } }, expect: "audience" },
  { name: "no account at all, account trait asked", def: { audience: { accountTraits: { plan: "pro" } } }, who: { accountId: null, accountTraits: {} }, expect: "audience" },
  { name: "sample 0 shows nobody", def: { audience: { sample: 0 } }, expect: "sample" },
  { name: "sample 1 shows everybody", def: { audience: { sample: 1 } }, expect: "ok" },
  { name: "sample 0.5, user drawn in", def: { audience: { sample: 0.5 } }, who: { actor: inSample }, expect: "ok" },
  { name: "sample 0.5, user drawn out", def: { audience: { sample: 0.5 } }, who: { actor: outOfSample }, expect: "sample" },
  { name: "afterDays 7, first seen 30 days ago", def: { trigger: { afterDays: 7 } }, expect: "ok" },
  { name: "afterDays 7, first seen 2 days ago", def: { trigger: { afterDays: 7 } }, who: { firstSeen: NOW - 2 * DAY }, expect: "too-new" },
  { name: "afterDays 7, never seen", def: { trigger: { afterDays: 7 } }, who: { firstSeen: null }, expect: "too-new" },
  { name: "maxDisplays reached", def: { maxDisplays: 2 }, history: [seen("nps", { shown: 2, lastShownAt: NOW - 200 * DAY })], expect: "max-displays" },
  { name: "maxDisplays not reached", def: { maxDisplays: 3 }, history: [seen("nps", { shown: 2, lastShownAt: NOW - 200 * DAY })], expect: "ok" },
  { name: "answered 30 days ago, default recontact 90", history: [seen("nps", { lastShownAt: NOW - 30 * DAY, lastRespondedAt: NOW - 30 * DAY })], expect: "recontact" },
  { name: "answered 91 days ago", history: [seen("nps", { lastShownAt: NOW - 91 * DAY, lastRespondedAt: NOW - 91 * DAY })], expect: "ok" },
  { name: "closed 10 days ago, recontact 7", def: { recontactDays: 7 }, history: [seen("nps", { lastShownAt: NOW - 10 * DAY, lastDismissedAt: NOW - 10 * DAY })], expect: "ok" },
  { name: "shown and ignored yesterday", history: [seen("nps", { lastShownAt: NOW - DAY })], expect: "recontact" },
  { name: "'Ask me later' 3 days ago, default snooze 7", history: [seen("nps", { lastShownAt: NOW - 3 * DAY, lastSnoozedAt: NOW - 3 * DAY })], expect: "snoozed" },
  { name: "'Ask me later' 8 days ago: back, the snoozed display not counted as contact", history: [seen("nps", { lastShownAt: NOW - 8 * DAY, lastSnoozedAt: NOW - 8 * DAY })], expect: "ok" },
  { name: "'Ask me later' 2 days ago, snooze 1", def: { snoozeDays: 1 }, history: [seen("nps", { lastShownAt: NOW - 2 * DAY, lastSnoozedAt: NOW - 2 * DAY })], expect: "ok" },
  { name: "snoozed once long ago, shown again and answered last week", history: [seen("nps", { shown: 2, lastSnoozedAt: NOW - 60 * DAY, lastShownAt: NOW - 7 * DAY, lastRespondedAt: NOW - 7 * DAY })], expect: "recontact" },
  { name: "another survey shown 10 days ago, default gap 30", history: [seen("csat", { lastShownAt: NOW - 10 * DAY, lastRespondedAt: NOW - 10 * DAY })], expect: "gap" },
  { name: "another survey shown 31 days ago", history: [seen("csat", { lastShownAt: NOW - 31 * DAY, lastRespondedAt: NOW - 31 * DAY })], expect: "ok" },
  { name: "another survey 10 days ago, gap 7", gap: 7, history: [seen("csat", { lastShownAt: NOW - 10 * DAY })], expect: "ok" },
  { name: "gap 0, another survey on screen right now", gap: 0, history: [seen("csat", { lastShownAt: NOW - 60_000 })], expect: "another-open" },
  { name: "gap 0, another survey answered a minute ago", gap: 0, history: [seen("csat", { lastShownAt: NOW - 120_000, lastRespondedAt: NOW - 60_000 })], expect: "ok" },
  { name: "gap 0, another survey left open past the open window", gap: 0, history: [seen("csat", { lastShownAt: NOW - OPEN_MS - 1 })], expect: "ok" },
];

describe("survey targeting rules", () => {
  it.each(cases)("$name → $expect", (c) => {
    const s = { id: "nps", archived: c.archived ?? false, definition: survey(c.def) };
    const verdict = surveyVerdict(s, { profile: profile(c.who), history: c.history ?? [], settings: { surveyGapDays: c.gap ?? 30 }, now: NOW });
    expect(verdict).toBe(c.expect);
  });

  it("draws the sample once per user: the same verdict on every request, about the asked share overall", () => {
    const def = survey({ audience: { sample: 0.3 } });
    const ctx = (actor: string) => ({ profile: profile({ actor }), history: [], settings: { surveyGapDays: 30 }, now: NOW });
    const actors = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
    const first = actors.map((a) => surveyVerdict({ id: "nps", archived: false, definition: def }, ctx(a)));
    const again = actors.map((a) => surveyVerdict({ id: "nps", archived: false, definition: def }, ctx(a)));
    expect(again).toEqual(first);
    const share = first.filter((v) => v === "ok").length / actors.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it("keeps the vendor's order among eligible surveys", () => {
    const list = ["a", "b", "c"].map((id) => ({ id, archived: id === "b", definition: survey({ id }) }));
    const ctx = { profile: profile(), history: [], settings: { surveyGapDays: 30 }, now: NOW };
    expect(eligibleSurveys(list, ctx).map((s) => s.id)).toEqual(["a", "c"]);
  });

  it("compares numbers and numeric strings, and nothing else loosely", () => {
    expect(traitMatches(42, "42")).toBe(true);
    expect(traitMatches("42", 42)).toBe(true);
    expect(traitMatches(true, "true")).toBe(false);
    expect(traitMatches(0, "")).toBe(false);
    expect(traitMatches({ gt: 1, lte: 3 }, 3)).toBe(true);
    expect(traitMatches({ gt: 1 }, undefined)).toBe(false);
  });
});

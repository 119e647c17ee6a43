/**
 * The independent answer key of the analytics contract: every AnalyticsStore question computed in plain
 * TypeScript straight from the raw events as they were sent (in arrival order), with its own identity
 * resolution, account attribution and profiles. Deliberately naive (sets and loops, no rollups), so a
 * store's rollups are checked against something that shares none of their code.
 */
import type {
  AccountActivity, AccountFeatureRow, AccountOutcome, AccountWindows, ActiveTotals, ActivityGap, BucketQuery, ChecklistEvent, CohortCell,
  DayWindow, FeatureUsage, LoginStats,
} from "../store/analytics-types.ts";
import type { RangeQuery, StoredEvent } from "../store/types.ts";

const DAY = 86_400_000;
type E = { e: StoredEvent; actor: string; account: string | null };

function dayOf(ts: number, tz: string): number {
  if (tz === "UTC") return Math.floor(ts / DAY);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(ts);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Math.floor(Date.UTC(get("year"), get("month") - 1, get("day")) / DAY);
}
const num = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

/** The bucket start (as a day number) of day d: day, Monday-first week, or month, clipped to `from`. */
function bucketStart(d: number, interval: BucketQuery["interval"], from: number): number {
  const date = new Date(d * DAY);
  let start = d;
  if (interval === "week") start = d - ((date.getUTCDay() + 6) % 7);
  if (interval === "month") start = Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY);
  return Math.max(start, from);
}

function keyOf(e: StoredEvent): string | null {
  if (e.type !== "track") return null;
  if (e.event === "Signed In") return "login";
  if (e.event === "Feature Used" && typeof e.properties.feature === "string" && e.properties.feature !== "") return `f:${e.properties.feature}`;
  return null;
}

export function createTruth(batches: StoredEvent[][]) {
  const identities = new Map<string, string>();
  const seen = new Set<string>();
  const userAccount = new Map<string, string>();
  const userTraits = new Map<string, Record<string, unknown>>();
  const accountTraits = new Map<string, Record<string, unknown>>();
  const raw: StoredEvent[] = [];
  const attributed: { e: StoredEvent; actorAtArrival: string; account: string | null }[] = [];
  for (const batch of batches) {
    for (const e of batch) {
      if (seen.has(e.messageId)) continue;
      seen.add(e.messageId);
      if (e.userId != null && e.anonymousId != null && !identities.has(e.anonymousId)) identities.set(e.anonymousId, e.userId);
      const actorNow = e.userId ?? identities.get(e.anonymousId as string) ?? (e.anonymousId as string);
      const account = e.type === "group" ? e.accountId : (e.accountId ?? userAccount.get(actorNow) ?? null);
      if (e.type === "group" && account != null) {
        userAccount.set(actorNow, account);
        accountTraits.set(account, { ...accountTraits.get(account), ...e.traits });
      }
      if (e.type === "identify") userTraits.set(actorNow, { ...userTraits.get(actorNow), ...e.traits });
      raw.push(e);
      attributed.push({ e, actorAtArrival: actorNow, account });
    }
  }
  // Identification is retroactive: every event of an anonymous id that became a user is that user's.
  const events: E[] = attributed.map((a) => ({ e: a.e, account: a.account, actor: identities.get(a.actorAtArrival) ?? a.actorAtArrival }));
  const firstSeen = new Map<string, number>();
  for (const x of events) firstSeen.set(x.actor, Math.min(firstSeen.get(x.actor) ?? Infinity, x.e.timestamp));
  // Traits filed under an anonymous id before it was identified move to the user too.
  for (const [anon, user] of identities) {
    const t = userTraits.get(anon);
    if (t) userTraits.set(user, { ...userTraits.get(user), ...t });
    const acct = userAccount.get(anon);
    if (acct != null && !userAccount.has(user)) userAccount.set(user, acct);
  }

  const traitMatch = (traits: Record<string, unknown> | undefined, trait: string, value: string) =>
    traits != null && traits[trait] != null && String(traits[trait]) === value;
  const actorOk = (actor: string, q: RangeQuery) => {
    const s = q.segment;
    if (!s) return true;
    if (s.scope === "user") return traitMatch(userTraits.get(actor), s.trait, s.value);
    const acct = userAccount.get(actor);
    return acct != null && traitMatch(accountTraits.get(acct), s.trait, s.value);
  };
  const accountOk = (account: string, q: RangeQuery) => {
    const s = q.segment;
    if (!s) return true;
    if (s.scope === "account") return traitMatch(accountTraits.get(account), s.trait, s.value);
    for (const [actor, acct] of userAccount) if (acct === account && traitMatch(userTraits.get(actor), s.trait, s.value)) return true;
    return false;
  };
  const inRange = (x: E, q: RangeQuery, from = num(q.from), to = num(q.to)) => {
    const d = dayOf(x.e.timestamp, q.tz);
    return d >= from && d <= to;
  };

  return {
    events: raw,
    activityGaps(q: RangeQuery): ActivityGap[] {
      const days = new Map<string, Set<number>>();
      for (const x of events) {
        if (!actorOk(x.actor, q)) continue;
        const s = days.get(x.actor) ?? new Set<number>();
        s.add(dayOf(x.e.timestamp, q.tz));
        days.set(x.actor, s);
      }
      const out = new Map<string, number>();
      for (const s of days.values()) {
        const sorted = [...s].sort((a, b) => a - b);
        sorted.forEach((d, i) => {
          if (d < num(q.from) || d > num(q.to)) return;
          const gap = i === 0 ? 30 : Math.min(30, d - sorted[i - 1]);
          out.set(`${d}|${gap}`, (out.get(`${d}|${gap}`) ?? 0) + 1);
        });
      }
      return [...out].map(([k, actors]) => ({ day: iso(Number(k.split("|")[0])), gap: Number(k.split("|")[1]), actors }));
    },
    activeTotals(q: RangeQuery): ActiveTotals {
      const users = new Set<string>();
      const accounts = new Set<string>();
      for (const x of events) {
        if (!inRange(x, q)) continue;
        if (actorOk(x.actor, q)) users.add(x.actor);
        if (x.account != null && accountOk(x.account, q)) accounts.add(x.account);
      }
      return { users: users.size, accounts: accounts.size };
    },
    loginStats(q: BucketQuery): LoginStats {
      const from = num(q.from);
      const series = new Map<number, { logins: number; users: Set<string> }>();
      for (let d = from; d <= num(q.to); d++) {
        const b = bucketStart(d, q.interval, from);
        if (!series.has(b)) series.set(b, { logins: 0, users: new Set() });
      }
      const perActor = new Map<string, number>();
      const perAccount = new Map<string, { logins: number; users: Set<string> }>();
      for (const x of events) {
        if (!inRange(x, q)) continue;
        const login = keyOf(x.e) === "login";
        if (login && actorOk(x.actor, q)) {
          const s = series.get(bucketStart(dayOf(x.e.timestamp, q.tz), q.interval, from));
          if (s) {
            s.logins++;
            s.users.add(x.actor);
          }
          perActor.set(x.actor, (perActor.get(x.actor) ?? 0) + 1);
        }
        if (x.account != null && accountOk(x.account, q)) {
          const a = perAccount.get(x.account) ?? { logins: 0, users: new Set<string>() };
          a.users.add(x.actor);
          if (login) a.logins++;
          perAccount.set(x.account, a);
        }
      }
      return {
        series: [...series].map(([d, s]) => ({ date: iso(d), logins: s.logins, users: s.users.size })),
        actorsByLogins: [...new Set(perActor.values())].sort((a, b) => a - b)
          .map((logins) => ({ logins, actors: [...perActor.values()].filter((n) => n === logins).length })),
        perAccount: [...perAccount].map(([accountId, a]) => ({ accountId, logins: a.logins, activeUsers: a.users.size })),
      };
    },
    featureUsage(q: BucketQuery & { feature?: string }): FeatureUsage {
      const from = num(q.from);
      const totals = new Map<string, { users: Set<string>; accounts: Set<string>; uses: number }>();
      const series = new Map<string, { users: Set<string>; uses: number }>();
      for (const x of events) {
        const k = keyOf(x.e);
        if (!k?.startsWith("f:") || !inRange(x, q)) continue;
        const feature = k.slice(2);
        if (q.feature != null && feature !== q.feature) continue;
        const t = totals.get(feature) ?? { users: new Set<string>(), accounts: new Set<string>(), uses: 0 };
        totals.set(feature, t);
        if (x.account != null && accountOk(x.account, q)) t.accounts.add(x.account);
        if (!actorOk(x.actor, q)) continue;
        t.users.add(x.actor);
        t.uses++;
        const id = `${feature}|${iso(bucketStart(dayOf(x.e.timestamp, q.tz), q.interval, from))}`;
        const s = series.get(id) ?? { users: new Set<string>(), uses: 0 };
        s.users.add(x.actor);
        s.uses++;
        series.set(id, s);
      }
      return {
        totals: [...totals].filter(([, t]) => t.uses > 0).map(([feature, t]) => ({ feature, users: t.users.size, accounts: t.accounts.size, uses: t.uses })),
        series: [...series].map(([id, s]) => ({ feature: id.split("|")[0], date: id.split("|")[1], users: s.users.size, uses: s.uses })),
      };
    },
    accountFeatures(q: RangeQuery): AccountFeatureRow[] {
      const out = new Map<string, number>();
      for (const x of events) {
        const k = keyOf(x.e);
        if (!k?.startsWith("f:") || x.account == null || !inRange(x, q) || !accountOk(x.account, q)) continue;
        const id = `${x.account}|${k.slice(2)}`;
        out.set(id, (out.get(id) ?? 0) + 1);
      }
      return [...out].map(([id, uses]) => ({ accountId: id.split("|")[0], feature: id.split("|")[1], uses }));
    },
    accountWindows(q: RangeQuery, windows: DayWindow[]): AccountWindows[] {
      const zeros = () => windows.map(() => 0);
      const cells = new Map<string, { users: Set<string>[]; events: number[]; logins: number[]; uses: number[] }>();
      windows.forEach((w, window) => {
        for (const x of events) {
          if (x.account == null || !inRange(x, q, num(w.from), num(w.to)) || !accountOk(x.account, q)) continue;
          let c = cells.get(x.account);
          if (!c) cells.set(x.account, (c = { users: windows.map(() => new Set<string>()), events: zeros(), logins: zeros(), uses: zeros() }));
          c.users[window].add(x.actor);
          c.events[window]++;
          const k = keyOf(x.e);
          if (k === "login") c.logins[window]++;
          if (k?.startsWith("f:")) c.uses[window]++;
        }
      });
      return [...cells].map(([accountId, c]) => ({ accountId, ...c, users: c.users.map((s) => s.size) }));
    },
    cohorts(q: BucketQuery): CohortCell[] {
      const from = num(q.from);
      const to = num(q.to);
      const starts = [...new Set(Array.from({ length: to - from + 1 }, (_, i) => bucketStart(from + i, q.interval, from)))];
      const index = (d: number) => starts.indexOf(bucketStart(d, q.interval, from));
      const cells = new Map<string, Set<string>>();
      for (const x of events) {
        const first = dayOf(firstSeen.get(x.actor) as number, q.tz);
        if (first < from || first > to || !inRange(x, q) || !actorOk(x.actor, q)) continue;
        const id = `${iso(starts[index(first)])}|${index(dayOf(x.e.timestamp, q.tz)) - index(first)}`;
        const s = cells.get(id) ?? new Set<string>();
        s.add(x.actor);
        cells.set(id, s);
      }
      return [...cells].map(([id, s]) => ({ cohort: id.split("|")[0], period: Number(id.split("|")[1]), actors: s.size }));
    },
    /** Counts of shown/dismissed/responded and the responses' (messageId, score) for one survey. */
    survey(q: RangeQuery, surveyId: string) {
      let shown = 0;
      let dismissed = 0;
      const responses: { messageId: string; score: unknown; scale: unknown; kind: unknown; comment: unknown; actor: string; accountId: string | null }[] = [];
      for (const x of events) {
        if (x.e.type !== "track" || x.e.properties.survey_id !== surveyId || !inRange(x, q) || !actorOk(x.actor, q)) continue;
        if (x.e.event === "Survey Shown") shown++;
        if (x.e.event === "Survey Dismissed") dismissed++;
        if (x.e.event === "Survey Responded") {
          const p = x.e.properties;
          responses.push({ messageId: x.e.messageId, score: p.score, scale: p.scale ?? null, kind: p.kind, comment: p.comment ?? null, actor: x.actor, accountId: x.account });
        }
      }
      return { shown, dismissed, responses };
    },
    checklist(q: RangeQuery, checklistId: string): ChecklistEvent[] {
      return events
        .filter((x) => x.e.type === "track" && (x.e.event === "Checklist Item Completed" || x.e.event === "Checklist Completed"))
        .filter((x) => x.e.properties.checklist_id === checklistId && inRange(x, q) && actorOk(x.actor, q))
        .map((x) => ({
          actor: x.actor, accountId: x.account, checklistId, itemId: x.e.event === "Checklist Completed" ? null : String(x.e.properties.item_id),
          timestamp: x.e.timestamp, firstSeen: firstSeen.get(x.actor) as number,
        }));
    },
    outcomes(q: RangeQuery): Omit<AccountOutcome, "day">[] {
      return events
        .filter((x) => x.e.type === "track" && (x.e.event === "Account Renewed" || x.e.event === "Account Churned") && x.account != null)
        .filter((x) => inRange(x, q) && accountOk(x.account as string, q))
        .map((x) => ({ accountId: x.account as string, kind: x.e.event === "Account Renewed" ? ("renewed" as const) : ("churned" as const), timestamp: x.e.timestamp }));
    },
    accountActivity(accountId: string, q: RangeQuery): AccountActivity {
      const lastSeen = new Map<string, number>();
      for (const x of events) lastSeen.set(x.actor, Math.max(lastSeen.get(x.actor) ?? 0, x.e.timestamp));
      const users = new Map<string, { logins: number; events: number }>();
      for (const [actor, acct] of userAccount) if (acct === accountId && !identities.has(actor)) users.set(actor, { logins: 0, events: 0 });
      const features = new Map<string, { uses: number; users: Set<string>; lastUsed: number }>();
      for (const x of events) {
        if (x.account !== accountId || !inRange(x, q)) continue;
        const u = users.get(x.actor) ?? { logins: 0, events: 0 };
        users.set(x.actor, u);
        u.events++;
        const k = keyOf(x.e);
        if (k === "login") u.logins++;
        if (!k?.startsWith("f:")) continue;
        const f = features.get(k.slice(2)) ?? { uses: 0, users: new Set<string>(), lastUsed: 0 };
        features.set(k.slice(2), f);
        f.uses++;
        f.users.add(x.actor);
        f.lastUsed = Math.max(f.lastUsed, x.e.timestamp);
      }
      return {
        users: [...users].map(([actor, u]) => ({ actor, traits: userTraits.get(actor) ?? {}, lastSeen: lastSeen.get(actor) as number, ...u })),
        features: [...features].map(([feature, f]) => ({ feature, uses: f.uses, users: f.users.size, lastUsed: f.lastUsed })),
      };
    },
    /** Per account: users whose current account it is, and the last `Signed In` filed under it. */
    profiles(): { accountId: string; users: number; lastLogin: number | null }[] {
      const out = new Map<string, { users: number; lastLogin: number | null }>();
      for (const a of accountTraits.keys()) out.set(a, { users: 0, lastLogin: null });
      for (const x of events) if (x.account != null && !out.has(x.account)) out.set(x.account, { users: 0, lastLogin: null });
      for (const [actor, acct] of userAccount) if (!identities.has(actor)) { const o = out.get(acct); if (o) o.users++; }
      for (const x of events) {
        if (keyOf(x.e) !== "login" || x.account == null) continue;
        const o = out.get(x.account);
        if (o) o.lastLogin = Math.max(o.lastLogin ?? 0, x.e.timestamp);
      }
      return [...out].map(([accountId, o]) => ({ accountId, ...o }));
    },
  };
}

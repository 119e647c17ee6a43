/**
 * A seeded generator of realistic B2B SaaS activity for the demo, the tests and the benchmark: accounts in
 * tiers (tech-, low-, mid-, high-touch) with plans and regions, their users signing in on weekdays more than
 * weekends, using features with uneven popularity, answering NPS and CSAT surveys, working through the
 * onboarding checklist, renewing or churning. Anonymous visits before sign-in, users who switch account,
 * and events delivered late and out of order are part of it, because real data has them.
 *
 * Events stream out day by day in batches, so 10 M events never sit in memory at once.
 */
import type { StoredEvent } from "../store/types.ts";

export type DemoOptions = {
  /** Same seed, same events. */
  seed?: number;
  /** Roughly how many events to generate (the exact count is reported by the generator). */
  events?: number;
  /** How many days of history, ending on the day before `end`. */
  days?: number;
  /** The instant the history ends (exclusive), ms; defaults to the start of today, UTC. */
  end?: number;
  /** Events per batch handed out. */
  batchSize?: number;
  /** Share of track events held back and delivered one batch later (late, out of order). */
  lateShare?: number;
};

export const FEATURES = [
  "dashboard", "reports", "export", "search", "filters", "alerts", "integrations", "api", "sharing",
  "comments", "templates", "automation", "billing", "audit-log", "sso", "mobile",
] as const;
/** Popularity of each feature (same order), for picking which ones a user leans on. */
const FEATURE_WEIGHTS = [30, 22, 14, 20, 12, 8, 6, 4, 9, 7, 6, 4, 2, 1.5, 1, 5];

const TIERS = [
  { tier: "tech-touch", share: 0.5, users: [2, 5], plans: ["free", "starter"], mrr: [0, 300] },
  { tier: "low-touch", share: 0.25, users: [4, 12], plans: ["starter", "pro"], mrr: [300, 2000] },
  { tier: "mid-touch", share: 0.15, users: [10, 30], plans: ["pro"], mrr: [2000, 10000] },
  { tier: "high-touch", share: 0.1, users: [25, 70], plans: ["enterprise"], mrr: [10000, 60000] },
] as const;
const REGIONS = ["na", "eu", "apac", "latam"] as const;
const ROLES = ["admin", "member", "member", "member", "viewer"] as const;
const CHECKLIST_ITEMS = ["connect-data", "invite-team", "first-report", "share-dashboard"] as const;
const COMMENTS = ["Love the reports", "Export is slow", "Please add dark mode", "Great support, thanks", "Search could be smarter", "Too many clicks to share", ""];

const DAY = 86_400_000;

/** mulberry32: small, fast and good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Account = { id: string; tier: string; plan: string; region: string; mrr: number; startDay: number; churnDay: number | null; renewDay: number };
type User = {
  id: string; anon: string; account: Account; role: string; startDay: number; activity: number; favourites: number[];
  switchTo: { account: Account; day: number } | null; onboardingPace: number;
};

export type DemoSummary = { events: number; accounts: number; users: number; from: string; to: string };

/** Yields batches of stored events, oldest day first (a share arrives one batch late). */
export function* generateDemoEvents(opts: DemoOptions = {}): Generator<StoredEvent[], DemoSummary> {
  const seed = opts.seed ?? 1;
  const target = opts.events ?? 100_000;
  const days = opts.days ?? 120;
  const end = opts.end ?? Math.floor(Date.now() / DAY) * DAY;
  const batchSize = opts.batchSize ?? 5_000;
  const lateShare = opts.lateShare ?? 0.01;
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const firstDay = Math.floor(end / DAY) - days;

  // About 13 events per active user-day and 35 % of days active: size the population to the target.
  const perUser = days * 0.35 * 13 * 0.46;
  const avgUsers = TIERS.reduce((s, t) => s + t.share * (t.users[0] + t.users[1]) / 2, 0);
  const accountCount = Math.max(3, Math.round(target / perUser / avgUsers));

  const accounts: Account[] = [];
  for (let i = 0; i < accountCount; i++) {
    let r = rand();
    const t = TIERS.find((x) => (r -= x.share) < 0) ?? TIERS[0];
    const startDay = rand() < 0.6 ? firstDay : firstDay + Math.floor(rand() * days * 0.8);
    const churns = rand() < (t.tier === "tech-touch" ? 0.15 : 0.07);
    accounts.push({
      id: `acct_${String(i + 1).padStart(5, "0")}`, tier: t.tier, plan: pick(t.plans), region: pick(REGIONS),
      mrr: between(t.mrr[0], t.mrr[1]), startDay,
      churnDay: churns ? startDay + 14 + Math.floor(rand() * Math.max(1, firstDay + days - startDay - 14)) : null,
      renewDay: firstDay + Math.floor(rand() * days),
    });
  }
  const users: User[] = [];
  for (const account of accounts) {
    const t = TIERS.find((x) => x.tier === account.tier) ?? TIERS[0];
    const n = between(t.users[0], t.users[1]);
    for (let j = 0; j < n; j++) {
      const favourites = Array.from({ length: between(2, 6) }, () => weighted(rand, FEATURE_WEIGHTS));
      users.push({
        id: `${account.id}_u${j + 1}`, anon: `anon_${account.id}_${j + 1}`, account, role: pick(ROLES),
        startDay: j === 0 ? account.startDay : account.startDay + Math.floor(rand() * Math.max(1, firstDay + days - account.startDay) * 0.5),
        activity: 0.12 + rand() * 0.6, favourites: [...new Set(favourites)],
        switchTo: rand() < 0.02 ? { account: pick(accounts), day: firstDay + Math.floor(rand() * days) } : null,
        onboardingPace: 0.2 + rand() * 0.6,
      });
    }
  }

  let seq = 0;
  let total = 0;
  let batch: StoredEvent[] = [];
  let late: StoredEvent[] = [];
  const out: StoredEvent[][] = [];
  const push = (e: Omit<StoredEvent, "messageId" | "receivedAt" | "traits" | "context" | "properties"> & Partial<StoredEvent>) => {
    seq++;
    const ev: StoredEvent = {
      messageId: `demo-${seed}-${seq}`, receivedAt: e.timestamp, traits: {}, context: e.accountId ? { groupId: e.accountId } : {},
      properties: {}, ...e,
    };
    if (ev.type === "track" && rand() < lateShare) late.push(ev);
    else batch.push(ev);
    total++;
    if (batch.length >= batchSize) {
      // Shuffle a little: clients flush out of order too.
      for (let i = batch.length - 1; i > batch.length - 50 && i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [batch[i], batch[j]] = [batch[j], batch[i]];
      }
      out.push([...batch, ...late]);
      batch = [];
      late = [];
    }
  };

  const checklistDone = new Map<string, number>();
  for (let day = firstDay; day < firstDay + days; day++) {
    const weekday = (day + 3) % 7;
    const weekend = weekday >= 5;
    for (const u of users) {
      if (day < u.startDay) continue;
      const account = u.switchTo && day >= u.switchTo.day ? u.switchTo.account : u.account;
      const churned = account.churnDay != null && day > account.churnDay;
      let p = u.activity * (weekend ? 0.25 : 1);
      if (account.churnDay != null && !churned) p *= Math.max(0.1, 1 - (account.churnDay - day < 21 ? (21 - (account.churnDay - day)) / 21 : 0));
      if (churned) p = 0.005;
      const first = day === u.startDay;
      if (!first && rand() >= p) continue;
      let ts = day * DAY + Math.floor((7 + rand() * 11) * 3_600_000);
      const at = () => (ts += 20_000 + Math.floor(rand() * 400_000));
      if (first) {
        push({ type: "page", event: "Home", userId: null, anonymousId: u.anon, accountId: null, timestamp: at() });
        push({ type: "identify", event: null, userId: u.id, anonymousId: u.anon, accountId: null, timestamp: at(), traits: { role: u.role, email: `${u.id}@example.com` } });
      }
      if (first || (u.switchTo && day === u.switchTo.day)) {
        push({ type: "group", event: null, userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(),
          traits: { plan: account.plan, tier: account.tier, region: account.region, mrr: account.mrr } });
      }
      push({ type: "track", event: "Signed In", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at() });
      if (rand() < 0.15) push({ type: "track", event: "Signed In", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at() });
      const pages = between(2, 6);
      for (let i = 0; i < pages; i++) push({ type: "page", event: pick(["Dashboard", "Reports", "Settings", "Projects"]), userId: u.id, anonymousId: null, accountId: account.id, timestamp: at() });
      const uses = between(2, 8);
      for (let i = 0; i < uses; i++) {
        const f = rand() < 0.8 ? pick(u.favourites) : weighted(rand, FEATURE_WEIGHTS);
        push({ type: "track", event: "Feature Used", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(), properties: { feature: FEATURES[f] } });
      }
      if (!checklistDone.has(u.id) && day - u.startDay < 21) {
        const done = checklistDone.get(`${u.id}:n`) ?? 0;
        if (done < CHECKLIST_ITEMS.length && rand() < u.onboardingPace) {
          push({ type: "track", event: "Checklist Item Completed", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(),
            properties: { checklist_id: "onboarding", item_id: CHECKLIST_ITEMS[done] } });
          checklistDone.set(`${u.id}:n`, done + 1);
          if (done + 1 === CHECKLIST_ITEMS.length) {
            push({ type: "track", event: "Checklist Completed", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(), properties: { checklist_id: "onboarding" } });
            checklistDone.set(u.id, day);
          }
        }
      }
      if (rand() < 0.04) {
        const nps = rand() < 0.6;
        const survey = nps ? { survey_id: "nps-q", kind: "nps" } : { survey_id: "csat-support", kind: "csat", scale: 5 };
        push({ type: "track", event: "Survey Shown", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(), properties: survey });
        if (rand() < 0.45) {
          const mood = u.activity + (account.churnDay != null ? -0.3 : 0.1) + rand() * 0.4;
          const score = nps ? Math.max(0, Math.min(10, Math.round(mood * 11))) : Math.max(1, Math.min(5, Math.round(mood * 5.5)));
          const comment = pick(COMMENTS);
          push({ type: "track", event: "Survey Responded", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(),
            properties: { ...survey, score, ...(comment ? { comment } : {}) } });
        } else push({ type: "track", event: "Survey Dismissed", userId: u.id, anonymousId: null, accountId: account.id, timestamp: at(), properties: survey });
      }
    }
    // The vendor's back end reports renewals and churn on behalf of the account's owner (its first user).
    for (const a of accounts) {
      const t = day * DAY + 20 * 3_600_000;
      const owner = `${a.id}_u1`;
      if (a.churnDay === day) push({ type: "track", event: "Account Churned", userId: owner, anonymousId: null, accountId: a.id, timestamp: t });
      else if (a.renewDay === day && day > a.startDay && (a.churnDay == null || day < a.churnDay)) {
        push({ type: "track", event: "Account Renewed", userId: owner, anonymousId: null, accountId: a.id, timestamp: t, properties: { mrr: a.mrr } });
      }
    }
    yield* out.splice(0);
  }
  if (batch.length || late.length) yield [...batch, ...late];
  return { events: total, accounts: accounts.length, users: users.length, from: iso(firstDay), to: iso(firstDay + days - 1) };
}

function weighted(rand: () => number, weights: number[]): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  let r = rand() * sum;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
  return weights.length - 1;
}

function iso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

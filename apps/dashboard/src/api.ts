/**
 * Typed fetch wrappers over the collector's public query and admin routes (contract §5, §6).
 * Plain TypeScript types, no zod: the browser trusts the collector's shapes and renders what it gets.
 * Every call resolves to a Result, never throws, so each view can show loading, missing and error states.
 */

export type Interval = "day" | "week" | "month";

/** The filter every query route takes; `segment` is `trait:value` or `account.trait:value`. */
export type Filters = { from: string; to: string; interval: Interval; segment?: string };

export type ActiveUsersPoint = { date: string; dau: number; wau: number; mau: number; stickiness: number };
export type LoginsPoint = { date: string; logins: number; users: number };
export type FeatureStat = {
  feature: string;
  users: number;
  accounts: number;
  uses: number;
  /** Users of the feature / active users in the range, 0..1. */
  adoption: number;
  usesPerUser?: number;
  series: { date: string; users: number; uses: number }[];
};
export type FeaturesAnswer = {
  activeUsers?: number;
  activeAccounts?: number;
  features: FeatureStat[];
  breadth?: { average: number | null; distribution: { features: number; accounts: number }[] };
};
export type LoginsAnswer = {
  series: LoginsPoint[];
  frequency?: { perUser: { users: number; average: number | null; median: number | null; p90: number | null } };
  accounts?: { accountId: string; logins: number; activeUsers: number; loginsPerUser: number }[];
};

export type SurveyPoint = { date: string; nps?: number | null; csat?: number | null; average?: number | null; responses: number; marginOfError?: number | null };
type ResultsBase = { kind?: "nps" | "csat"; shown?: number; dismissed?: number; answered?: number; responseRate?: number | null; responses: number; series: SurveyPoint[] };
export type NpsResults = ResultsBase & { nps: number | null; promoters: number; passives: number; detractors: number; marginOfError?: number | null };
/** `csat` is the percentage of satisfied answers (top two points of the scale). */
export type CsatResults = ResultsBase & { csat: number | null; average: number | null; satisfied?: number; distribution: Record<string, number> };
export type SurveyResults = NpsResults | CsatResults;
export type SurveyResponse = { timestamp: string; user: string; account: string | null; kind: string; score: number | null; scale: number | null; comment: string | null };
export type ResponsesPage = { total: number; page: number; limit: number; pages: number; responses: SurveyResponse[] };

export type Funnel = {
  started: number;
  completed: number;
  /** Percentage 0..100 of starters who completed. */
  completionRate?: number | null;
  medianHoursToComplete: number | null;
  p90HoursToComplete?: number | null;
  items: { id: string; completed: number; medianDaysToComplete?: number | null }[];
};

export type Alert = { accountId: string; reason: string; message: string; current?: number; baseline?: number; day?: string; traits?: Record<string, unknown> };
export type HealthPart = { name: string; value: number | null; weight: number };
export type Account = {
  id: string;
  traits: Record<string, unknown>;
  users?: number;
  activeUsers: number;
  /** 0..100, null when no part has data yet. */
  health: number | null;
  /** Usage change against the account's own baseline, in %. */
  trend: number | null;
  /** Active users per week, the last 12 weeks, oldest first. */
  weeklyUsers?: number[];
  parts?: HealthPart[];
  alerts: Alert[];
};

/** The words a survey shows in one locale; the top-level ones are the default. */
export type FollowUp = string | { detractor?: string; passive?: string; promoter?: string };
export type SurveyTexts = { question?: string; followUp?: FollowUp; lowLabel?: string; highLabel?: string; thankYou?: string };
export type Audience = { traits?: Record<string, unknown>; accountTraits?: Record<string, unknown>; sample?: number; [k: string]: unknown };
export type Survey = {
  id: string;
  kind: "nps" | "csat";
  name?: string;
  question: string;
  followUp?: FollowUp;
  lowLabel?: string;
  highLabel?: string;
  thankYou?: string;
  scale?: 5 | 7;
  display?: "stars" | "faces" | "numbers";
  trigger: { event?: string; urlContains?: string; afterDays?: number; [k: string]: unknown };
  audience: Audience;
  recontactDays?: number;
  snoozeDays?: number;
  maxDisplays?: number;
  texts?: Record<string, SurveyTexts>;
  status?: "active" | "archived";
  createdAt?: string;
  updatedAt?: string;
};
export type ChecklistItem = {
  id: string;
  title: string;
  description?: string;
  completeOn: { event: string; where?: Record<string, unknown> } | "manual";
  scope?: "user" | "account";
  href?: string;
};
export type Checklist = {
  id: string;
  title: string;
  description?: string;
  items: ChecklistItem[];
  audience: Audience;
  status?: "active" | "archived";
  createdAt?: string;
  updatedAt?: string;
};

export type WidgetSettings = { theme: { brand?: string; radius?: number; font?: string }; placement: "bottom-right" | "bottom-left" | "center" };

export type Result<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * @example
 * const api = createApi({ key: "sk_…" });
 * const r = await api.activeUsers({ from: "2026-11-01", to: "2026-11-23", interval: "day" });
 * if (r.ok) console.log(r.data.series.at(-1)?.dau);
 */
export function createApi({ key, base = "", fetch: doFetch = (i, init) => fetch(i, init) }: { key: string; base?: string; fetch?: Fetch }) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
    let res: Response;
    try {
      res = await doFetch(base + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      return { ok: false, status: 0, message: `The collector did not answer (${err instanceof Error ? err.message : String(err)})` };
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON body (a proxy's error page) is reported as text below.
    }
    if (!res.ok) return { ok: false, status: res.status, message: errorMessage(res.status, json, text) };
    return { ok: true, data: json as T };
  }
  const get = <T>(path: string) => call<T>("GET", path);

  return {
    activeUsers: (f: Filters) => get<{ series: ActiveUsersPoint[] }>(`/v1/trends/active-users${qs(f)}`),
    logins: (f: Filters) => get<LoginsAnswer>(`/v1/trends/logins${qs(f)}`),
    features: (f: Filters, feature?: string) => get<FeaturesAnswer>(`/v1/trends/features${qs(f, { feature })}`),
    accounts: (f: Filters) => get<{ asOf: string; total: number; accounts: Account[] }>(`/v1/accounts${qs(f, { sort: "health" })}`),
    alerts: (f: Filters) => get<{ asOf: string; alerts: Alert[] }>(`/v1/alerts${qs(f)}`),
    account: (id: string, f: Filters) => get<AccountDetail>(`/v1/accounts/${encodeURIComponent(id)}${qs(f)}`),
    surveys: () => get<{ surveys: Survey[] } | Survey[]>("/v1/surveys").then((r) => mapList(r, "surveys")),
    survey: (id: string) => get<Survey>(`/v1/surveys/${encodeURIComponent(id)}`),
    saveSurvey: (s: Survey, isNew: boolean) =>
      isNew ? call<Survey>("POST", "/v1/surveys", s) : call<Survey>("PUT", `/v1/surveys/${encodeURIComponent(s.id)}`, s),
    surveyResults: (id: string, f: Filters) => get<SurveyResults>(`/v1/surveys/${encodeURIComponent(id)}/results${qs(f)}`),
    responses: (id: string, f: Filters, page = 1) =>
      get<ResponsesPage>(`/v1/surveys/${encodeURIComponent(id)}/responses${qs(f, { page: String(page), limit: "50" })}`),
    /** The CSV export as text (a plain link cannot send the key in a header). */
    responsesCsv: async (id: string, f: Filters): Promise<Result<string>> => {
      try {
        const res = await doFetch(base + `/v1/surveys/${encodeURIComponent(id)}/responses.csv${qs(f)}`, { headers: { authorization: `Bearer ${key}` } });
        const text = await res.text();
        return res.ok ? { ok: true, data: text } : { ok: false, status: res.status, message: errorMessage(res.status, undefined, text) };
      } catch (err) {
        return { ok: false, status: 0, message: `The collector did not answer (${err instanceof Error ? err.message : String(err)})` };
      }
    },
    widgetSettings: () => get<WidgetSettings>("/v1/widgets/settings"),
    checklists: () => get<{ checklists: Checklist[] } | Checklist[]>("/v1/checklists").then((r) => mapList(r, "checklists")),
    checklist: (id: string) => get<Checklist>(`/v1/checklists/${encodeURIComponent(id)}`),
    saveChecklist: (c: Checklist, isNew: boolean) =>
      isNew ? call<Checklist>("POST", "/v1/checklists", c) : call<Checklist>("PUT", `/v1/checklists/${encodeURIComponent(c.id)}`, c),
    funnel: (id: string, f: Filters) => get<Funnel>(`/v1/checklists/${encodeURIComponent(id)}/funnel${qs(f)}`),
  };
}

export type Api = ReturnType<typeof createApi>;

/** One account over the range (`GET /v1/accounts/:id`): health as in the list, its people, feature use, answers, checklists. */
export type AccountDetail = {
  id: string;
  traits: Record<string, unknown>;
  health: number | null;
  trend: number | null;
  parts: Account["parts"];
  alerts: Alert[];
  users: { id: string; traits: Record<string, unknown>; lastSeen: string; logins: number; events: number }[];
  features: { feature: string; uses: number; users: number; lastUsed: string }[];
  surveys: { surveyId: string; kind: "nps" | "csat"; score: number | null; comment: string | null; actor: string; timestamp: string }[];
  checklists: { checklistId: string; completedItems: string[]; completed: boolean }[];
};

/** Admin lists may come as a bare array or wrapped in `{ surveys }` / `{ checklists }`. */
function mapList<K extends string, T>(r: Result<Record<K, T[]> | T[]>, key: K): Result<T[]> {
  if (!r.ok) return r;
  const d = r.data;
  return { ok: true, data: Array.isArray(d) ? d : (d?.[key] ?? []) };
}

export function qs(f: Partial<Filters>, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

function errorMessage(status: number, json: unknown, text: string): string {
  const said = json && typeof json === "object" && "error" in json ? String((json as { error: unknown }).error) : text.slice(0, 200);
  if (status === 404) return "This route is not available on this collector yet.";
  if (status === 401) return said || "The secret key was refused.";
  return `${status}: ${said || "the collector answered with an error"}`;
}

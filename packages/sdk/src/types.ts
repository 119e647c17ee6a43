/** The public types of the SDK: what init takes, what the calls take, and what tests and hosts may inject. */
import type { Consent } from "./core/consent";
import type { UptakeEvents } from "./core/emitter";
import type { KV } from "./storage/types";

export type { Consent, KV, UptakeEvents };

export type Properties = Record<string, unknown>;

export type InitOptions = {
  /** The project's public write key (`wk_…`). */
  writeKey: string;
  /** Collector origin, e.g. `https://collector.example.com`. Default: the page's own origin (ESM) or the script's origin (script tag). */
  host?: string;
  /** Default `"granted"`. `"pending"` holds events in memory until `consent("granted")`. */
  consent?: Consent;
  /** Default: `navigator.language`. */
  locale?: string;
  /** Log internal errors with `console.warn`. Off by default: the SDK is silent in the host page. */
  debug?: boolean;
  /** Send a page view on load and on history navigation. Default `true`. */
  autoPage?: boolean;
  /** CSP nonce for the styles and scripts the widgets add. */
  nonce?: string;
};

export type IdentifyOptions = {
  /** HMAC of the user id signed by the vendor's back end; sent as `context.userSignature`. */
  signature?: string;
};

export type PageInfo = { url: string; path: string; referrer: string; title: string };

/** The two calls of `setTimeout`/`clearTimeout` the SDK uses. */
export type Timers = { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };

/** The part of `fetch` the SDK uses; a test passes a fake that records what was sent. */
export type FetchLike = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string | ArrayBuffer; keepalive: boolean; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null } }>;

/** Synchronous string storage for the identity (localStorage in browsers). */
export type SyncKV = { get(key: string): string | null; set(key: string, value: string): void };

/** The seam the lazily loaded widgets chunk plugs into (core/widgets.ts in a browser). */
export type Widgets = {
  show(kind: "survey" | "checklist", id?: string): void;
  /** A tracked event or page view (`name` null): it may trigger a survey or tick a checklist item. */
  event?(name: string | null, properties: Properties): void;
  /** Asks `/v1/widgets` again: after init, identify, group, reset and consent. */
  refresh?(): void;
};

/** Everything the SDK needs from its surroundings. In a browser each has a default; tests pass fakes. */
export type Env = {
  now: () => number;
  random: () => number;
  uuid: () => string;
  timers: Timers;
  fetch?: FetchLike;
  beacon?: (url: string, body: string) => boolean;
  /** gzip, where the browser has CompressionStream: batches are 5-10× smaller on the wire. */
  gzip?: (text: string) => Promise<ArrayBuffer>;
  /** Queue storage. Default: IndexedDB (idb-keyval), or memory where IndexedDB is missing or broken. */
  storage?: KV;
  local: SyncKV;
  page: () => PageInfo;
  locale?: string;
  userAgent?: string;
  /** Calls `fn` after each history navigation that changed the URL. */
  onNavigate: (fn: () => void) => void;
  /** Calls `fn` when the page is hidden or being unloaded. */
  onHide: (fn: () => void) => void;
  warn: (...args: unknown[]) => void;
  widgets?: Widgets;
  /** GET a JSON answer (`/v1/widgets`); null when the answer is not 2xx. */
  getJson?: (url: string) => Promise<unknown>;
  /** Adds a <script> (with the init nonce) and settles once it ran: how widgets.js arrives. */
  loadScript?: (src: string, nonce?: string) => Promise<unknown>;
};

export type Deps = Partial<Env>;

/** The public API: `window.uptake`, and what `createUptake()` returns. No call ever throws. */
export type Uptake = {
  /**
   * Starts the client. Calls made before it are kept and replayed in order.
   * @example uptake.init({ writeKey: "wk_123", host: "https://collector.example.com", consent: "pending" })
   */
  init(options: InitOptions): void;
  /**
   * Ties the anonymous id to a user; emits `Signed In` at most once per session.
   * @example uptake.identify("u_42", { email: "ana@acme.com", role: "admin" }, { signature })
   */
  identify(userId: string | number, traits?: Properties, options?: IdentifyOptions): void;
  /**
   * Sets the user's account; later events carry it as `context.groupId`.
   * @example uptake.group("acme", { plan: "pro", mrr: 490, renewal_date: "2027-01-31" })
   */
  group(accountId: string | number, traits?: Properties): void;
  /**
   * Records any event.
   * @example uptake.track("Report Exported", { format: "csv" })
   */
  track(event: string, properties?: Properties): void;
  /**
   * Shorthand for `track("Feature Used", { feature: name, ...properties })`.
   * @example uptake.feature("export", { format: "pdf" })
   */
  feature(name: string, properties?: Properties): void;
  /**
   * A page view; sent automatically on load and on history navigation unless `autoPage: false`.
   * @example uptake.page("Settings", { tab: "billing" })
   */
  page(name?: string, properties?: Properties): void;
  /**
   * `"granted"` sends (and flushes what was held); `"denied"` drops the held queue and sends nothing.
   * @example cmp.onAccept(() => uptake.consent("granted"))
   */
  consent(state: Consent): void;
  /**
   * On logout: new anonymous id, no user, no account, new session.
   * @example logoutButton.onclick = () => uptake.reset()
   */
  reset(): void;
  /**
   * Settles when the queue is delivered or persisted. Never rejects.
   * @example await uptake.flush(); location.href = "/bye"
   */
  flush(): Promise<void>;
  /**
   * Opens a survey now, bypassing targeting (a "Give feedback" button).
   * @example feedbackButton.onclick = () => uptake.showSurvey("nps-q4")
   */
  showSurvey(id: string): void;
  /**
   * Opens a checklist now (the user's current one when `id` is left out).
   * @example helpButton.onclick = () => uptake.showChecklist()
   */
  showChecklist(id?: string): void;
  /**
   * Listens to what the user does in the widgets; returns a function that stops listening.
   * @example const off = uptake.on("survey:answered", ({ surveyId, score }) => console.log(surveyId, score))
   */
  on<E extends keyof UptakeEvents>(event: E, fn: (payload: UptakeEvents[E]) => void): () => void;
  /** @internal How the widgets chunk reports what the user did to `on()` listeners. */
  emit<E extends keyof UptakeEvents>(event: E, payload: UptakeEvents[E]): void;
};

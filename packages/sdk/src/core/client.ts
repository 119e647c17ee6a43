/** The calls themselves, once init has run: each builds a Segment-spec message and hands it to the queue. */
import { iso, P, stringify } from "../platform/builtins";
import { chooseStore } from "../storage/choose";
import { idbStore } from "../storage/idb";
import { createQueue } from "../transport/queue";
import { createSend } from "../transport/send";
import type { Env, IdentifyOptions, InitOptions, Properties } from "../types";
import { CONSENT, initialConsent, isConsent } from "./consent";
import type { Emitter } from "./emitter";
import { createIdentity } from "./identity";
import { createWidgetLoader } from "./widgets";

export const VERSION = "0.1.0";
const LIBRARY = { name: "uptake-js", version: VERSION } as const;

/** The collector refuses a whole batch for one bad message, so bad input is stopped here, alone. */
function text(value: unknown, what: string, max: number): string {
  const s = typeof value == "number" ? `${value}` : value;
  if (typeof s == "string" && s && s.length <= max) return s;
  throw new TypeError(`uptake: ${what} must be a string of 1 to ${max} characters`);
}

const dict = (value: unknown): Properties =>
  value && typeof value == "object" && !Array.isArray(value) ? (value as Properties) : {};

export function createClient(env: Env, o: InitOptions, report: (error: unknown) => void, emit: Emitter["emit"]) {
  const writeKey = text(o.writeKey, "writeKey", 256);
  let consent = initialConsent(o.consent);
  const granted = () => consent === CONSENT.granted;
  const base = (o.host || "").replace(/\/+$/, "");
  const identity = createIdentity(env.local, env.uuid, granted);
  const queue = createQueue({
    url: `${base}/v1/batch`,
    writeKey,
    store: env.storage ? P.resolve(env.storage) : chooseStore(idbStore, env.timers),
    send: createSend(env.timers, env.fetch, env.beacon, env.gzip),
    timers: env.timers,
    now: env.now,
    random: env.random,
    consent: () => consent,
    report,
  });
  const locale = o.locale || env.locale;
  const widgets =
    env.widgets ||
    (env.getJson &&
      env.loadScript &&
      createWidgetLoader(env, base, { writeKey, locale }, identity.get, { track: (e, p) => track(env.now(), e, p), emit, locale, nonce: o.nonce }, report));
  /** Widget targeting reads traits and first-seen from the store: what is queued goes first. */
  const refresh = () => void (granted() && widgets?.refresh && queue.flush().then(widgets.refresh));

  function send(at: number, type: string, fields: Properties, context?: Properties) {
    if (consent === CONSENT.denied) return;
    const sessionId = identity.touch(at);
    const { anonymousId, userId = null, groupId } = identity.get();
    // The instant first (8 base-36 digits until 2059), so ids sort by time: the collector's dedupe index on
    // (project, messageId) takes each new id near its end, where random ids land all over it (`npm run bench`
    // loads 1 M events at 46 k/s with ids that follow one another, 33 k/s with random ones), and stored events come back in order.
    const messageId = at.toString(36) + env.uuid();
    const page = env.page();
    const message = {
      type,
      messageId,
      timestamp: iso(at),
      userId,
      anonymousId,
      ...fields,
      context: { library: LIBRARY, page, locale, userAgent: env.userAgent, groupId, sessionId, ...context },
    };
    queue.push(messageId, stringify(message));
    if (type == "track" || type == "page") widgets?.event?.(type == "track" ? (fields.event as string) : null, fields.properties as Properties);
  }

  const track = (at: number, event: unknown, properties?: unknown) =>
    send(at, "track", { event: text(event, "event", 200), properties: dict(properties) });

  function page(at: number, name?: unknown, properties?: unknown) {
    if (name && typeof name == "object") [name, properties] = [undefined, name]; // page(properties)
    send(at, "page", {
      name: name == null ? undefined : text(name, "page name", 200),
      properties: { ...env.page(), ...dict(properties) },
    });
  }

  const safely = (fn: () => void) => () => {
    try {
      fn();
    } catch (e) {
      report(e);
    }
  };

  // Each guarded alone: a frozen `history` or a failed first page view must not stop the client.
  if (o.autoPage !== false) {
    const autoPage = safely(() => page(env.now()));
    autoPage();
    safely(() => env.onNavigate(autoPage))();
  }
  safely(() => env.onHide(safely(queue.hide)))();
  if (granted()) widgets?.refresh?.();

  return {
    identify(at: number, userId: unknown, traits?: unknown, options?: IdentifyOptions) {
      const id = text(userId, "userId", 256);
      const due = identity.identify(id, at);
      const signature = options?.signature;
      send(at, "identify", { traits: dict(traits) }, typeof signature == "string" ? { userSignature: signature } : {});
      if (due) track(at, "Signed In");
      refresh();
    },

    group(at: number, accountId: unknown, traits?: unknown) {
      const groupId = text(accountId, "accountId", 256);
      identity.group(groupId);
      send(at, "group", { groupId, traits: dict(traits) });
      refresh();
    },

    track,

    feature(at: number, name: unknown, properties?: unknown) {
      track(at, "Feature Used", { feature: text(name, "feature", 200), ...dict(properties) });
    },

    page,

    consent(_at: number, state: unknown) {
      if (!isConsent(state)) throw new TypeError("uptake: consent is granted, pending or denied");
      consent = state;
      if (state === CONSENT.granted) {
        identity.save();
        return queue.grant().then(refresh);
      }
      if (state === CONSENT.denied) {
        identity.forget();
        queue.deny();
      }
    },

    reset(at: number) {
      identity.reset(at);
      refresh();
    },

    flush: () => queue.flush(),

    showSurvey: (_at: number, id: unknown) => widgets?.show("survey", text(id, "survey id", 256)),

    showChecklist: (_at: number, id?: unknown) =>
      widgets?.show("checklist", id == null ? undefined : text(id, "checklist id", 256)),
  };
}

export type Client = ReturnType<typeof createClient>;

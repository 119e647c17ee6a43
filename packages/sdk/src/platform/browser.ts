/**
 * The only module that touches window, document, navigator, location, history and localStorage.
 * References are taken when the SDK loads, so a host page that replaces fetch or sendBeacon later
 * cannot break delivery. Importing this on a server is safe; only init needs a browser.
 */
import { uuidFrom } from "../core/uuid";
import { P } from "./builtins";
import type { Env } from "../types";

const g = globalThis;
const fetchRef = g.fetch;
const nav = g.navigator as Navigator | undefined;
const beaconRef = nav?.sendBeacon;
const Compress = g.CompressionStream;
const Res = g.Response;
const Bl = g.Blob;
const cryptoRef = g.crypto as Crypto | undefined;
const setT = g.setTimeout;
const clearT = g.clearTimeout;
const now = Date.now;
const random = Math.random;
const warn = console.warn;

/** localStorage throws in some privacy modes and when full; the identity then lives in memory. */
function storageOrNull(): Storage | null {
  try {
    return g.localStorage;
  } catch {
    return null;
  }
}

/** Page views on history navigation: wraps pushState/replaceState (keeping what they return) and listens to popstate. */
function onNavigate(fn: () => void) {
  let last = location.href;
  // Deferred: single-page apps set document.title just after navigating.
  const check = () =>
    setT(() => {
      if (location.href !== last) {
        last = location.href;
        fn();
      }
    }, 0);
  const h = history;
  for (const name of ["pushState", "replaceState"] as const) {
    const original = h[name];
    h[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
  }
  addEventListener("popstate", check);
}

function onHide(fn: () => void) {
  addEventListener("pagehide", fn);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && fn());
}

export function browserEnv(): Env {
  const store = storageOrNull();
  return {
    now,
    random,
    uuid: () => (cryptoRef?.randomUUID ? cryptoRef.randomUUID() : uuidFrom(random)),
    timers: { set: (fn, ms) => setT(fn, ms), clear: (handle) => clearT(handle as number) },
    fetch: fetchRef && ((url, init) => fetchRef.call(g, url, init)),
    beacon: beaconRef && ((url, body) => beaconRef.call(nav, url, body)),
    gzip: Compress && ((text) => new Res(new Bl([text]).stream().pipeThrough(new Compress("gzip"))).arrayBuffer()),
    local: {
      get(key) {
        try {
          return store!.getItem(key);
        } catch {
          return null;
        }
      },
      set(key, value) {
        try {
          store!.setItem(key, value);
        } catch {
          // full or blocked: the memory copy still serves this page
        }
      },
    },
    getJson: fetchRef && ((url) => fetchRef.call(g, url).then((r) => (r.ok ? r.json() : null))),
    loadScript: (src, nonce) =>
      new P((resolve, reject) => {
        const s = document.createElement("script");
        s.src = src;
        if (nonce) s.nonce = nonce;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      }),
    page: () => ({ url: location.href, path: location.pathname, referrer: document.referrer, title: document.title }),
    locale: nav?.language,
    userAgent: nav?.userAgent,
    onNavigate,
    onHide,
    warn: (...args) => warn.call(console, "[uptake]", ...args),
  };
}

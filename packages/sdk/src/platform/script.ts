/** The script tag's view of the page: its own data-* attributes and the window.uptake global it takes over. */
import type { Call } from "../core/commands";
import type { InitOptions, Uptake } from "../types";

/** What the loader stub leaves on window.uptake: the calls made so far, and the write key it was given. */
export type StubQueue = Call[] & { writeKey?: string };

declare global {
  interface Window {
    uptake?: StubQueue | Uptake;
  }
}

// Only set while the script first runs, so it is read now.
const script = document.currentScript as HTMLScriptElement | null;

/** Options from `data-write-key`, `data-host`, `data-locale`, `data-consent`, `data-auto-page`, `data-debug`. */
export function tagOptions(): Partial<InitOptions> {
  const data = script?.dataset || {};
  const options: Record<string, unknown> = {
    writeKey: data.writeKey,
    // Default host: where sdk.js itself came from, which is the collector.
    host: data.host || (script?.src && new URL(script.src).origin),
    locale: data.locale,
    consent: data.consent,
  };
  if (data.autoPage) options.autoPage = data.autoPage !== "false";
  if (data.debug != null) options.debug = data.debug !== "false";
  return options;
}

/** The stub's queue, or undefined when the real SDK is already installed (sdk.js loaded twice). */
export function stubQueue(): StubQueue | undefined {
  const current = window.uptake;
  if (!current) return [];
  if (Array.isArray(current)) return current;
}

export function install(api: Uptake) {
  window.uptake = api;
}

/** @uptake/sdk: `createUptake()` returns the same API the script tag installs as `window.uptake`. */
import { createCommands } from "./core/commands";
import type { Deps, Uptake } from "./types";

export type * from "./types";
export { CONSENT } from "./core/consent";
export { VERSION } from "./core/client";
export { snippet, snippetCode, stub } from "./entries/snippet";
/** For `createUptake({ storage: memoryStore() })`: server-side rendering tests, or pages that must not persist. */
export { memoryStore } from "./storage/memory";

/**
 * Creates a client. Nothing is sent until `init`; calls made before it are kept and replayed in order.
 * `deps` replaces parts of the browser (storage, clock, fetch, timers, random) — tests pass fakes here.
 * @example
 * import { createUptake } from "@uptake/sdk";
 * const uptake = createUptake();
 * uptake.init({ writeKey: "wk_123", host: "https://collector.example.com" });
 * uptake.identify("u_42", { email: "ana@acme.com" });
 * uptake.feature("export", { format: "csv" });
 */
export function createUptake(deps?: Deps): Uptake {
  return createCommands(deps).api;
}

/**
 * The script-tag build (dist/sdk.js): starts from its own data-* attributes, replays the calls the
 * loader stub kept, in order and with their original times, then takes over window.uptake.
 */
import { createCommands } from "../core/commands";
import type { InitOptions } from "../types";
import { install, stubQueue, tagOptions } from "../platform/script";

const queue = stubQueue();
if (queue) {
  const { api, run } = createCommands();
  let options = tagOptions();
  options.writeKey ||= queue.writeKey;
  // An init() made on the stub refines the attributes, e.g. { consent: "pending" } until the banner answers.
  for (const call of queue) if (Array.isArray(call) && call[0] === "init") options = { ...options, ...(call[1]?.[0] as InitOptions) };
  run("init", [options]);
  // Indexed loop: calls made by the replayed ones (an on() handler, say) land on the same array and run too.
  for (let i = 0; i < queue.length; i++) {
    const [method, args, at, done] = Array.isArray(queue[i]) ? queue[i] : [];
    if (typeof method == "string" && method !== "init") run(method, args || [], at, typeof done == "function" ? done : undefined);
  }
  install(api);
}

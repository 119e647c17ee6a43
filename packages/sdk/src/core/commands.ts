/**
 * The public API object. Every call passes through `run`: kept in order until init, then handed to the
 * client, and never allowed to throw into the host page.
 */
import { browserEnv } from "../platform/browser";
import { P } from "../platform/builtins";
import type { Deps, Env, InitOptions, Uptake } from "../types";
import { createClient, type Client } from "./client";
import { createEmitter } from "./emitter";

/** A call recorded before init: method, arguments, time of the call, and for flush its resolver. */
export type Call = [method: string, args: ArrayLike<unknown>, at?: number, done?: () => void];

/** Calls kept before init; beyond this the page never called init, and we stop growing. */
const MAX_EARLY = 1000;

export function createCommands(deps: Deps = {}) {
  const env: Env = { ...browserEnv(), ...deps };
  let debug = false;
  const report = (error: unknown) => {
    if (debug) env.warn(error);
  };
  const events = createEmitter(report);
  let client: Client | undefined;
  const early: Call[] = [];

  function start(options: InitOptions) {
    if (client) throw new Error("uptake: init was already called");
    debug = !!options?.debug;
    client = createClient(env, options, report, events.emit);
    for (const call of early.splice(0)) run(...call);
  }

  /** Runs (or keeps) one call. Returns a Promise for flush, undefined otherwise. */
  function run(method: string, args: ArrayLike<unknown>, at?: number, done?: () => void): Promise<void> | undefined {
    const isFlush = method === "flush";
    try {
      if (method === "init") return void start(args[0] as InitOptions);
      if (!client) {
        // flush() before init settles once the real flush has run.
        const kept = isFlush && !done ? new P<void>((resolve) => (done = resolve)) : undefined;
        if (early.length < MAX_EARLY) early.push([method, args, at ?? env.now(), done]);
        return kept;
      }
      const fn = client[method as keyof Client] as ((at: number, ...a: unknown[]) => unknown) | undefined;
      const result = fn?.(typeof at == "number" && at === at ? at : env.now(), ...Array.from(args));
      if (isFlush) return (result as Promise<void>).catch(report).then(done);
    } catch (e) {
      report(e);
      done?.();
    }
  }

  const call =
    (method: string) =>
    (...args: unknown[]): void =>
      void run(method, args);

  const api: Uptake = {
    init: call("init"),
    identify: call("identify"),
    group: call("group"),
    track: call("track"),
    feature: call("feature"),
    page: call("page"),
    consent: call("consent"),
    reset: call("reset"),
    flush: () => run("flush", []) || P.resolve(),
    showSurvey: call("showSurvey"),
    showChecklist: call("showChecklist"),
    on: (event, fn) => {
      try {
        return events.on(event, fn);
      } catch (e) {
        report(e);
        return () => {};
      }
    },
    emit: (event, payload) => events.emit(event, payload),
  };

  return { api, run };
}

/** Starts the applier's thread (apply-worker.ts) and talks to it: frames in, what was applied out. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { BUILT, resource } from "../../resources.ts";
import type { Applied } from "./apply.ts";
import type { ApplyRequest } from "./apply-worker.ts";

export type ApplyThread = {
  apply(frames: Uint8Array[]): Promise<Applied>;
  close(): Promise<void>;
};

// From the sources the collector runs its TypeScript through tsx, and the thread registers it too before
// loading its module (tsx's ESM entry, as its package.json names it: require.resolve gives the CommonJS one).
// The production build has the thread's module bundled as plain JavaScript beside the server's.
function workerOf(file: string): Worker {
  if (BUILT) return new Worker(resource("apply-worker.mjs"), { workerData: { file } });
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const entry = JSON.parse(readFileSync(manifest, "utf8")).exports["./esm/api"].import.default as string;
  const tsx = pathToFileURL(join(dirname(manifest), entry)).href;
  const worker = new URL("./apply-worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, workerData: { file } });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function startApplyThread(file: string): Promise<ApplyThread> {
  const worker = workerOf(file);
  const calls = new Map<number, { resolve(value: never): void; reject(err: Error): void }>();
  let next = 0;
  let failure: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", () => {
      worker.off("error", reject);
      resolve();
    });
  });
  worker.on("message", (msg: { id: number; applied?: Applied }) => {
    const call = calls.get(msg.id);
    calls.delete(msg.id);
    call?.resolve(msg.applied as never);
  });
  // A thread that died takes its calls with it; the journal still holds their frames.
  const fail = (err: Error) => {
    failure = err;
    for (const call of calls.values()) call.reject(err);
    calls.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the applier thread exited (${code})`)));

  const call = <T>(msg: DistributiveOmit<ApplyRequest, "id">) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = ++next;
      calls.set(id, { resolve: resolve as (v: never) => void, reject });
      worker.postMessage({ id, ...msg });
    });

  return {
    apply: (frames) => call<Applied>({ frames }),
    async close() {
      if (!failure) await call<void>({ close: true });
      await worker.terminate();
    },
  };
}

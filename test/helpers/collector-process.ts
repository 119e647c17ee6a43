/**
 * The real collector as `npm start` runs it (the production build, apps/collector/dist/server.mjs, made by
 * the test run's globalSetup) as a child process on a fixed loopback port, so a test can SIGKILL it and start
 * it again on the same data dir, or run it with limits of its own (ulimit).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../../apps/collector/dist/server.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const WRITE_KEY = "wk_process";
export const SECRET_KEY = "sk_process";

export type CollectorProcess = {
  url: string;
  pid: number;
  /** Resident memory of the process, in MB. */
  rssMb(): number;
  /** Output so far (stdout and stderr), for a failing test's message. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
};

/** A port free now on 127.0.0.1, kept for every restart of one collector. */
export { freePort } from "@uptake/collector/store/clickhouse/test-server.ts";

export async function startCollectorProcess(opts: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  /** Runs the collector under `bash -c "<prefix>; exec node …"`, e.g. `ulimit -f 2048`. */
  shellPrefix?: string;
}): Promise<CollectorProcess> {
  const env = {
    ...process.env,
    UPTAKE_DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    UPTAKE_WRITE_KEY: WRITE_KEY,
    UPTAKE_SECRET_KEY: SECRET_KEY,
    ...opts.env,
  };
  const args = [SERVER];
  const child: ChildProcess = opts.shellPrefix
    ? spawn("bash", ["-c", `${opts.shellPrefix}; exec "$0" "$@"`, process.execPath, ...args], { env, cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(process.execPath, args, { env, cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}`;
  await Promise.race([
    (async () => {
      // Ready when it answers /health.
      for (;;) {
        try {
          const res = await fetch(`${url}/health`);
          if (res.status === 200 || res.status === 503) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    exited.then((code) => {
      throw new Error(`collector exited (${code}) before it was ready:\n${out}`);
    }),
  ]);
  return {
    url,
    pid: child.pid!,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    output: () => out,
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    exited,
  };
}

/** A deterministic PRNG (the demo generator's mulberry32): a failing run can be replayed with the same seed. */
export { rng as seeded } from "@uptake/collector/demo-data/generate.ts";

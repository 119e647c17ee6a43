/** Starts a bench server as a child process (so load and server do not share one event loop) and waits until it answers. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@uptake/collector/store/clickhouse/test-server.ts";

/** The collector as `npm start` runs it: the production build (scripts/ensure.sh makes it). */
const COLLECTOR = fileURLToPath(new URL("../../apps/collector/dist/server.mjs", import.meta.url));

export type Child = {
  port: number;
  url: string;
  /** Resident memory now, and its peak since the start (VmHWM), in MB. */
  rssMb(): number;
  peakRssMb(): number;
  /** Resolves once the collector no longer reads its analytics' days ahead (its /health stops saying `warming`). */
  warmed(): Promise<void>;
  stop(): Promise<void>;
  process: ChildProcess;
};

export async function spawnServer(file: string, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, file)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  return handle(child, port);
}

/** The real collector, built, on a free loopback port, with `env` (UPTAKE_DATA_DIR and keys at least). */
export async function spawnCollector(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [COLLECTOR], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`the collector exited with ${code} before it was ready`))));
  const ready = (async () => {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await Promise.race([ready, exited]);
  return handle(child, port);
}

function handle(child: ChildProcess, port: number): Child {
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    process: child,
    rssMb: () => statusMb(child.pid!, "VmRSS"),
    peakRssMb: () => statusMb(child.pid!, "VmHWM"),
    warmed: async () => {
      while (((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { warming?: boolean }).warming) await new Promise((r) => setTimeout(r, 100));
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function statusMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

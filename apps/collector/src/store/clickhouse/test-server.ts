/**
 * A private ClickHouse server for tests and benchmarks: Debian's clickhouse-server with server.xml,
 * a temp directory for data and logs, free loopback ports. Can be stopped and started again on the same
 * data and ports, which is how the fault test takes ClickHouse away from a running collector.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const BINARIES = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"];

export type ClickHouseServer = {
  url: string;
  dir: string;
  start(): Promise<void>;
  /** SIGTERM, then waits for the process to exit; the data stays for the next start(). */
  stop(): Promise<void>;
  /** stop() and delete the data. */
  destroy(): Promise<void>;
};

export function clickHouseBinary(): string {
  const found = BINARIES.find((b) => existsSync(b));
  if (!found) {
    throw new Error("clickhouse-server is not installed: run `bash scripts/system-deps.sh` (Debian's clickhouse-server package)");
  }
  return found;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `extraConfig`, when given, is more server configuration (clusters, ZooKeeper, macros) added to server.xml's,
 * as XML elements; the ports are known before the server starts, so it may name them.
 */
export async function createClickHouseServer(
  opts: { httpPort?: number; tcpPort?: number; extraConfig?: string } = {},
): Promise<ClickHouseServer> {
  const binary = clickHouseBinary();
  const dir = mkdtempSync(join(tmpdir(), "uptake-clickhouse-"));
  const httpPort = opts.httpPort ?? (await freePort());
  const tcpPort = opts.tcpPort ?? (await freePort());
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | null = null;

  let config = join(HERE, "server.xml");
  if (opts.extraConfig) {
    // A copy of server.xml with the extra configuration; its users file is still the one beside server.xml.
    config = join(dir, "server.xml");
    const xml = readFileSync(join(HERE, "server.xml"), "utf8")
      .replace("<users_config>users.xml</users_config>", `<users_config>${join(HERE, "users.xml")}</users_config>`)
      .replace("</yandex>", `${opts.extraConfig}\n</yandex>`);
    writeFileSync(config, xml);
  }

  const args = [
    `--config-file=${config}`,
    "--",
    `--path=${dir}/data/`,
    `--tmp_path=${dir}/tmp/`,
    `--user_files_path=${dir}/user_files/`,
    `--format_schema_path=${dir}/format_schemas/`,
    `--logger.log=${dir}/server.log`,
    `--logger.errorlog=${dir}/server.err.log`,
    `--http_port=${httpPort}`,
    `--tcp_port=${tcpPort}`,
  ];

  async function start() {
    let output = "";
    const proc = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    proc.stdout?.on("data", (d) => (output += d));
    proc.stderr?.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    for (let i = 0; i < 300; i++) {
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 100, false))]);
      if (done) throw new Error(`clickhouse-server exited during start:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
    }
    proc.kill("SIGKILL");
    throw new Error(`clickhouse-server did not answer ${url}/ping in 30 s:\n${output.slice(-2000)}`);
  }

  async function stop() {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }

  return {
    url,
    dir,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private ZooKeeper for the cluster test: Debian's zookeeper package run standalone (ZooKeeperServerMain) on a
 * free loopback port, its data in a temp directory. ClickHouse needs it for replicated tables and ON CLUSTER.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./test-server.ts";

const JAR = "/usr/share/java/zookeeper.jar";

export type ZooKeeper = { port: number; destroy(): Promise<void> };

/** Whether ZooKeeper serves yet: it answers "imok" to "ruok" once it is up (its port opens earlier). */
const serving = (port: number) =>
  new Promise<boolean>((resolve) => {
    let answer = "";
    const socket = connect(port, "127.0.0.1", () => socket.end("ruok"));
    // A listener that never answers (the port taken by something else, a server too busy) must not stall the wait.
    socket.setTimeout(5000, () => socket.destroy());
    socket.on("data", (d) => (answer += d));
    socket.once("close", () => resolve(answer === "imok"));
    socket.once("error", () => resolve(false));
  });

/**
 * Opens one session, as a client's handshake does, and waits for its answer. ZooKeeper's first sessions are
 * slow (the JIT, the first log writes), and ClickHouse 18.16 gives up on a handshake after a short wait, then
 * crashes in its DDL worker: a server warmed this way answers it in time.
 */
const session = (port: number) =>
  new Promise<boolean>((resolve) => {
    // ConnectRequest: protocol 0, last zxid 0, timeout 6 s, session 0, a 16-byte password of zeros.
    const body = Buffer.alloc(44);
    body.writeInt32BE(6000, 12);
    body.writeInt32BE(16, 28);
    const length = Buffer.alloc(4);
    length.writeInt32BE(body.length);
    const socket = connect(port, "127.0.0.1", () => socket.write(Buffer.concat([length, body])));
    socket.setTimeout(5000, () => socket.destroy());
    socket.once("data", () => (socket.destroy(), resolve(true)));
    socket.once("close", () => resolve(false));
    socket.once("error", () => resolve(false));
  });

export async function startZooKeeper(): Promise<ZooKeeper> {
  if (!existsSync(JAR)) throw new Error("zookeeper is not installed: run `bash scripts/system-deps.sh` (Debian's zookeeper package)");
  const dir = mkdtempSync(join(tmpdir(), "uptake-zookeeper-"));
  const port = await freePort();
  let output = "";
  // No fsync of its log: a test's ZooKeeper holds nothing worth keeping past the run.
  const child: ChildProcess = spawn(
    "java",
    ["-Xmx256m", "-cp", JAR, "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=ruok", "-Dzookeeper.forceSync=no",
      "org.apache.zookeeper.server.ZooKeeperServerMain", String(port), dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const destroy = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    if ((await serving(port)) && (await session(port)) && (await session(port))) return { port, destroy };
    await new Promise((r) => setTimeout(r, 100));
  }
  await destroy();
  throw new Error(`ZooKeeper did not serve on ${port} in 30 s:\n${output.slice(-2000)}`);
}

/**
 * Another process holding SQLite's write lock on our database file (a backup tool, an operator's sqlite3
 * shell in a long transaction): a child node process with `BEGIN EXCLUSIVE`, released on demand.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const requireFromCollector = createRequire(new URL("../../apps/collector/package.json", import.meta.url));

export async function holdExclusiveLock(file: string): Promise<{ release(): Promise<void> }> {
  const driver = requireFromCollector.resolve("better-sqlite3");
  const script = `
    const Database = require(${JSON.stringify(driver)});
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN EXCLUSIVE");
    process.stdout.write("locked\\n");
    process.stdin.once("data", () => { db.exec("COMMIT"); db.close(); process.stdout.write("released\\n"); process.exit(0); });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(word) && resolve();
      child.stdout!.on("data", (d: Buffer) => {
        out += d;
        check();
      });
      child.once("exit", (code) => (out.includes(word) ? resolve() : reject(new Error(`lock holder exited (${code}) before "${word}"`))));
      check();
    });
  await seen("locked");
  return {
    async release() {
      child.stdin!.write("go\n");
      await seen("released");
    },
  };
}

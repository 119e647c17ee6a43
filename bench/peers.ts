/** Peers' published npm packages, fetched as tarballs with `npm pack` (not installed: we only weigh their files). */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const CACHE = join(import.meta.dirname, ".cache");

/** Unpacks `name@version` once and returns the folder holding its package.json. */
export function peerPackage(spec: string): string {
  const dir = join(CACHE, spec.replace(/[@/]/g, "_"));
  if (!existsSync(join(dir, "package", "package.json"))) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`  fetching ${spec} from the npm registry\n`);
    const tgz = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", dir], { encoding: "utf8" }).trim().split("\n").pop()!;
    execFileSync("tar", ["xzf", join(dir, tgz), "-C", dir]);
  }
  return join(dir, "package");
}

/** The first file in `dir` whose name matches `pattern` (for hashed chunk names). */
export function findFile(dir: string, pattern: RegExp): string {
  const hit = readdirSync(dir).find((f) => pattern.test(f));
  if (!hit) throw new Error(`no file matching ${pattern} in ${dir}`);
  return join(dir, hit);
}

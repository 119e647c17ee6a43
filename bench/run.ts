/**
 * npm run bench: every benchmark module in turn, one table printed at the end, bench/results.json and
 * bench/RESULTS.md written, and the README's table replaced with this run's. `npm run bench -- sizes ingest`
 * runs only the named modules.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { createReport, fmt, markdown } from "./report.ts";

const MODULES = ["sizes", "widgets-size", "host-page", "ingest", "load-soak", "analytics", "zone", "clickhouse", "scaling", "dashboard"];
const ROOT = join(import.meta.dirname, "..");

const only = process.argv.slice(2);
const report = createReport();
const started = Date.now();
const ran: string[] = [];
for (const name of MODULES) {
  if (only.length && !only.includes(name)) continue;
  const file = join(import.meta.dirname, `${name}.ts`);
  if (!existsSync(file)) continue;
  process.stderr.write(`\n▶ ${name}\n`);
  const t = Date.now();
  try {
    const mod = (await import(file)) as { run(r: typeof report): Promise<void> };
    await mod.run(report);
    ran.push(name);
  } catch (err) {
    process.stderr.write(`  ✗ ${name} failed: ${(err as Error).stack ?? err}\n`);
    report.section(name);
    report.row({ what: `${name} benchmark`, uptake: `failed: ${(err as Error).message.split("\n")[0]}` });
  }
  process.stderr.write(`  (${((Date.now() - t) / 1000).toFixed(0)} s)\n`);
}

const meta =
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpus().length} cores ` +
  `(${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
  `${((Date.now() - started) / 60000).toFixed(1)} min for ${ran.join(", ")}.`;
const md = markdown(report.rows, meta);

console.log("\n" + meta);
let section: string | undefined;
for (const r of report.rows) {
  if (r.section !== section) console.log(`\n${(section = r.section)}`);
  const ratio = typeof r.ratio === "number" ? `${r.ratio.toFixed(2)}×` : (r.ratio ?? "");
  console.log(`  ${r.what.padEnd(46)} ${fmt(r.uptake, r.unit).padStart(18)}   peer ${fmt(r.peer, r.unit).padEnd(22)} ${ratio.padStart(7)}   ${r.target ?? ""}`);
}

if (!only.length) {
  writeFileSync(join(import.meta.dirname, "results.json"), JSON.stringify({ meta, rows: report.rows }, null, 2) + "\n");
  writeFileSync(join(import.meta.dirname, "RESULTS.md"), md);
  const readme = join(ROOT, "README.md");
  if (existsSync(readme)) {
    const text = readFileSync(readme, "utf8");
    const next = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${md}<!-- bench:end -->`);
    if (next !== text) writeFileSync(readme, next);
  }
  console.log("\nwrote bench/results.json, bench/RESULTS.md and the README's table");
}

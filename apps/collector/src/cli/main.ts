/**
 * `uptake`: the query API from a terminal. Talks HTTP to a running collector (`--host`, `--secret-key`), or
 * answers from the local SQLite file by running the same app in-process, so the numbers are the API's.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "./args.ts";
import { findCommand, usage } from "./commands.ts";
import { render } from "./table.ts";

type Fetcher = (path: string) => Promise<Response>;

async function localFetcher(dataDir: string): Promise<{ fetch: Fetcher; close(): Promise<void>; store: import("../store/types.ts").EventStore }> {
  const file = join(dataDir, "uptake.sqlite");
  const [{ createApp }, { readConfig }, { createSqliteStore }, { bootstrapProject }] = await Promise.all([
    import("../app.ts"), import("../config.ts"), import("../store/sqlite/index.ts"), import("../bootstrap.ts"),
  ]);
  const config = readConfig({ ...process.env, UPTAKE_DATA_DIR: dataDir });
  const store = createSqliteStore({ file, timeZone: config.timeZone });
  const keys = await bootstrapProject(store, config);
  const app = createApp({ store, config });
  return { fetch: (path) => Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${keys.secretKey}` } })), close: () => store.close(), store };
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const { words, options } = parseArgs(argv);
  if (words.length === 0 || options.help) {
    out(usage());
    return words.length === 0 && !options.help ? 1 : 0;
  }
  const dataDir = resolve(String(options["data-dir"] ?? process.env.UPTAKE_DATA_DIR ?? "./data"));

  if (words[0] === "demo" && words[1] === "load") {
    const local = await localFetcher(dataDir);
    const { loadDemoData } = await import("../demo-data/load.ts");
    const result = await loadDemoData(
      local.store,
      { projectId: "default", events: Number(options.events ?? 100_000), days: Number(options.days ?? 120), seed: Number(options.seed ?? 1) },
      (p) => process.stderr.write(`\rloading ${p.events.toLocaleString("en-US")} events, ${p.eventsPerSecond.toLocaleString("en-US")} ev/s  `),
    );
    process.stderr.write("\n");
    await local.close();
    out(options.json ? JSON.stringify(result) : render(result));
    return 0;
  }

  if (words[0] === "rollups" && words[1] === "rebuild") {
    const zone = options.zone;
    const file = join(dataDir, "uptake.sqlite");
    const [{ isTimeZone }, { rebuildRollups }] = await Promise.all([import("../time.ts"), import("../store/sqlite/rebuild.ts")]);
    if (typeof zone !== "string" || !isTimeZone(zone)) {
      out("rollups rebuild needs --zone with an IANA time zone (e.g. --zone America/Sao_Paulo)");
      return 1;
    }
    if (!existsSync(file)) {
      out(`no SQLite file in ${dataDir}: pass --data-dir`);
      return 1;
    }
    // The collector's journal lock: none may run (and write days of the old zone) while the rows are counted again.
    const { lockDir } = await import("../store/journal/segments.ts");
    const journal = join(dataDir, "journal");
    mkdirSync(journal, { recursive: true });
    let release: () => void;
    try {
      release = lockDir(journal);
    } catch (err) {
      out(`${(err as Error).message} Stop it before counting the rollups again.`);
      return 1;
    }
    const started = performance.now();
    let events: number;
    try {
      ({ events } = rebuildRollups(file, zone, (p) =>
        process.stderr.write(`\rcounting ${p.events.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")} events again in ${zone} days  `),
      ));
    } finally {
      release();
    }
    process.stderr.write("\n");
    out(`rollups of ${file} now count ${zone} days (${events.toLocaleString("en-US")} events, ${((performance.now() - started) / 1000).toFixed(1)} s); start the collector with UPTAKE_TIME_ZONE=${zone}`);
    return 0;
  }

  const found = findCommand(words);
  const path = found?.command.path(found.rest);
  if (!found || !path) {
    out(usage());
    return 1;
  }
  const query = new URLSearchParams();
  for (const p of found.command.params) if (typeof options[p] === "string") query.set(p, options[p] as string);
  const url = `${path}${query.size ? `?${query}` : ""}`;

  const host = typeof options.host === "string" ? options.host : process.env.UPTAKE_HOST;
  let fetcher: Fetcher;
  let close = async () => {};
  if (host) {
    const secret = typeof options["secret-key"] === "string" ? options["secret-key"] : process.env.UPTAKE_SECRET_KEY;
    if (!secret) {
      out("--host needs --secret-key (or UPTAKE_SECRET_KEY)");
      return 1;
    }
    fetcher = (p) => fetch(new URL(p, host), { headers: { authorization: `Bearer ${secret}` } });
  } else {
    if (!existsSync(join(dataDir, "uptake.sqlite")) && !existsSync(join(dataDir, "keys.json"))) {
      out(`no collector data in ${dataDir}: pass --data-dir, or --host and --secret-key`);
      return 1;
    }
    const local = await localFetcher(dataDir);
    fetcher = local.fetch;
    close = local.close;
  }
  try {
    const res = await fetcher(url);
    const body = await res.text();
    if (!res.ok) {
      out(`${res.status}: ${body}`);
      return 1;
    }
    if (found.name === "surveys export") out(body.trimEnd());
    else out(options.json ? body : render(JSON.parse(body)));
    return 0;
  } finally {
    await close();
  }
}

export function readSecretFromDataDir(dataDir: string): string | null {
  const file = join(dataDir, "keys.json");
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { secretKey?: unknown };
  return typeof parsed.secretKey === "string" ? parsed.secretKey : null;
}

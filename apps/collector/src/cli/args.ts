/** Parses `uptake` command lines: positional words and `--name value` / `--flag` options. */

export type Args = { words: string[]; options: Record<string, string | true> };

export function parseArgs(argv: string[]): Args {
  const words: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) options[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) options[a.slice(2)] = argv[++i];
    else options[a.slice(2)] = true;
  }
  return { words, options };
}

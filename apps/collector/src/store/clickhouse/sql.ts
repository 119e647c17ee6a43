/**
 * The one place values become ClickHouse SQL text. 18.16 has no query parameters over HTTP, so every
 * value is quoted here and nowhere else; identifiers are checked, never quoted from user input.
 */

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\0": "\\0",
  "\b": "\\b",
  "\f": "\\f",
};

/** A string literal: `it's` → `'it\'s'`. Backslash is ClickHouse's escape character, so it is doubled first. */
export function str(value: string): string {
  return `'${value.replace(/[\\'\n\r\t\0\b\f]/g, (c) => ESCAPES[c])}'`;
}

/** A list for `IN (…)`, each value once; an empty list becomes `(NULL)`, which matches nothing. */
export function strList(values: Iterable<string>): string {
  const parts = [...new Set(values)].map(str);
  return parts.length ? `(${parts.join(", ")})` : "(NULL)";
}

/** An array literal of strings, `['a', 'b']`, for transform() and has(). */
export function strArray(values: Iterable<string>): string {
  return `[${[...values].map(str).join(", ")}]`;
}

/** An integer literal; refuses anything that is not a safe integer. */
export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A database or table name from configuration: plain identifiers only, back-quoted. */
export function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`"${name}" is not a valid ClickHouse identifier (letters, digits, _)`);
  return `\`${name}\``;
}

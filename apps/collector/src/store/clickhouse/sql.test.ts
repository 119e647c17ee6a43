import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createClickHouseHttp, type ClickHouseHttp } from "./http.ts";
import { ident, int, str, strArray, strList } from "./sql.ts";

const NASTY = [
  "it's",
  "back\\slash",
  "ends with backslash \\",
  "\\'; DROP TABLE victims; --",
  "' OR 1 = 1 --",
  "line\nbreak\r\ttab",
  "nul\0byte",
  "emoji 😀 and ünïcödé",
  "`backquote` \"double\"",
  "\\\\'",
  "/* comment */ x",
];

describe("ClickHouse literals", () => {
  let http: ClickHouseHttp;
  const db = `sql_${process.pid}_${Date.now()}`;
  beforeAll(async () => {
    http = createClickHouseHttp({ url: inject("clickhouseUrl") });
    await http.exec(`CREATE DATABASE ${ident(db)}`);
    await http.exec(`CREATE TABLE ${ident(db)}.victims (s String) ENGINE = MergeTree ORDER BY s`);
    await http.exec(`INSERT INTO ${ident(db)}.victims VALUES ('still here')`);
  });
  afterAll(async () => {
    await http.exec(`DROP DATABASE IF EXISTS ${ident(db)}`);
    http.close();
  });

  it.each(NASTY)("reads back %j exactly as written, executing nothing", async (value) => {
    const [row] = await http.query<{ s: string }>(`SELECT ${str(value)} AS s`);
    expect(row.s).toBe(value);
    const [kept] = await http.query<{ n: number }>(`SELECT count() AS n FROM ${ident(db)}.victims`);
    expect(kept.n).toBe(1);
  });

  it("matches every value of a list and nothing else", async () => {
    const rows = await http.query<{ hit: number }>(
      `SELECT arrayJoin([${NASTY.map(str).join(", ")}, 'other']) AS v, v IN ${strList(NASTY)} AS hit`,
    );
    expect(rows.map((r) => r.hit)).toEqual([...NASTY.map(() => 1), 0]);
    const [none] = await http.query<{ hit: number }>(`SELECT 'x' IN ${strList([])} AS hit`);
    expect(none.hit).toBe(0);
  });

  it("maps every value of an array through transform(), as late ties are mapped", async () => {
    const renamed = NASTY.map((v, i) => `user ${i}: ${v}`);
    const rows = await http.query<{ who: string }>(
      `SELECT transform(v, ${strArray(NASTY)}, ${strArray(renamed)}, v) AS who FROM (SELECT arrayJoin([${NASTY.map(str).join(", ")}, 'other']) AS v)`,
    );
    expect(rows.map((r) => r.who)).toEqual([...renamed, "other"]);
  });

  it("refuses identifiers and numbers it cannot quote safely", () => {
    expect(() => ident("uptake; DROP DATABASE x")).toThrow(/identifier/);
    expect(() => ident("a`b")).toThrow(/identifier/);
    expect(ident("uptake_2")).toBe("`uptake_2`");
    expect(() => int(1.5)).toThrow();
    expect(() => int(Number.NaN)).toThrow();
    expect(int(-42)).toBe("-42");
  });
});

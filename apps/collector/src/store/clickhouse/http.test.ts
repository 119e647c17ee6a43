import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createClickHouseHttp } from "./http.ts";

describe("ClickHouse reads", () => {
  const http = createClickHouseHttp({ url: inject("clickhouseUrl") });
  afterAll(() => http.close());

  // The error comes after the first blocks of the answer: a server that had already begun a 200 must not
  // pass for a short, complete answer.
  const failsMidway = "SELECT toUInt32(number) AS n, throwIf(number = 300000) AS t FROM system.numbers LIMIT 400000 SETTINGS max_block_size = 1000";

  it("rejects an answer that fails after it began, for every way of reading", async () => {
    await expect(http.query(failsMidway)).rejects.toThrow(/Code: 395/);
    await expect(http.rows(failsMidway)).rejects.toThrow(/Code: 395/);
    await expect(http.uint32s(failsMidway.replace(", throwIf(number = 300000) AS t", ", toUInt32(throwIf(number = 300000)) AS t"))).rejects.toThrow(/Code: 395/);
  });

  it("reads a long answer whole", async () => {
    const n = await http.uint32s("SELECT toUInt32(number) FROM system.numbers LIMIT 400000");
    expect(n.length).toBe(400_000);
    expect(n[399_999]).toBe(399_999);
  });
});

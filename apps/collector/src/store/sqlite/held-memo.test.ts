import { expect, it } from "vitest";
import { createHeldMemo } from "./held-memo.ts";

it("answers again from the same days without working it out, and works it out again once any day is read anew", () => {
  const memo = createHeldMemo<number>(2);
  let worked = 0;
  const sum = (days: number[][]) => memo(`range ${days.length}`, days, () => (worked++, days.flat().reduce((a, b) => a + b, 0)));
  const monday = [1, 2];
  const tuesday = [3];
  expect(sum([monday, tuesday])).toBe(6);
  // The same days in a new list, as every read of the held days returns.
  expect(sum([monday, tuesday])).toBe(6);
  expect(worked).toBe(1);
  // Tuesday read again after a change: new arrays, even with what was there before.
  expect(sum([monday, [3, 4]])).toBe(10);
  expect(worked).toBe(2);
  // Past its bound the memo lets the least recently worked-out range go.
  sum([monday]);
  sum([monday, tuesday, tuesday]);
  expect(worked).toBe(4);
  sum([monday, [3, 4]]);
  expect(worked).toBe(5);
});

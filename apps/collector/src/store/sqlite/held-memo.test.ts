import { expect, it } from "vitest";
import { createHeldMemo } from "./held-memo.ts";

it("answers again from the same days without working it out, and works it out again once any day is read anew", () => {
  const memo = createHeldMemo<number>(2);
  let worked = 0;
  const sum = (days: number[][]) => memo("p", `range of ${days.length}`, days, () => (worked++, days.flat().reduce((a, b) => a + b, 0)));
  const monday = [1, 2];
  const tuesday = [3];
  expect(sum([monday, tuesday])).toBe(6);
  // The same days in a new list, as every read of the held days returns.
  expect(sum([monday, tuesday])).toBe(6);
  expect(worked).toBe(1);
  // Tuesday read again after a change: new arrays, even with what was there before.
  const tuesdayAgain = [3, 4];
  expect(sum([monday, tuesdayAgain])).toBe(10);
  expect(worked).toBe(2);
});

it("lets the range least recently asked for go past its bound", () => {
  const memo = createHeldMemo<number>(2);
  let worked = 0;
  const sum = (days: number[][]) => memo("p", `range of ${days.length}`, days, () => (worked++, days.flat().length));
  const [a, b, c] = [[1], [2], [3]];
  sum([a]);
  sum([a, b]);
  // Asking for the first again keeps it: the second is now the least recently asked for.
  sum([a]);
  sum([a, b, c]);
  expect(worked).toBe(3);
  sum([a]);
  expect(worked).toBe(3);
  sum([a, b]);
  expect(worked).toBe(4);
});

it("keeps each project's ranges apart", () => {
  const memo = createHeldMemo<number>(1);
  let worked = 0;
  const days = [[1]];
  const sum = (projectId: string) => memo(projectId, "range", days, () => ++worked);
  sum("p");
  sum("q");
  sum("p");
  sum("q");
  expect(worked).toBe(2);
});

it("works a segment's range out again when its members change, and not when they are asked afresh the same", () => {
  const memo = createHeldMemo<number>();
  let worked = 0;
  const days = [[1]];
  const sum = (members: number[]) => memo("p", "range", days, () => ++worked, Uint8Array.from(members));
  sum([1, 0, 1]);
  sum([1, 0, 1]);
  expect(worked).toBe(1);
  // Someone's traits changed: the segment holds the second person now, the days being the same.
  sum([1, 1, 1]);
  expect(worked).toBe(2);
  expect(memo("p", "range", days, () => ++worked)).toBe(3);
});

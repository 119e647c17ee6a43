import { expect, it } from "vitest";
import { nestingDepth } from "./depth.ts";

it("counts object and array levels, and stops counting past the limit", () => {
  expect(nestingDepth("x", 32)).toBe(0);
  expect(nestingDepth({ a: [1, { b: {} }] }, 32)).toBe(4);
  let deep: unknown = {};
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  expect(nestingDepth(deep, 32)).toBe(33);
});

import { describe, expect, it } from "vitest";
import { quantile } from "./stats.ts";

describe("quantile", () => {
  it("orders values as numbers, not as text, and interpolates between the closest ranks", () => {
    expect(quantile([10, 9, 100, 2], 0.5)).toBe(9.5);
    expect(quantile([-3, 25, -40, 1], 0)).toBe(-40);
    expect(quantile([-3, 25, -40, 1], 1)).toBe(25);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
  });

  it("leaves the values it was given in their order", () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it("has no answer for no values", () => {
    expect(quantile([], 0.5)).toBeNull();
  });
});

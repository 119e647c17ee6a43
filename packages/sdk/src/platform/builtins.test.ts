import { afterEach, expect, it } from "vitest";
import { stringify } from "./builtins";

const proto = Array.prototype as unknown as { toJSON?: () => unknown };
afterEach(() => delete proto.toJSON);

it("keeps arrays as arrays when the host page added Array.prototype.toJSON, as Prototype.js 1.6 did", () => {
  proto.toJSON = () => "not an array";
  expect(JSON.parse(stringify({ tags: ["a", "b"], nested: [[1], { x: [2] }], at: new Date(0) }))).toEqual({
    tags: ["a", "b"], nested: [[1], { x: [2] }], at: "1970-01-01T00:00:00.000Z",
  });
});

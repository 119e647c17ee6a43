import { expect, it } from "vitest";
import type { Project } from "../store/types.ts";
import { signUserId, verifiedIdentity, verifiedUserId } from "./identity.ts";

const project = (privacy: object, identitySecret?: string): Project => ({
  id: "p", name: "P", writeKey: "wk", secretKeyHash: "h", settings: { privacy, identitySecret },
});

it("trusts any userId while the project does not require signatures", () => {
  expect(verifiedUserId(project({}), "u1", undefined)).toBe("u1");
  expect(verifiedIdentity(project({}), { userId: "u1", anonymousId: "a1" })).toEqual({ userId: "u1", anonymousId: "a1" });
});

it("keeps a userId only with the right HMAC-SHA256 once the project requires it", () => {
  const p = project({ requireSignedIdentity: true }, "is_secret");
  const good = signUserId("is_secret", "u1");
  expect(good).toMatch(/^[0-9a-f]{64}$/);
  expect(verifiedUserId(p, "u1", good)).toBe("u1");
  expect(verifiedUserId(p, "u1", good.toUpperCase())).toBe("u1");
  expect(verifiedUserId(p, "u2", good)).toBeNull();
  expect(verifiedUserId(p, "u1", signUserId("other", "u1"))).toBeNull();
  expect(verifiedUserId(p, "u1", good.slice(0, 63))).toBeNull();
  expect(verifiedUserId(p, "u1", 42)).toBeNull();
  expect(verifiedUserId(project({ requireSignedIdentity: true }), "u1", good)).toBeNull(); // no secret: nobody verifies
});

it("namespaces anonymous ids in signed projects, so an anonymous id can never pose as a user id", () => {
  const p = project({ requireSignedIdentity: true }, "is_secret");
  expect(verifiedIdentity(p, { userId: "victim", anonymousId: "victim" })).toEqual({ userId: null, anonymousId: "anon:victim" });
  expect(verifiedUserId(p, "anon:x", signUserId("is_secret", "anon:x"))).toBeNull();
});

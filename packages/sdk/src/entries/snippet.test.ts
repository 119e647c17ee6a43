import { afterEach, describe, expect, it } from "vitest";
import { snippet, snippetCode } from "./snippet";

type Stub = unknown[][] & Record<string, (...a: unknown[]) => unknown> & { writeKey?: string };
const stubOnWindow = () => (window as unknown as { uptake: Stub }).uptake;

afterEach(() => {
  delete (window as { uptake?: unknown }).uptake;
});

describe("the loader stub", () => {
  it("defines every public method and records calls in order, with their time", () => {
    new Function(snippetCode("wk_abc"))();
    const u = stubOnWindow();
    expect(u.writeKey).toBe("wk_abc");
    for (const m of ["init", "identify", "group", "track", "feature", "page", "consent", "reset", "flush", "showSurvey", "showChecklist", "on"]) {
      expect(typeof u[m], m).toBe("function");
    }
    u.identify("u1", { a: 1 });
    u.track("Clicked");
    expect(u.map((c) => [c[0], Array.from(c[1] as ArrayLike<unknown>)])).toEqual([
      ["identify", ["u1", { a: 1 }]],
      ["track", ["Clicked"]],
    ]);
    expect(Math.abs((u[0][2] as number) - Date.now())).toBeLessThan(1000);
  });

  it("flush() returns a Promise the real SDK settles", async () => {
    new Function(snippetCode("wk_abc"))();
    const u = stubOnWindow();
    const p = u.flush() as Promise<void>;
    expect(p).toBeInstanceOf(Promise);
    const [, , , resolve] = u[0] as [string, unknown, number, () => void];
    resolve();
    await expect(p).resolves.toBeUndefined();
  });

  it("pasted twice keeps the first queue", () => {
    new Function(snippetCode("wk_abc"))();
    stubOnWindow().track("First");
    new Function(snippetCode("wk_abc"))();
    expect(stubOnWindow()).toHaveLength(1);
  });

  it("renders both tags, escaped", () => {
    const html = snippet('wk_"</script>', "https://c.example.com/sdk.js");
    expect(html).toMatch(/^<script>!function\s*\(w, ?d, ?k\)/);
    expect(html).not.toContain('"</script>');
    expect(html).toContain('<script async src="https://c.example.com/sdk.js" data-write-key="wk_&quot;</script>"></script>');
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { readKey, saveKey } from "../key.ts";
import { click, mount, settle, type } from "../testing.tsx";
import { KeyGate } from "./KeyGate.tsx";
import { App } from "../App.tsx";

let cleanup: (() => void) | undefined;
const realFetch = globalThis.fetch;
afterEach(() => {
  cleanup?.();
  globalThis.fetch = realFetch;
  localStorage.clear();
});

/** The collector's answer to the key check: 401 unless the key is sk_good. */
function collectorFetch(seen: string[]) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get("authorization") ?? "";
    seen.push(String(input));
    return auth === "Bearer sk_good"
      ? new Response(JSON.stringify({ series: [] }), { status: 200 })
      : new Response(JSON.stringify({ error: "unknown secret key" }), { status: 401 });
  };
}

describe("the secret key", () => {
  it("is refused with a hint when wrong, and handed on when the collector accepts it", async () => {
    const seen: string[] = [];
    globalThis.fetch = collectorFetch(seen) as typeof fetch;
    const accepted: string[] = [];
    const { root, unmount } = await mount(<KeyGate now={Date.parse("2026-11-23T00:00:00Z")} onKey={(k) => accepted.push(k)} />);
    cleanup = unmount;
    await type(root.querySelector("#secret-key"), "wk_oops");
    await click(root.querySelector('button[type="submit"]'));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("not the write key");
    expect(root.querySelector("#secret-key")?.getAttribute("aria-invalid")).toBe("true");
    await type(root.querySelector("#secret-key"), "  sk_good ");
    await click(root.querySelector('button[type="submit"]'));
    expect(accepted).toEqual(["sk_good"]);
    expect(seen[1]).toBe("/v1/trends/active-users?from=2026-11-23&to=2026-11-23&interval=day");
  });

  it("is kept in the browser, and a key the collector stops accepting sends the person back to the gate", async () => {
    globalThis.fetch = collectorFetch([]) as typeof fetch;
    saveKey(localStorage, "sk_revoked");
    const { root, unmount } = await mount(<App storage={localStorage} now={() => Date.parse("2026-11-23T00:00:00Z")} />);
    cleanup = unmount;
    await settle();
    expect(readKey(localStorage)).toBeNull();
    expect(root.querySelector("#gate-title")?.textContent).toBe("Sign in to Uptake");
  });

  it("signs out on request", async () => {
    globalThis.fetch = collectorFetch([]) as typeof fetch;
    saveKey(localStorage, "sk_good");
    const { root, unmount } = await mount(<App storage={localStorage} now={() => Date.parse("2026-11-23T00:00:00Z")} />);
    cleanup = unmount;
    expect(root.querySelector("nav a[aria-current=page]")?.textContent).toBe("Overview");
    await click(root.querySelector(".signout"));
    expect(readKey(localStorage)).toBeNull();
    expect(root.querySelector("#secret-key")).not.toBeNull();
  });
});

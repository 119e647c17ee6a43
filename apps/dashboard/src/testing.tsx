/** Test helpers for the views: render into happy-dom, let effects and fetches settle, and answer API calls from a table. */
import { render, type ComponentChild } from "preact";
import { act } from "preact/test-utils";
import { createApi, type Api } from "./api.ts";

export type Answer = { status?: number; body: unknown } | ((url: URL, init?: RequestInit) => { status?: number; body: unknown });

/**
 * An API whose network is a table of path → answer (the collector's contract shapes); unknown paths answer
 * 404 like a collector without the route. Records every request.
 */
export function tableApi(table: Record<string, Answer>, key = "sk_test"): { api: Api; calls: { url: URL; init?: RequestInit }[] } {
  const calls: { url: URL; init?: RequestInit }[] = [];
  const api = createApi({
    key,
    fetch: async (input, init) => {
      const url = new URL(input, "http://collector.test");
      calls.push({ url, init });
      const entry = table[url.pathname];
      const a = typeof entry === "function" ? entry(url, init) : entry;
      if (!a) return new Response("404 Not Found", { status: 404 });
      return new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { "content-type": "application/json" } });
    },
  });
  return { api, calls };
}

export async function mount(node: ComponentChild): Promise<{ root: HTMLElement; unmount: () => void }> {
  const root = document.createElement("div");
  document.body.append(root);
  await act(() => {
    render(node, root);
  });
  await settle();
  return {
    root,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

/** Lets pending fetches resolve and Preact re-render, a few rounds deep (lists then their details). */
export async function settle(rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export function text(root: ParentNode, selector: string): string {
  return root.querySelector(selector)?.textContent?.trim() ?? "";
}

export async function click(el: Element | null) {
  if (!el) throw new Error("nothing to click");
  await act(() => {
    (el as HTMLElement).click();
  });
  await settle();
}

/** Types into an input or textarea the way a person does (value, then an input event). */
export async function type(el: Element | null, value: string, event: "input" | "change" = "input") {
  if (!el) throw new Error("no field to type into");
  await act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event(event, { bubbles: true }));
  });
  await settle(2);
}

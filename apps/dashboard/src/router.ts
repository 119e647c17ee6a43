/** A tiny path router: matches location.pathname against the dashboard's routes; navigation is pushState. */
import { useEffect, useState } from "preact/hooks";

export type RouteName =
  | "overview"
  | "features"
  | "accounts"
  | "account"
  | "surveys"
  | "survey"
  | "survey-edit"
  | "survey-new"
  | "checklists"
  | "checklist"
  | "checklist-edit"
  | "checklist-new"
  | "not-found";

export type Route = { name: RouteName; params: Record<string, string>; search: string };

// Order matters: literal segments ("new") before parameters.
const TABLE: [RouteName, RegExp][] = [
  ["overview", /^\/$/],
  ["features", /^\/features$/],
  ["accounts", /^\/accounts$/],
  ["account", /^\/accounts\/(?<id>[^/]+)$/],
  ["surveys", /^\/surveys$/],
  ["survey-new", /^\/surveys\/new$/],
  ["survey-edit", /^\/surveys\/(?<id>[^/]+)\/edit$/],
  ["survey", /^\/surveys\/(?<id>[^/]+)$/],
  ["checklists", /^\/checklists$/],
  ["checklist-new", /^\/checklists\/new$/],
  ["checklist-edit", /^\/checklists\/(?<id>[^/]+)\/edit$/],
  ["checklist", /^\/checklists\/(?<id>[^/]+)$/],
];

export function match(pathname: string, search = ""): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const [name, re] of TABLE) {
    const m = re.exec(path);
    if (m) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
      return { name, params, search };
    }
  }
  return { name: "not-found", params: {}, search };
}

const listeners = new Set<() => void>();

/** Goes to `href` (path and query) without reloading; `replace` for filter changes that should not pile up history. */
export function navigate(href: string, replace = false) {
  if (href === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", href);
  for (const l of listeners) l();
}

/** The current route, re-rendered on navigate() and on back/forward. */
export function useRoute(): Route {
  const read = () => match(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/** Click handler for in-app links: plain left clicks navigate in place; modified clicks open tabs as usual. */
export function onLinkClick(e: MouseEvent) {
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/") || a.target || a.hasAttribute("download")) return;
  e.preventDefault();
  navigate(href);
  (document.getElementById("main") as HTMLElement | null)?.focus();
}

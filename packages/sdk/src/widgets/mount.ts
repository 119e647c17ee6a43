/**
 * One shadow root per widget, appended to <body>: the host page's CSS cannot reach in, ours cannot leak
 * out. Styles are adopted as a constructable stylesheet (no inline <style>, so a strict CSP needs no
 * 'unsafe-inline'), or, where that API is missing, a <style> carrying the init nonce. The theme arrives
 * as CSS custom properties set through the CSSOM, which CSP does not restrict.
 */
import type { TWidgetsAnswer } from "@uptake/schema";
import { CSS } from "./ui/styles";

export type Mounted = { root: ShadowRoot; host: HTMLElement; remove(): void };

let sheet: CSSStyleSheet | undefined;

function adopt(root: ShadowRoot, nonce: string | undefined) {
  try {
    sheet ||= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    sheet = undefined;
  }
  const style = root.ownerDocument.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  root.appendChild(style);
}

export function mount(doc: Document, kind: "survey" | "checklist", theme: TWidgetsAnswer["theme"], nonce?: string): Mounted {
  const host = doc.createElement("div");
  host.setAttribute("data-uptake-widget", kind);
  const root = host.attachShadow({ mode: "open" });
  adopt(root, nonce);
  const vars: [string, string | undefined][] = [
    ["--uw-brand", theme.brand],
    ["--uw-radius", theme.radius == null ? undefined : `${theme.radius}px`],
    ["--uw-font", theme.font],
  ];
  for (const [name, value] of vars) if (value) host.style.setProperty(name, value);
  (doc.body || doc.documentElement).appendChild(host);
  return { root, host, remove: () => host.remove() };
}

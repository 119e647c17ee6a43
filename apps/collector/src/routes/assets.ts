/** Static files: the SDK bundles, the demo SaaS page and the dashboard. */
import { Hono } from "hono";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import type { CollectorConfig } from "../config.ts";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
};

/** `timeZone`: the zone questions without `tz` are asked in; the dashboard counts its "today" there too. */
export function assetRoutes({ assets, timeZone }: Pick<CollectorConfig, "assets"> & { timeZone: string }) {
  const app = new Hono();

  // The SDK is loaded cross-origin by vendors' pages; a short cache lets fixes reach them within minutes.
  app.get("/sdk.js", (c) => serve(c, assets.sdkDir, "sdk.js", "public, max-age=300"));
  app.get("/widgets.js", (c) => serve(c, assets.sdkDir, "widgets.js", "public, max-age=300"));
  app.get("/demo/*", (c) => serve(c, assets.demoDir, c.req.path.slice("/demo/".length), "no-cache"));
  app.get("/assets/*", (c) => serve(c, assets.dashboardDir, c.req.path.slice(1), "public, max-age=31536000, immutable"));
  // The dashboard is a single-page app: each of its paths loads the same page, which routes on the client.
  const dashboard = (c: import("hono").Context) => {
    for (const [name, value] of Object.entries(DASHBOARD_HEADERS)) c.header(name, value);
    // Its default range ends on today: the collector's day, not the browser's nor UTC's, or a team west of
    // UTC would see tomorrow's empty day each evening and one east of it would miss today each morning.
    return serve(c, assets.dashboardDir, "index.html", "no-cache", (html) => html.replace("<head>", `<head><meta name="uptake-time-zone" content="${ZONE_NAME.test(timeZone) ? timeZone : "UTC"}">`));
  };
  for (const path of DASHBOARD_PATHS) app.get(path, dashboard);
  return app;
}

/** What an IANA zone name is made of: nothing else reaches the page's HTML. */
const ZONE_NAME = /^[A-Za-z0-9_+\-/]+$/;

const DASHBOARD_PATHS = ["/", "/features", "/accounts", "/accounts/:id", "/surveys", "/surveys/:id", "/surveys/:id/edit", "/checklists", "/checklists/:id", "/checklists/:id/edit"];

/** The dashboard holds the secret key: only its own scripts run, nobody frames it, no URL leaks out. */
const DASHBOARD_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

async function serve(c: import("hono").Context, dir: string, file: string, cache: string, edit?: (text: string) => string) {
  const path = normalize(join(dir, file));
  if (!path.startsWith(normalize(dir))) return c.notFound();
  try {
    const bytes = await readFile(path);
    const body = edit ? edit(bytes.toString("utf8")) : bytes;
    c.header("Content-Type", TYPES[extname(path)] ?? "application/octet-stream");
    c.header("Cache-Control", cache);
    c.header("Access-Control-Allow-Origin", "*");
    return c.body(body);
  } catch {
    return c.text(`${file} is not built yet: run npm start (it builds what is missing)`, 404);
  }
}

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

export function assetRoutes({ assets }: Pick<CollectorConfig, "assets">) {
  const app = new Hono();

  // The SDK is loaded cross-origin by vendors' pages; a short cache lets fixes reach them within minutes.
  app.get("/sdk.js", (c) => serve(c, assets.sdkDir, "sdk.js", "public, max-age=300"));
  app.get("/widgets.js", (c) => serve(c, assets.sdkDir, "widgets.js", "public, max-age=300"));
  app.get("/demo/*", (c) => serve(c, assets.demoDir, c.req.path.slice("/demo/".length), "no-cache"));
  app.get("/assets/*", (c) => serve(c, assets.dashboardDir, c.req.path.slice(1), "public, max-age=31536000, immutable"));
  app.get("/", (c) => serve(c, assets.dashboardDir, "index.html", "no-cache"));
  return app;
}

async function serve(c: import("hono").Context, dir: string, file: string, cache: string) {
  const path = normalize(join(dir, file));
  if (!path.startsWith(normalize(dir))) return c.notFound();
  try {
    const body = await readFile(path);
    c.header("Content-Type", TYPES[extname(path)] ?? "application/octet-stream");
    c.header("Cache-Control", cache);
    c.header("Access-Control-Allow-Origin", "*");
    return c.body(body);
  } catch {
    return c.text(`${file} is not built yet: run npm start (it builds what is missing)`, 404);
  }
}

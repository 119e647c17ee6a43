/** The demo SaaS page at /demo: the vendor's two script tags filled in with this collector's write key. */
import { Hono } from "hono";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CollectorConfig } from "../config.ts";

export function demoRoutes({ assets, demoWriteKey }: { assets: CollectorConfig["assets"]; demoWriteKey?: string }) {
  const app = new Hono();
  const page = async (c: import("hono").Context) => {
    if (!demoWriteKey) return c.text("the demo page needs the default project's write key", 404);
    try {
      const [html, snippet] = await Promise.all([
        readFile(join(assets.demoDir, "index.html"), "utf8"),
        readFile(join(assets.sdkDir, "snippet.min.js"), "utf8"),
      ]);
      const host = new URL(c.req.url).origin;
      const filled = html
        .replace("{{UPTAKE_SNIPPET}}", snippet.trim().replace(/\(window,document,"[^"]*"\)/, `(window,document,${JSON.stringify(demoWriteKey)})`))
        .replaceAll("{{UPTAKE_HOST}}", host)
        .replaceAll("{{UPTAKE_WRITE_KEY}}", demoWriteKey);
      c.header("Cache-Control", "no-cache");
      return c.html(filled);
    } catch {
      return c.text("the demo or the SDK is not built yet: run npm start (it builds what is missing)", 404);
    }
  };
  // Single-page-app paths of the demo (pushState) reload into the same page.
  app.get("/demo", page);
  app.get("/demo/reports", page);
  app.get("/demo/settings", page);
  return app;
}

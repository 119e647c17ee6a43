import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assetRoutes } from "./assets.ts";

const dashboardDir = mkdtempSync(join(tmpdir(), "uptake-assets-"));
writeFileSync(join(dashboardDir, "index.html"), '<!doctype html><html><head><title>Uptake</title></head><body></body></html>');
const assets = { sdkDir: dashboardDir, demoDir: dashboardDir, dashboardDir };

describe("the dashboard page", () => {
  it("names the zone the collector counts days in, so the dashboard's today is the collector's", async () => {
    const res = await assetRoutes({ assets, timeZone: "America/Sao_Paulo" }).request("/accounts/acct_1");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<head><meta name="uptake-time-zone" content="America/Sao_Paulo"><title>');
  });

  it("writes nothing but a zone name into the page", async () => {
    const res = await assetRoutes({ assets, timeZone: '"><script>alert(1)</script>' }).request("/");
    const html = await res.text();
    expect(html).toContain('content="UTC"');
    expect(html).not.toContain("<script>");
  });
});

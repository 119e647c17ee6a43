/**
 * A vendor's page on its own origin (a second loopback server, so the SDK talks cross-origin to the
 * collector as in production): the loader stub and the async sdk.js tag, after whatever `head` the test
 * puts first (a hostile page's overrides, a privacy mode that removes IndexedDB).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { snippetCode } from "../../packages/sdk/src/entries/snippet.ts";

export type HostServer = { url(name: string): string; define(name: string, head?: string, body?: string): string; stop(): Promise<void> };

export async function startHostServer(collectorUrl: string, writeKey: string): Promise<HostServer> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? "/", "http://x").pathname.slice(1));
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" }).end(html ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name) => `${base}/${name}`,
    define(name, head = "", body = "") {
      pages.set(
        name,
        `<!doctype html><html><head><title>${name}</title>${head}<script>${snippetCode(writeKey)}</script>` +
          `<script async src="${collectorUrl}/sdk.js" data-write-key="${writeKey}" data-auto-page="false"></script></head><body>${body}</body></html>`,
      );
      return `${base}/${name}`;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Waits until sdk.js has replaced the stub: window.uptake is the real API. */
export async function sdkReady(page: Page) {
  await page.waitForFunction(() => {
    const u = (window as unknown as { uptake?: unknown }).uptake;
    return !!u && !Array.isArray(u);
  });
}

/** Debian's Chromium, headless, driven by playwright-core: what a person would see. */
import { chromium, type Browser } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
}

/** Where tests save screenshots that the README shows. */
export const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;

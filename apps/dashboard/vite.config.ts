/** Builds the dashboard into dist/: one small ES module and one stylesheet the collector serves at / and /assets/. */
import { defineConfig } from "vite";

export default defineConfig({
  // Preact's automatic JSX runtime: no React, no compat layer.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsDir: "assets",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});

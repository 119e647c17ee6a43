// The widgets chunk: one minified IIFE (dist/widgets.js) with Preact inlined, loaded by sdk.js on demand.
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    emptyOutDir: false,
    minify: true,
    lib: { entry: "src/entries/widgets.ts", formats: ["iife"], name: "uptakeWidgets", fileName: () => "widgets.js" },
  },
});

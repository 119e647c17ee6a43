// Two builds of one source: `vite build` makes the ESM package (dist/index.js); `vite build --mode iife`
// makes the script-tag bundle (dist/sdk.js, everything inlined, minified) and the loader stub.
import { defineConfig, minifySync, type Plugin } from "vite";
import { stub } from "./src/entries/snippet.ts";

/** dist/snippet.min.js: the stub as vendors paste it, with a placeholder key. */
function snippetFile(): Plugin {
  return {
    name: "uptake-snippet",
    generateBundle() {
      const source = `!${stub}(window,document,"YOUR_WRITE_KEY");`;
      // Whitespace only: the pasted text keeps the `!function(w,d,k){…}(…)` shape of the contract.
      const { code, errors } = minifySync("snippet.js", source, { mangle: false, compress: false });
      if (errors.length || !code) throw new Error(`snippet: ${errors.map((e) => e.message).join("; ")}`);
      // The minifier prefers `…` for plain strings; vendors read and edit "…".
      const text = code.trim().replace(/`([^`"\\$]*)`/g, '"$1"');
      this.emitFile({ type: "asset", fileName: "snippet.min.js", source: `${text}\n` });
    },
  };
}

export default defineConfig(({ mode }) =>
  mode === "iife"
    ? {
        plugins: [snippetFile()],
        build: {
          emptyOutDir: false,
          minify: true,
          lib: { entry: "src/entries/sdk.ts", formats: ["iife"], name: "uptakeSdk", fileName: () => "sdk.js" },
        },
      }
    : {
        build: {
          minify: false,
          lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "index.js" },
          rolldownOptions: { external: ["idb-keyval", "preact"] },
        },
      },
);

import { defineProject } from "vitest/config";
export default defineProject({
  test: {
    name: "sdk",
    environment: "happy-dom",
    // happy-dom has no IndexedDB; idb-keyval needs one to be tested for real.
    setupFiles: ["fake-indexeddb/auto"],
  },
});

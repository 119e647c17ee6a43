/**
 * Files the collector reads beside its code (migrations), and whether it runs from the production build.
 * From the sources this module sits in src/; in the build (build.mjs) every module is bundled into dist/,
 * where the build copies those files under the same relative paths.
 */
import { join } from "node:path";

export const BUILT = import.meta.url.endsWith(".mjs");

/** A path relative to src/ (or to dist/ in the build). */
export function resource(path: string): string {
  return join(import.meta.dirname, path);
}

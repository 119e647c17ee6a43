#!/usr/bin/env node
// `npx uptake …`: the query API from a terminal. The CLI is TypeScript run through tsx, like the collector
// itself, so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

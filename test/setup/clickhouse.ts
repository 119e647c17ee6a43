/**
 * Vitest globalSetup: one real ClickHouse server for the whole run, on free loopback ports, stopped at
 * the end (also when tests fail). Tests read its URL with inject("clickhouseUrl") and each test file uses
 * its own database, so files run in parallel against it.
 */
import type { TestProject } from "vitest/node";
import { createClickHouseServer } from "@uptake/collector/store/clickhouse/test-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    clickhouseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await createClickHouseServer();
  await server.start();
  project.provide("clickhouseUrl", server.url);
  return () => server.destroy();
}

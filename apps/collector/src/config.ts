/** The collector's settings (contract §2), read from the environment once, at start. */
import { join, resolve } from "node:path";
import { isTimeZone } from "./time.ts";

export type RateLimit = { perSecond: number; burst: number };

export type CollectorConfig = {
  port: number;
  dataDir: string;
  storage: "sqlite" | "clickhouse";
  clickhouse: { url: string; database: string };
  /**
   * SQLite only: acknowledge a batch once it is in the ingest journal, and apply it to the tables right after
   * (store/journal). Off: acknowledge after the tables' own commit. `maxBacklogBytes`: past it, ingest answers 503.
   */
  journal: { enabled: boolean; maxBacklogBytes: number };
  /**
   * SQLite only: the time zone whose calendar days a new file's rollups count (store/sqlite/zone.ts). Questions
   * asked in it (`tz=`) read the rollups; any other zone reads raw events. Fixed once the file exists.
   */
  timeZone?: string;
  writeKey?: string;
  secretKey?: string;
  /** `*` or exact origins (`https://app.example.com`). */
  allowedOrigins: string[];
  rateLimit: { perKey: RateLimit; perIp: RateLimit };
  /** Where the built SDK, dashboard and demo are served from. */
  assets: { sdkDir: string; dashboardDir: string; demoDir: string };
};

const ROOT = resolve(import.meta.dirname, "../../..");

/** Defaults for everything; the environment overrides what it names. */
export function readConfig(env: Record<string, string | undefined> = process.env): CollectorConfig {
  const storage = env.UPTAKE_STORAGE ?? "sqlite";
  if (storage !== "sqlite" && storage !== "clickhouse") {
    throw new Error(`UPTAKE_STORAGE must be "sqlite" or "clickhouse", not "${storage}"`);
  }
  if (storage === "clickhouse" && !env.UPTAKE_CLICKHOUSE_URL) {
    throw new Error("UPTAKE_STORAGE=clickhouse needs UPTAKE_CLICKHOUSE_URL (e.g. http://127.0.0.1:8123)");
  }
  const timeZone = env.UPTAKE_TIME_ZONE || undefined;
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new Error(`UPTAKE_TIME_ZONE must be an IANA time zone (e.g. America/Sao_Paulo), not "${timeZone}"`);
  }
  return {
    port: Number(env.PORT ?? 8787),
    dataDir: resolve(env.UPTAKE_DATA_DIR ?? "./data"),
    storage,
    clickhouse: { url: env.UPTAKE_CLICKHOUSE_URL ?? "", database: env.UPTAKE_CLICKHOUSE_DATABASE ?? "uptake" },
    journal: { enabled: journalSetting(env.UPTAKE_JOURNAL), maxBacklogBytes: Number(env.UPTAKE_JOURNAL_MAX_MB ?? 512) * 1024 * 1024 },
    timeZone,
    writeKey: env.UPTAKE_WRITE_KEY || undefined,
    secretKey: env.UPTAKE_SECRET_KEY || undefined,
    allowedOrigins: (env.UPTAKE_ALLOWED_ORIGINS ?? "*").split(",").map((o) => o.trim()).filter(Boolean),
    rateLimit: {
      perKey: { perSecond: Number(env.UPTAKE_RATE_PER_KEY ?? 2000), burst: Number(env.UPTAKE_RATE_PER_KEY ?? 2000) * 2 },
      perIp: { perSecond: Number(env.UPTAKE_RATE_PER_IP ?? 500), burst: Number(env.UPTAKE_RATE_PER_IP ?? 500) * 2 },
    },
    assets: defaultAssets(),
  };
}

function journalSetting(value = "on"): boolean {
  if (value !== "on" && value !== "off") throw new Error(`UPTAKE_JOURNAL must be "on" or "off", not "${value}"`);
  return value === "on";
}

export function defaultAssets(): CollectorConfig["assets"] {
  return {
    sdkDir: join(ROOT, "packages/sdk/dist"),
    dashboardDir: join(ROOT, "apps/dashboard/dist"),
    demoDir: join(ROOT, "apps/demo"),
  };
}

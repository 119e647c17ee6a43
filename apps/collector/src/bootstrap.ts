/** The default project's keys: from the environment when set, else generated once and kept in the data dir. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CollectorConfig } from "./config.ts";
import { generateKey, hashSecret } from "./keys.ts";
import type { EventStore } from "./store/types.ts";

export type Keys = { writeKey: string; secretKey: string; generated: boolean };

export async function bootstrapProject(store: EventStore, config: CollectorConfig): Promise<Keys> {
  const keys = resolveKeys(config);
  if (keys.generated) {
    // Keys rotated through /v1/keys since keys.json was written: the store's keys win over the file's first pair.
    const current = (await store.listProjects()).find((p) => p.id === "default");
    if (current && (current.writeKey !== keys.writeKey || current.secretKeyHash !== hashSecret(keys.secretKey))) {
      return { writeKey: current.writeKey, secretKey: "(rotated through /v1/keys: keys.json holds the first pair only)", generated: true };
    }
  }
  await store.ensureProject({ id: "default", name: "Default project", writeKey: keys.writeKey, secretKeyHash: hashSecret(keys.secretKey) });
  return keys;
}

function resolveKeys(config: CollectorConfig): Keys {
  if (config.writeKey && config.secretKey) return { writeKey: config.writeKey, secretKey: config.secretKey, generated: false };
  const file = join(config.dataDir, "keys.json");
  let saved: Partial<Keys> = {};
  if (existsSync(file)) {
    try {
      saved = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      throw new Error(`${file} is not valid JSON: fix or delete it (a new pair of keys is then generated)`);
    }
  }
  const keys = {
    writeKey: config.writeKey ?? (typeof saved.writeKey === "string" ? saved.writeKey : generateKey("wk")),
    secretKey: config.secretKey ?? (typeof saved.secretKey === "string" ? saved.secretKey : generateKey("sk")),
    generated: true,
  };
  if (keys.writeKey !== saved.writeKey || keys.secretKey !== saved.secretKey) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ writeKey: keys.writeKey, secretKey: keys.secretKey }, null, 2), { mode: 0o600 });
  }
  return keys;
}

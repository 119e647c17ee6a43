/**
 * Crash safety: the real collector process is SIGKILLed 20 times at random moments (fixed seed) while
 * several clients send batches and retry as the SDK does. Afterwards every acknowledged event is stored
 * and no event is counted twice, read through the public routes (export and the features trend).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { SECRET_KEY, WRITE_KEY, freePort, seeded, startCollectorProcess, type CollectorProcess } from "./helpers/collector-process.ts";
import { ingestClient, type Event } from "./helpers/ingest-client.ts";

const SEED = 20261123;
const KILLS = 20;
const CLIENTS = 4;
const USERS_PER_CLIENT = 3;

const dataDir = mkdtempSync(join(tmpdir(), "uptake-crash-"));
let collector: CollectorProcess | undefined;
afterAll(async () => {
  await collector?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

it(`every acknowledged event survives ${KILLS} SIGKILLs, and none is counted twice`, async () => {
  const random = seeded(SEED);
  const port = await freePort();
  collector = await startCollectorProcess({ dataDir, port });
  const url = collector.url;
  let sending = true;
  const generated: Event[] = [];
  const clients = Array.from({ length: CLIENTS }, (_, c) => ({ c, client: ingestClient({ url: () => url, writeKey: WRITE_KEY, random: seeded(SEED + c) }) }));

  const loops = clients.map(async ({ c, client }) => {
    for (let seq = 0; sending; ) {
      const size = 1 + Math.floor(random() * 20);
      const events = Array.from({ length: size }, () => {
        const n = seq++;
        return { messageId: `crash-${c}-${n}`, userId: `crash-user-${c}-${n % USERS_PER_CLIENT}`, feature: `crash-${c}` };
      });
      generated.push(...events);
      await client.deliver(events);
    }
  });

  let kills = 0;
  for (; kills < KILLS; kills++) {
    await new Promise((r) => setTimeout(r, 150 + random() * 700));
    await collector.kill("SIGKILL");
    collector = await startCollectorProcess({ dataDir, port });
  }
  // Stop making new batches; each client's last batch is retried until acknowledged.
  sending = false;
  await Promise.all(loops);

  const auth = { authorization: `Bearer ${SECRET_KEY}` };
  const stored = new Map<string, number>();
  for (let c = 0; c < CLIENTS; c++) {
    for (let u = 0; u < USERS_PER_CLIENT; u++) {
      const res = await fetch(`${url}/v1/users/crash-user-${c}-${u}/export`, { headers: auth });
      expect(res.status).toBe(200);
      for (const e of (await res.json()).events as { messageId: string }[]) stored.set(e.messageId, (stored.get(e.messageId) ?? 0) + 1);
    }
  }
  const acked = clients.flatMap(({ client }) => [...client.acked]);
  const lost = acked.filter((id) => !stored.has(id));
  const duplicates = [...stored.values()].filter((n) => n > 1).length;

  // The rollups behind the trends must count each event once too: uses per feature = events generated.
  const day = new Date().toISOString().slice(0, 10);
  const trend = await (await fetch(`${url}/v1/trends/features?from=${day}&to=${day}&interval=day`, { headers: auth })).json();
  const uses = (feature: string) =>
    ((trend.features as { feature: string; series: { uses: number }[] }[]).find((f) => f.feature === feature)?.series ?? []).reduce((s, p) => s + p.uses, 0);
  const counted = Array.from({ length: CLIENTS }, (_, c) => uses(`crash-${c}`));
  const expected = Array.from({ length: CLIENTS }, (_, c) => generated.filter((e) => e.feature === `crash-${c}`).length);
  const statuses: Record<string, number> = {};
  for (const { client } of clients) for (const [s, n] of Object.entries(client.statuses)) statuses[s] = (statuses[s] ?? 0) + n;

  console.log(
    `RELIABILITY crash: kills=${kills} generated=${generated.length} acked=${acked.length} stored=${stored.size} lost=${lost.length} ` +
      `duplicates=${duplicates} trendUses=${counted.join("+")} expected=${expected.join("+")} answers=${JSON.stringify(statuses)}`,
  );
  expect(kills).toBe(KILLS);
  expect(lost).toEqual([]);
  expect(duplicates).toBe(0);
  expect(acked.length).toBe(generated.length);
  expect(stored.size).toBe(generated.length);
  expect(counted).toEqual(expected);
}, 240_000);

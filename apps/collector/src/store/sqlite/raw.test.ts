import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import type { ActivityGap } from "../analytics-types.ts";
import { ev } from "../contract.ts";
import { createSqliteStore } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-raw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const P = "p";
const at = (userId: string, iso: string) => ev({ userId, event: "Page Viewed", timestamp: Date.parse(iso) });
/** What the active-people chart is drawn from: each local day's people by days since they were last active. */
const seen = (gaps: ActivityGap[]) => gaps.map((g) => `${g.day}: ${g.actors} back after ${g.gap}`).sort();

it("puts an event a millisecond either side of another zone's midnight on its own day, from the days held or the events", async () => {
  const file = join(dir, "midnight.sqlite");
  const store = createSqliteStore({ file, timeZone: "UTC" });
  // São Paulo's 10 October starts at 03:00 UTC: ana just before and just after it, bob in the last second before.
  await store.append(P, [
    at("ana", "2026-10-10T02:59:59.999Z"),
    at("ana", "2026-10-10T03:00:00.000Z"),
    at("bob", "2026-10-10T02:59:59.000Z"),
    at("bob", "2026-10-12T03:00:00.001Z"),
  ]);
  const q = { from: "2026-10-01", to: "2026-10-31", tz: "America/Sao_Paulo" };
  const want = ["2026-10-09: 2 back after 30", "2026-10-10: 1 back after 1", "2026-10-12: 1 back after 3"];
  expect(seen(await store.activityGaps(P, q))).toEqual(want);
  await store.close();

  // Rows swept before their first and last instants were kept: the answer comes from the events, the same.
  const db = new Database(file);
  db.exec("UPDATE actor_days SET first_ts = NULL WHERE actor = 'bob'");
  db.close();
  const again = createSqliteStore({ file });
  expect(seen(await again.activityGaps(P, q))).toEqual(want);
  await again.close();
});

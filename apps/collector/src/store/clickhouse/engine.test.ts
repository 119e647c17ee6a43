/**
 * What only the ClickHouse engine does, against a real server: appends planned while an earlier one is still
 * being written, late ties mapped inline or by a join, survey properties cut out in SQL or sent whole, and
 * rollups added by migrations counting what was stored before them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ev } from "../contract.ts";
import type { EventStore } from "../types.ts";
import { createClickHouseHttp, type ClickHouseHttp } from "./http.ts";
import { lateTies, resolvePid } from "./queries.ts";
import { clickHouseDatabase } from "./testing.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2026-11-02T12:00:00Z");
const q = { from: "2026-11-01", to: "2026-11-05", tz: "UTC" };

describe("ClickHouse engine", () => {
  const { url, database, open, drop } = clickHouseDatabase("engine");
  let store: EventStore;
  let http: ClickHouseHttp;

  beforeAll(async () => {
    store = await open();
    http = createClickHouseHttp({ url });
  });
  afterAll(async () => {
    http.close();
    await store.close();
    await drop();
  });

  it("takes appends sent together in order: a later batch sees the ties, accounts and ids of the one before it", async () => {
    const p = "p-order";
    await store.ensureProject({ id: p, name: "Order", writeKey: "wk_order", secretKeyHash: "h-order" });
    const first = [
      ev({ type: "identify", event: null, userId: "ana", anonymousId: "anon-ana", timestamp: T0 }),
      ev({ type: "group", event: null, userId: "ana", accountId: "acme", timestamp: T0 + 1 }),
    ];
    const second = [
      ev({ userId: null, anonymousId: "anon-ana", properties: { feature: "export" }, timestamp: T0 + 2 }),
      { ...first[0] },
    ];
    const third = [ev({ userId: null, anonymousId: "anon-bo", properties: { feature: "search" }, timestamp: T0 + 3 })];
    // The first goes alone (the store groups appends made in one turn of the event loop); the others arrive
    // while it is being planned, so the second is planned while the first is written, and meets it.
    const a = store.append(p, first);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const results = await Promise.all([a, store.append(p, second), store.append(p, third)]);
    expect(results).toEqual([{ inserted: 2, duplicates: 0 }, { inserted: 1, duplicates: 1 }, { inserted: 1, duplicates: 0 }]);
    expect((await store.activeDays(p, q)).map((d) => d.actor).sort()).toEqual(["ana", "anon-bo"]);
    expect(await store.accountFeatures(p, q)).toEqual([{ accountId: "acme", feature: "export", uses: 1 }]);
  });

  it("maps late ties the same inline or through a join", async () => {
    const p = "p-late";
    await store.ensureProject({ id: p, name: "Late", writeKey: "wk_late", secretKeyHash: "h-late" });
    await store.append(p, [ev({ userId: null, anonymousId: "anon-cy", timestamp: T0 })]);
    await store.append(p, [ev({ userId: null, anonymousId: "anon-di", timestamp: T0 + DAY })]);
    await store.append(p, [ev({ type: "identify", event: null, userId: "cy", anonymousId: "anon-cy", timestamp: T0 + 2 * DAY })]);
    const s = { db: database, project: p };
    const ties = await lateTies(http, s);
    expect(ties?.from).toHaveLength(1);
    const who = (sql: typeof s & { ties?: typeof ties }) =>
      http.query<{ who: string; n: number }>(
        `SELECT toString(who) AS who, count() AS n FROM ${resolvePid(sql, `(SELECT pid FROM \`${database}\`.activity_hours WHERE project_id = '${p}')`, [])}
         GROUP BY who ORDER BY who`,
      );
    const inline = await who({ ...s, ties });
    expect(await who(s)).toEqual(inline);
    expect(await who({ ...s, ties: null })).toEqual(inline);
    expect(inline.map((r) => r.n).sort()).toEqual([1, 2]);
    expect((await store.activeDays(p, { ...q, to: "2026-11-06" })).map((d) => `${d.day} ${d.actor}`).sort()).toEqual([
      "2026-11-02 cy", "2026-11-03 anon-di", "2026-11-04 cy",
    ]);
  });

  it("reads survey properties the same whether they are cut out in SQL or sent whole", async () => {
    const p = "p-props";
    await store.ensureProject({ id: p, name: "Props", writeKey: "wk_props", secretKeyHash: "h-props" });
    const responded = (properties: Record<string, unknown>, at: number) =>
      ev({ userId: "eve", event: "Survey Responded", properties, timestamp: T0 + at });
    await store.append(p, [
      responded({ survey_id: "s1", kind: "nps", score: 9, comment: "flat" }, 1),
      responded({ survey_id: "s1", kind: "nps", score: 7, meta: { kind: "csat", score: 1 } }, 2),
      responded({ 'say "kind"': "csat", survey_id: "s1", kind: "nps", score: 3, comment: "quote \"kind\":" }, 3),
      responded({ survey_id: "s1", kind: "csat", scale: 5, score: 4, tags: ["a", "b"] }, 4),
      responded({ survey_id: "s2", kind: "nps", score: 10 }, 5),
    ]);
    const { responses } = await store.surveyEvents(p, q, "s1");
    expect(responses.map((r) => [r.kind, r.score, r.scale, r.comment])).toEqual([
      ["csat", 4, 5, null], ["nps", 3, null, 'quote "kind":'], ["nps", 7, null, null], ["nps", 9, null, "flat"],
    ]);
  });

  /** The database as the release before `migration` left it: without `table` and its view, and the migration not applied. */
  async function asBefore(database: string, migration: string, table: string) {
    const db = `\`${database}\``;
    const applied = (await http.query<{ name: string }>(`SELECT name FROM ${db}.schema_migrations`)).map((r) => r.name);
    for (const sql of [
      `DROP TABLE ${db}.${table}_mv`, `DROP TABLE ${db}.${table}`, `DROP TABLE ${db}.schema_migrations`,
      `CREATE TABLE ${db}.schema_migrations (name String, applied_at Int64) ENGINE = MergeTree ORDER BY name`,
      `INSERT INTO ${db}.schema_migrations VALUES ${applied.filter((n) => n !== migration).map((n) => `('${n}', 0)`).join(", ")}`,
    ]) await http.exec(sql);
  }

  it("counts sign-ins stored before the login rollup existed, once a collector that has it starts", async () => {
    const old = clickHouseDatabase("upgrade");
    const p = "p-upgrade";
    const signIn = (userId: string, at: number) => ev({ userId, accountId: "acme", event: "Signed In", timestamp: T0 + at });
    let before = await old.open();
    try {
      await before.ensureProject({ id: p, name: "Upgrade", writeKey: "wk_upgrade", secretKeyHash: "h-upgrade" });
      await before.append(p, [signIn("ann", 1), signIn("ann", DAY), signIn("bo", DAY + 1)]);
      await before.close();
      await asBefore(old.database, "060_login_months.sql", "login_months");
      before = await old.open();
      await before.append(p, [signIn("cy", 2 * DAY)]);
      const stats = await before.loginStats(p, { ...q, interval: "week" });
      expect(stats.series).toEqual([{ date: "2026-11-01", logins: 0, users: 0 }, { date: "2026-11-02", logins: 4, users: 3 }]);
      expect(stats.actorsByLogins).toEqual([{ logins: 1, actors: 2 }, { logins: 2, actors: 1 }]);
      expect(stats.perAccount).toEqual([{ accountId: "acme", logins: 4, activeUsers: 3 }]);
    } finally {
      await before.close();
      await old.drop();
    }
  });

  it("counts the account windows' people stored before the half-year rollup existed, once a collector that has it starts", async () => {
    const old = clickHouseDatabase("halves");
    const p = "p-halves";
    const use = (userId: string, day: string) => ev({ userId, accountId: "acme", properties: { feature: "export" }, timestamp: Date.parse(`${day}T12:00:00Z`) });
    let before = await old.open();
    try {
      await before.ensureProject({ id: p, name: "Halves", writeKey: "wk_halves", secretKeyHash: "h-halves" });
      // Days on either side of Jul 1; Sep 2 and 3, days 63 and 64 of the half, either side of a word's edge; and
      // Nov 10, day 132, in the third word from November's month row, which starts in the second.
      await before.append(p, [use("ann", "2026-06-29"), use("ann", "2026-07-02"), use("ann", "2026-09-02"), use("bo", "2026-09-03"), use("bo", "2026-11-10")]);
      await before.close();
      await asBefore(old.database, "070_active_halves.sql", "active_halves");
      before = await old.open();
      await before.append(p, [use("cy", "2026-09-03")]);
      const windows = [
        { from: "2026-06-29", to: "2026-07-05" },
        { from: "2026-08-31", to: "2026-09-06" },
        { from: "2026-09-02", to: "2026-09-02" },
        { from: "2026-09-03", to: "2026-09-03" },
        { from: "2026-11-10", to: "2026-11-10" },
      ];
      const [acme] = await before.accountWindows(p, q, windows);
      expect(acme.users).toEqual([1, 3, 1, 2, 1]);
    } finally {
      await before.close();
      await old.drop();
    }
  });
});

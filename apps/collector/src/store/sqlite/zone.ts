/**
 * The time zone of the rollups' days (migration 100). Days in the rollups are calendar days in this zone, so
 * a product team that reads its numbers in its own zone (São Paulo, say) gets them from the rollups. The zone
 * is chosen when the file is created; changing it means counting every stored event again (rebuild.ts).
 */
import type Database from "better-sqlite3";
import { DAY_MS, localDayOf } from "../../time.ts";

/** The zone setting's value while rebuild.ts counts the events again: `rebuilding:<zone>`. */
export const REBUILDING = "rebuilding:";

/** The file's rollup zone; on a file without one yet, `wanted` (default UTC) becomes it. */
export function rollupZone(db: Database.Database, wanted?: string): string {
  const stored = db.prepare("SELECT value FROM store_settings WHERE key = 'rollup_zone'").pluck().get() as string | undefined;
  if (stored === undefined) {
    const zone = wanted ?? "UTC";
    db.prepare("INSERT INTO store_settings (key, value) VALUES ('rollup_zone', ?) ON CONFLICT DO NOTHING").run(zone);
    return rollupZone(db);
  }
  if (stored.startsWith(REBUILDING)) {
    const zone = stored.slice(REBUILDING.length);
    throw new Error(`${db.name}: counting its rollups again in ${zone} days stopped midway. Finish it with \`uptake rollups rebuild --zone ${zone}\``);
  }
  if (wanted !== undefined && wanted !== stored) {
    throw new Error(
      `${db.name}: its rollups count days in ${stored}, not ${wanted}. Start with UPTAKE_TIME_ZONE=${stored}, or stop the collector and ` +
        `count them again in ${wanted} days with \`uptake rollups rebuild --zone ${wanted}\``,
    );
  }
  return stored;
}

/** SQL for the rollup zone's day number of an instant column: plain arithmetic in UTC, else zone_day (below). */
export function zoneDaySql(zone: string, col: string): string {
  return zone === "UTC" ? `CAST(floor(${col} / ${DAY_MS}.0) AS INTEGER)` : `zone_day(${col})`;
}

const registered = new WeakMap<Database.Database, { zone: string; dayOf: (ts: number) => number }>();

/**
 * `zone_day(ts)` in SQL: the rollup zone's day number of an instant (ms), for statements that count days. The
 * store's reads and its writer share a connection: the second to ask gets the first one's function.
 */
export function registerZoneDay(db: Database.Database, zone: string): (ts: number) => number {
  const known = registered.get(db);
  if (known?.zone === zone) return known.dayOf;
  const dayOf = localDayOf(zone);
  db.function("zone_day", { deterministic: true }, (ts) => dayOf(Number(ts)));
  registered.set(db, { zone, dayOf });
  return dayOf;
}

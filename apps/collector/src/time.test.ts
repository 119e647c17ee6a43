import { describe, expect, it } from "vitest";
import { DAY_MS, localDayNumber, localDayOf, localDayStart } from "./time.ts";

describe("localDayOf", () => {
  // São Paulo (no DST since 2019, DST before), New York (23- and 25-hour days), Kolkata (+5:30), Chatham (+12:45/+13:45).
  const zones = ["UTC", "America/Sao_Paulo", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];

  it.each(zones)("gives every instant the day localDayNumber gives it, across DST changes (%s)", (tz) => {
    const dayOf = localDayOf(tz);
    const from = Date.parse("2018-10-20T00:00:00Z");
    for (let ts = from; ts < from + 200 * DAY_MS; ts += 977_777) expect(dayOf(ts)).toBe(localDayNumber(ts, tz));
  });

  it.each(zones)("puts each local midnight in the new day and the millisecond before it in the old one (%s)", (tz) => {
    const dayOf = localDayOf(tz);
    const first = Math.floor(Date.parse("2026-03-01T00:00:00Z") / DAY_MS);
    for (let d = first; d < first + 300; d++) {
      const start = localDayStart(d, tz);
      expect(dayOf(start)).toBe(d);
      expect(dayOf(start - 1)).toBe(d - 1);
    }
  });

  it.each(zones)("starts each local day at its first millisecond, so a range's edges count every instant once (%s)", (tz) => {
    const first = Math.floor(Date.parse("2026-03-01T00:00:00Z") / DAY_MS);
    for (let d = first; d < first + 300; d += 7) {
      const start = localDayStart(d, tz);
      expect(localDayNumber(start, tz)).toBe(d);
      expect(localDayNumber(start - 1, tz)).toBe(d - 1);
    }
  });
});

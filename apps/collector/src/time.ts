/** Calendar days as integers (days since 1970-01-01) and the local day of an instant in a time zone. */

export const DAY_MS = 86_400_000;

// Each conversion remembers its last answer: callers convert row after row of the same day (a query's rows
// come in time order), and Date.parse / toISOString cost about a microsecond each.
let parsedIso = "";
let parsedDay = Number.NaN;
let formattedDay = Number.NaN;
let formattedIso = "";

/** `2026-11-23` → its day number. */
export function dayNumber(isoDate: string): number {
  if (isoDate !== parsedIso) {
    parsedDay = Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
    parsedIso = isoDate;
  }
  return parsedDay;
}

/** Day number → `2026-11-23`. */
export function isoDay(day: number): string {
  if (day !== formattedDay) {
    formattedIso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    formattedDay = day;
  }
  return formattedIso;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The day number of the calendar day an instant falls on in `tz` (an IANA zone). */
export function localDayNumber(ts: number, tz: string): number {
  if (tz === "UTC") return Math.floor(ts / DAY_MS);
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(tz, f);
  }
  return dayNumber(f.format(ts));
}

/** The UTC instant at which local day `day` starts in `tz` (DST-aware to the hour). */
export function localDayStart(day: number, tz: string): number {
  const utcMidnight = day * DAY_MS;
  if (tz === "UTC") return utcMidnight;
  // The zone's offset is at most ±14 h: scan for the first instant whose local day is `day`.
  let lo = utcMidnight - 15 * 3_600_000;
  let hi = utcMidnight + 15 * 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDayNumber(mid, tz) < day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** True when `tz` is an IANA zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

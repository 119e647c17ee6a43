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

/**
 * The first instant (to the millisecond) of local day `day` in `tz`: a range of local days is the instants
 * [localDayStart(from), localDayStart(to + 1)), so an event a few seconds after midnight counts on its own day.
 */
export function localDayStart(day: number, tz: string): number {
  if (tz === "UTC") return day * DAY_MS;
  // The zone's offset is at most ±14 h: search for the first instant whose local day is `day`.
  let lo = day * DAY_MS - 15 * 3_600_000;
  let hi = day * DAY_MS + 15 * 3_600_000;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDayNumber(mid, tz) < day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * localDayNumber() for instants anywhere in time, for a writer converting every event: the local midnights
 * inside each UTC day are found once (an Intl call costs about a microsecond; this, a lookup).
 */
export function localDayOf(tz: string): (ts: number) => number {
  if (tz === "UTC") return (ts) => Math.floor(ts / DAY_MS);
  // Per UTC day: the local day at its first instant, then [start, day] of each local day beginning inside it.
  const known = new Map<number, { first: number; starts: [number, number][] }>();
  return (ts) => {
    const utcDay = Math.floor(ts / DAY_MS);
    let k = known.get(utcDay);
    if (!k) {
      const first = localDayNumber(utcDay * DAY_MS, tz);
      const last = localDayNumber((utcDay + 1) * DAY_MS - 1, tz);
      const starts: [number, number][] = [];
      for (let d = first + 1; d <= last; d++) starts.push([localDayStart(d, tz), d]);
      known.set(utcDay, (k = { first, starts }));
    }
    let day = k.first;
    for (const [start, d] of k.starts) if (ts >= start) day = d;
    return day;
  };
}

const knownZones = new Set<string>();

/** True when `tz` is an IANA zone this runtime knows (every query checks its tz: a formatter costs about 0.1 ms). */
export function isTimeZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    return false;
  }
  // Zone names match in any case, so a client could send endless spellings: the set stays small.
  if (knownZones.size >= 1000) knownZones.clear();
  knownZones.add(tz);
  return true;
}

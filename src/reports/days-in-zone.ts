/** One calendar day in a time zone: from its midnight to the next, as epoch milliseconds. */
export type ZoneDay = { readonly date: string; readonly start: number; readonly end: number };

const dayMs = 24 * 60 * 60_000;

function partsIn(timeZone: string, ms: number) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** How far `timeZone` is ahead of UTC at `ms`. */
function offsetAt(timeZone: string, ms: number): number {
  const p = partsIn(timeZone, ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight begins the day `y-m-d` in `timeZone` (DST-safe: offsets re-read). */
export function midnight(timeZone: string, year: number, month: number, day: number): number {
  const local = Date.UTC(year, month - 1, day);
  let guess = local - offsetAt(timeZone, local);
  guess = local - offsetAt(timeZone, guess);
  return guess;
}

/**
 * The last `count` days in `timeZone`, today included, oldest first: the days a daily chart
 * shows, so that a sign-in at 00:30 in Rome counts on the day the tenant calls it.
 */
export function lastDaysIn(timeZone: string, now: number, count: number): ZoneDay[] {
  const today = partsIn(timeZone, now);
  const days: ZoneDay[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day) - back * dayMs);
    const next = new Date(d.getTime() + dayMs);
    days.push({
      date: d.toISOString().slice(0, 10),
      start: midnight(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()),
      end: midnight(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
    });
  }
  return days;
}

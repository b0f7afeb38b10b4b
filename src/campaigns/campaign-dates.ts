import { VarcoError } from "../errors/varco-error.ts";
import { midnight } from "../reports/days-in-zone.ts";

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A campaign's date as people give it: `YYYY-MM-DD` is that day in the tenant's time zone (its
 * start at midnight; a deadline, the end of the day: the next midnight), or an ISO 8601 time.
 */
export function parseCampaignDate(text: string, timeZone: string, edge: "start" | "end"): number {
  const trimmed = text.trim();
  const day = dayPattern.exec(trimmed);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(year, month - 1, date));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date)
      throw new VarcoError("invalid_campaign", `'${trimmed}' is not a date`);
    const next = new Date(check.getTime() + 24 * 60 * 60_000);
    return edge === "start"
      ? midnight(timeZone, year, month, date)
      : midnight(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new VarcoError(
      "invalid_campaign",
      `'${trimmed.slice(0, 40)}': write a date as YYYY-MM-DD`,
    );
  return ms;
}

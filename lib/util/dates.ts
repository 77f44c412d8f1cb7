/**
 * Dates as the audit reads them from flags and writes them into reports.
 *
 * @module
 */

/** Length of CloudTrail's event history: LookupEvents returns nothing older. */
export const CLOUDTRAIL_HISTORY_DAYS = 90;

const DAY_MS = 86_400_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * Parses a date given on the command line: `YYYY-MM-DD` (midnight UTC) or ISO 8601 with a time and
 * a zone (`2026-02-18T10:00:00Z`, `2026-02-18T10:00:00+01:00`).
 *
 * @param text the flag's value
 * @returns the instant, or `undefined` when the text is not such a date or names a day that does not exist
 * @example
 * ```ts
 * parseDateFlag("2026-02-18")?.toISOString(); // "2026-02-18T00:00:00.000Z"
 * ```
 */
export function parseDateFlag(text: string): Date | undefined {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    return isRealDay(y, m, d) ? new Date(Date.UTC(y, m - 1, d)) : undefined;
  }
  const iso = ISO_8601.exec(text);
  if (!iso) return undefined;
  // Date() rolls 2026-11-31 over to 1 December and accepts 24:00: only a real day and time passes.
  const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (!isRealDay(y, m, d)) return undefined;
  if (Number(iso[4]) > 23 || Number(iso[5]) > 59 || Number(iso[6] ?? 0) > 59) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whether a calendar day exists (Date.UTC rolls 2026-02-30 over to March). */
function isRealDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Formats an instant as ISO 8601 UTC without milliseconds, as the reports show dates.
 *
 * @param date an instant, or nothing
 * @returns e.g. `2026-03-05T14:30:22Z`, or `""` for an absent date
 */
export function isoUtc(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return "";
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The timestamp in the reports' file names: the run's start in UTC, `YYYYMMDD_HHMMSS`.
 *
 * The original tool used local time; UTC is chosen so that file names agree with the ISO UTC dates
 * inside the reports and across machines.
 *
 * @param date the run's start
 * @returns e.g. `20260305_143022`
 */
export function fileTimestamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/**
 * Whole days from one instant to another, rounded down; never negative.
 *
 * @param from the earlier instant (e.g. a key's creation)
 * @param to the later instant (the run's start)
 * @returns the number of complete days in between
 */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/**
 * The instant a number of days before another.
 *
 * @param date the reference instant
 * @param days how many days to go back
 * @returns `date` minus `days` × 24 h
 */
export function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS);
}

/**
 * An instant as a reader sees it (the HTML page, the console's comparison): UTC, without ISO's `T` and `Z`.
 *
 * @param date the instant
 * @returns e.g. `2026-11-25 23:25:14 UTC`
 */
export function readableUtc(date: Date): string {
  return isoUtc(date).replace("T", " ").replace("Z", " UTC");
}

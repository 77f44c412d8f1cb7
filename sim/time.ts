/**
 * Timestamp formats used on the wire.
 *
 * @module
 */

/** ISO 8601 UTC without milliseconds (`2024-01-02T03:04:05Z`), as IAM and STS return dates. */
export function isoSeconds(date: Date | string | number): string {
  const d = date instanceof Date ? date : new Date(date);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Epoch seconds, the JSON 1.1 protocol's timestamp format. */
export function epochSeconds(date: Date | string | number): number {
  const ms = date instanceof Date ? date.getTime() : new Date(date).getTime();
  return ms / 1000;
}

/** Parses an ISO string to epoch milliseconds, throwing on garbage so scenario typos surface early. */
export function parseIsoMs(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`invalid date for ${what}: ${JSON.stringify(value)}`);
  return ms;
}

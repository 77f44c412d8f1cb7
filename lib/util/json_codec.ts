/**
 * JSON that keeps dates: records go through a file and come back as they were, `Date`s included,
 * without listing their fields (so a record type can grow without this module knowing).
 *
 * A `Date` is written as `{"$date": <epoch ms>}` (`null` for an invalid date); an object whose only
 * key is `$date` is therefore read back as a date. `undefined` values are dropped, as JSON drops them.
 *
 * @module
 */

const DATE_KEY = "$date";

/**
 * Encodes a value as one line of JSON, dates preserved.
 *
 * @param value the value (plain data: objects, arrays, strings, numbers, booleans, null, dates)
 * @returns its JSON text, without line breaks
 * @example
 * ```ts
 * decode(encode({ at: new Date(0) })); // { at: Date(1970-01-01T00:00:00.000Z) }
 * ```
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, encoded) {
    // JSON.stringify has already called Date#toJSON on `encoded`; the holder still has the Date.
    const raw = this[key];
    if (raw instanceof Date) {
      const time = raw.getTime();
      return { [DATE_KEY]: Number.isNaN(time) ? null : time };
    }
    return encoded;
  });
}

/**
 * Decodes what {@link encode} wrote.
 *
 * @param text the JSON text
 * @returns the value, dates as `Date`s
 * @throws {SyntaxError} when the text is not JSON
 */
export function decode<T>(text: string): T {
  return JSON.parse(text, (_key, value) => {
    if (value !== null && typeof value === "object" && DATE_KEY in value) {
      const time = (value as Record<string, unknown>)[DATE_KEY];
      if (Object.keys(value).length === 1 && (time === null || typeof time === "number")) {
        return new Date(time ?? NaN);
      }
    }
    return value;
  }) as T;
}

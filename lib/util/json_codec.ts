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
  // A copy with the dates replaced, then the plain JSON.stringify: a replacer function, or letting
  // JSON.stringify call Date#toJSON, costs five times as much.
  return JSON.stringify(withoutDates(value));
}

/**
 * Decodes what {@link encode} wrote.
 *
 * @param text the JSON text
 * @returns the value, dates as `Date`s
 * @throws {SyntaxError} when the text is not JSON
 */
export function decode<T>(text: string): T {
  // The plain JSON.parse, then the dates restored in place: a reviver function costs twice as much.
  return withDates(JSON.parse(text)) as T;
}

function withoutDates(value: unknown): unknown {
  if (value instanceof Date) {
    const time = value.getTime();
    return { [DATE_KEY]: Number.isNaN(time) ? null : time };
  }
  if (Array.isArray(value)) return value.map(withoutDates);
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = withoutDates((value as Record<string, unknown>)[key]);
    return copy;
  }
  return value;
}

function withDates(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = withDates(value[i]);
    return value;
  }
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (DATE_KEY in object) {
      const time = object[DATE_KEY];
      if ((time === null || typeof time === "number") && Object.keys(object).length === 1) {
        return new Date(time ?? NaN);
      }
    }
    for (const key in object) object[key] = withDates(object[key]);
  }
  return value;
}

/**
 * Text made safe for a terminal: names come from AWS (account names, user names, CloudTrail fields)
 * and may hold control characters — an escape sequence could rewrite the screen, a bidirectional
 * override could reorder what is read. Such characters are shown as visible escapes instead.
 *
 * @module
 */

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings and isolates. */
// deno-lint-ignore no-control-regex -- these are exactly the characters to neutralize
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces characters a terminal would act on with visible escapes.
 *
 * @param text a line (or lines) to print
 * @returns the text with each such character written as `\xHH` or `\uHHHH`
 * @example
 * ```ts
 * printable("evil\x1b[2Jname"); // "evil\\x1b[2Jname"
 * ```
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

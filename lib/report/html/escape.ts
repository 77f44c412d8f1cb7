/**
 * Text made safe for the two places the HTML report puts values: markup (element content and quoted
 * attribute values) and JSON inside a `<script>` element.
 *
 * @module
 */

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @param value a text or a number; nothing is the empty text
 * @returns the text with `& < > " '` as character references
 * @example
 * ```ts
 * escapeHtml(`<b>"Evil"</b>`); // "&#60;b&#62;&#34;Evil&#34;&#60;/b&#62;"
 * ```
 */
export function escapeHtml(value: string | number | undefined): string {
  return (value === undefined ? "" : String(value)).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside a `<script>` element: `<` is written `\u003c`, so no value can close the
 * element (`</script>`) or open a comment (`<!--`), and the line separators U+2028 and U+2029 are
 * escaped too; `JSON.parse` reads it back unchanged.
 *
 * @param value anything JSON can hold
 * @returns the JSON text
 * @example
 * ```ts
 * jsonForScript({ name: "</script>" }); // '{"name":"\\u003c/script>"}'
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * XML text helpers for the query protocol (IAM, STS) responses.
 *
 * @module
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes a value for element text or attribute content. */
export function xmlEscape(value: string): string {
  // Most values need no escaping: skip the regex replace allocation on the hot path.
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c]) : value;
}

/** `<name>value</name>`, or nothing when the value is absent (the query protocol omits null members). */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return "";
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** A query-protocol list: `<name><member>...</member>...</name>` from pre-rendered member bodies. */
export function memberList(name: string, members: readonly string[]): string {
  let out = `<${name}>`;
  for (const m of members) out += `<member>${m}</member>`;
  return out + `</${name}>`;
}

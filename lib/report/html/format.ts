/**
 * How the HTML page writes numbers and instants for a reader: grouped digits in the run's language,
 * and the run's instants in UTC without ISO's `T` and `Z`.
 *
 * @module
 */
import type { Lang } from "../../i18n/words.ts";
import { isoUtc } from "../../util/dates.ts";

/** The locale whose digit grouping and collation the page uses, by the run's language. */
export const LOCALES: Readonly<Record<Lang, string>> = { es: "es-ES", en: "en-US" };

/**
 * A number formatter for the run's language.
 *
 * @param lang the run's language
 * @returns a function writing `1234` as `1.234` (es) or `1,234` (en)
 */
export function numberFormat(lang: Lang): (n: number) => string {
  const format = new Intl.NumberFormat(LOCALES[lang]);
  return (n) => format.format(n);
}

/**
 * An instant as the page's run information shows it.
 *
 * @param date the instant
 * @returns e.g. `2026-11-25 23:25:14 UTC`
 */
export function readableUtc(date: Date): string {
  return isoUtc(date).replace("T", " ").replace("Z", " UTC");
}

/**
 * How the HTML page writes numbers for a reader: grouped digits in the run's language.
 *
 * @module
 */
import type { Lang } from "../../i18n/words.ts";

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

/**
 * The language modules by name.
 *
 * @module
 */
import { en } from "./en.ts";
import { es } from "./es.ts";
import type { Lang, Words } from "./words.ts";

/**
 * Every word of a language.
 *
 * @param lang `es` (the default of the command) or `en`
 * @returns the language's words
 */
export function wordsFor(lang: Lang): Words {
  return lang === "en" ? en : es;
}

/**
 * The language a command line asks for, read before the flags are parsed so that an error in any other
 * flag is already in that language; `es` when it names none or one that does not exist.
 *
 * @param argv the command's arguments
 * @returns the language
 */
export function langOf(argv: readonly string[]): Lang {
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") break;
    if (argv[i] === "--lang") lang = argv[i + 1];
    else if (argv[i].startsWith("--lang=")) lang = argv[i].slice("--lang=".length);
  }
  return lang === "en" ? "en" : "es";
}

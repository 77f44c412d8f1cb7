/**
 * The one place where a typed value becomes a report cell, in a format and a language: dates become
 * ISO 8601 UTC, words of the language are looked up, lists are joined (CSV) or kept as arrays (JSON),
 * and an absent value is an empty cell (CSV) or `null` (JSON).
 *
 * @module
 */
import type { TermWords, Words } from "../i18n/words.ts";
import { isoUtc } from "../util/dates.ts";

/** A word of the run's language, by its key (`Configurada` / `Configured`). */
export interface Term {
  readonly term: keyof Pick<
    TermWords,
    "passwordConfigured" | "passwordNotConfigured" | "passwordNever" | "keyNeverUsed"
  >;
}

/** Several values in one cell. */
export interface CellList {
  readonly items: readonly string[];
  /** How CSV joins them (e.g. `;`). */
  readonly separator: string;
  /** Whether JSON keeps them as an array (otherwise it joins them like CSV). */
  readonly array: boolean;
}

/** A typed cell value, before it is rendered. */
export type Cell = string | number | boolean | Date | Term | CellList | undefined;

/** Formats a cell can be rendered in. */
export type CellFormat = "csv" | "json";

/** A rendered cell: CSV cells are strings or numbers; JSON keeps booleans, arrays and `null`. */
export type RenderedCell = string | number | boolean | readonly string[] | null;

/**
 * Renders one cell.
 *
 * @param cell the typed value
 * @param format `csv` or `json`
 * @param words the run's language
 * @returns the cell's value in that format
 */
export function renderCell(cell: Cell, format: CellFormat, words: Words): RenderedCell {
  let value: string | number | boolean | readonly string[];
  if (cell === undefined) value = "";
  else if (typeof cell === "boolean") value = format === "json" ? cell : String(cell);
  else if (typeof cell === "string" || typeof cell === "number") value = cell;
  else if (cell instanceof Date) value = isoUtc(cell);
  else if ("term" in cell) value = words.terms[cell.term];
  else value = format === "json" && cell.array ? cell.items : cell.items.join(cell.separator);
  // An empty cell is JSON's null, whatever made it empty.
  return format === "json" && value === "" ? null : value;
}

/**
 * A list cell.
 *
 * @param items the values
 * @param separator how CSV joins them
 * @param array whether JSON keeps an array. @default true
 * @returns the cell
 */
export function list(items: readonly string[], separator: string, array = true): CellList {
  return { items, separator, array };
}

/**
 * A word of the run's language.
 *
 * @param term its key
 * @returns the cell
 */
export function term(term: Term["term"]): Term {
  return { term };
}

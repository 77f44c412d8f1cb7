/**
 * A report file in JSON Lines: one JSON object per line, the same fields as the CSV report with their
 * types preserved (numbers as numbers, an absent value as `null`, finding codes as an array plus one
 * boolean per code, `finding_<code>`), created with mode 0600.
 *
 * @module
 */
import { type FindingCode, FINDINGS, type FindingScope } from "../model/findings.ts";
import type { Row } from "./csv.ts";
import { LIST_SEPARATOR } from "./rows.ts";

/** Columns whose cells are lists, written as arrays. */
const LIST_COLUMNS = new Set(["findings", "direct_policies"]);

/** An open JSON Lines report. */
export class JsonlReport {
  /** Where the report is written. */
  readonly path: string;
  readonly #columns: readonly string[];
  readonly #codes: FindingCode[];
  readonly #file: Deno.FsFile;
  #rows = 0;

  private constructor(path: string, columns: readonly string[], codes: FindingCode[], file: Deno.FsFile) {
    this.path = path;
    this.#columns = columns;
    this.#codes = codes;
    this.#file = file;
  }

  /**
   * Creates the file (it must not exist yet) with mode 0600.
   *
   * @param path the report's path
   * @param columns the fields, in order
   * @param findingScopes which finding codes get a boolean field (none when the report has no findings)
   * @returns the open report
   * @throws Deno's error when the file cannot be created
   */
  static async create(
    path: string,
    columns: readonly string[],
    findingScopes: readonly FindingScope[] = [],
  ): Promise<JsonlReport> {
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    const codes = (Object.keys(FINDINGS) as FindingCode[]).filter((c) =>
      findingScopes.includes(FINDINGS[c].scope)
    );
    return new JsonlReport(path, columns, codes, file);
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Appends rows, all at once.
   *
   * @param rows the rows, as for the CSV report
   */
  async write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const text = rows.map((row) => JSON.stringify(toJsonRecord(row, this.#columns, this.#codes)) + "\n").join(
      "",
    );
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += await this.#file.write(bytes.subarray(written));
    this.#rows += rows.length;
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }
}

/**
 * One row as a JSON object: the columns in order, `""` as `null`, list cells as arrays, and for each
 * finding code a boolean field named after it (`finding_key_not_rotated`).
 *
 * @param row the row as for the CSV report
 * @param columns the fields, in order
 * @param codes the finding codes that get a boolean field
 * @returns the record
 */
export function toJsonRecord(
  row: Row,
  columns: readonly string[],
  codes: readonly FindingCode[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column];
    if (LIST_COLUMNS.has(column)) {
      record[column] = typeof value === "string" && value !== "" ? value.split(LIST_SEPARATOR) : [];
    } else {
      record[column] = value === undefined || value === "" ? null : value;
    }
  }
  if (codes.length > 0) {
    const present = new Set(String(row.findings ?? "").split(LIST_SEPARATOR));
    for (const code of codes) record[`finding_${code.toLowerCase()}`] = present.has(code);
  }
  return record;
}

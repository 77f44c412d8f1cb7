/**
 * A report file written as rows arrive: RFC 4180 CSV (CRLF, a header, quotes where needed), created
 * with mode 0600, cells that a spreadsheet would run as a formula neutralized.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";

/** A row: one value per column; absent values are empty cells. */
export type Row = Record<string, string | number | boolean | undefined>;

/** An open CSV report. */
export class CsvReport {
  /** Where the report is written. */
  readonly path: string;
  readonly #columns: readonly string[];
  readonly #file: Deno.FsFile;
  #rows = 0;

  private constructor(path: string, columns: readonly string[], file: Deno.FsFile) {
    this.path = path;
    this.#columns = columns;
    this.#file = file;
  }

  /**
   * Creates the file (it must not exist yet) with mode 0600 and writes the header.
   *
   * @param path the report's path
   * @param columns the header, in order
   * @returns the open report
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create(path: string, columns: readonly string[]): Promise<CsvReport> {
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    const report = new CsvReport(path, columns, file);
    await report.#writeText(encodeCsv([columns.slice()]));
    return report;
  }

  /** Rows written so far, the header excluded. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Appends rows, all at once (so one account's rows stay together).
   *
   * @param rows the rows; keys not in the header are ignored
   */
  async write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#writeText(encodeCsv(rows.map((row) => this.#columns.map((c) => row[c] ?? ""))));
    this.#rows += rows.length;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.#file.close();
  }

  async #writeText(text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += await this.#file.write(bytes.subarray(written));
  }
}

/**
 * Encodes records as RFC 4180 CSV with CRLF line ends, neutralizing cells that start with `=`, `+`,
 * `-`, `@`, tab or carriage return by prefixing `'` (OWASP's advice against CSV injection).
 *
 * @param records rows of cells
 * @returns the CSV text, ending with CRLF
 */
export function encodeCsv(records: readonly (readonly (string | number | boolean)[])[]): string {
  return stringify(records as (string | number | boolean)[][], {
    record_delimiter: "windows",
    escape_formulas: true,
    // With CRLF records csv-stringify quotes only cells holding CRLF; RFC 4180 needs any CR or LF quoted.
    quoted_match: /[\r\n]/,
    cast: { boolean: (value: boolean) => (value ? "true" : "false") },
  });
}

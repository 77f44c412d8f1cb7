/**
 * A report written as CSV as records arrive: RFC 4180 (CRLF, a header, quotes where needed), cells that
 * a spreadsheet would run as a formula neutralized.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";
import type { Words } from "../i18n/words.ts";
import { renderCell } from "./cells.ts";
import type { ReportShape } from "./columns.ts";
import { type Checkpoint, ReportFile } from "./report_file.ts";

/** An open CSV report of records of type `R`. */
export class CsvReport<R> {
  readonly #file: ReportFile;
  readonly #shape: ReportShape<R>;
  readonly #words: Words;
  #rows = 0;

  private constructor(file: ReportFile, shape: ReportShape<R>, words: Words) {
    this.#file = file;
    this.#shape = shape;
    this.#words = words;
  }

  /**
   * Creates the file (it must not exist yet) with mode 0600 and writes the header.
   *
   * @param path the report's path
   * @param shape the report's columns
   * @param words the language of the cells' words
   * @returns the open report
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create<R>(path: string, shape: ReportShape<R>, words: Words): Promise<CsvReport<R>> {
    const header = encodeCsv([shape.columns.map((c) => c.name)]);
    return new CsvReport(await ReportFile.create(path, header), shape, words);
  }

  /** Where the report is written. */
  get path(): string {
    return this.#file.path;
  }

  /** Rows written so far, the header excluded. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Appends records, all at once (so one account's rows stay together).
   *
   * @param records the records, one row each
   */
  async write(records: readonly R[]): Promise<void> {
    if (records.length === 0) return;
    const words = this.#words;
    const cells = records.map((record) =>
      this.#shape.columns.map((c) => renderCell(c.value(record, words), "csv", words) as string | number)
    );
    await this.#file.write(encodeCsv(cells));
    this.#rows += records.length;
  }

  /**
   * Where the report stands, to come back to after a failed write.
   *
   * @returns its size and rows
   */
  checkpoint(): Checkpoint {
    return { size: this.#file.size, rows: this.#rows };
  }

  /**
   * Goes back to a checkpoint: what was written after it is removed.
   *
   * @param checkpoint from {@link checkpoint}
   */
  async restore(checkpoint: Checkpoint): Promise<void> {
    await this.#file.rollback(checkpoint.size);
    this.#rows = checkpoint.rows;
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
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

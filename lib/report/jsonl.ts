/**
 * A report written as JSON Lines: one JSON object per line, the same fields as the CSV report with
 * their types kept (numbers as numbers, an absent value as `null`, lists as arrays) plus one boolean
 * per finding code the report can carry (`finding_key_not_rotated`).
 *
 * @module
 */
import type { Words } from "../i18n/words.ts";
import { FINDING_CODES, FINDINGS } from "../model/findings.ts";
import { renderCell } from "./cells.ts";
import type { ReportShape } from "./columns.ts";
import { type Checkpoint, ReportFile } from "./report_file.ts";

/** An open JSON Lines report of records of type `R`. */
export class JsonlReport<R> {
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
   * Creates the file (it must not exist yet) with mode 0600.
   *
   * @param path the report's path
   * @param shape the report's fields
   * @param words the language of the values' words
   * @returns the open report
   * @throws Deno's error when the file cannot be created
   */
  static async create<R>(path: string, shape: ReportShape<R>, words: Words): Promise<JsonlReport<R>> {
    return new JsonlReport(await ReportFile.create(path), shape, words);
  }

  /** Where the report is written. */
  get path(): string {
    return this.#file.path;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Appends records, all at once.
   *
   * @param records the records, one line each
   */
  async write(records: readonly R[]): Promise<void> {
    if (records.length === 0) return;
    await this.#file.write(
      records.map((r) => JSON.stringify(jsonRecord(this.#shape, r, this.#words)) + "\n").join(""),
    );
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
 * One record as a JSON object: the columns in order, then a boolean per finding code of the report's
 * scopes.
 *
 * @param shape the report's shape
 * @param record the record
 * @param words the language of the values' words
 * @returns the object
 */
export function jsonRecord<R>(shape: ReportShape<R>, record: R, words: Words): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const column of shape.columns) {
    object[column.name] = renderCell(column.value(record, words), "json", words);
  }
  if (shape.findings) {
    const present = new Set(shape.findings.of(record));
    for (const code of FINDING_CODES) {
      if (shape.findings.scopes.includes(FINDINGS[code].scope)) {
        object[`finding_${code.toLowerCase()}`] = present.has(code);
      }
    }
  }
  return object;
}

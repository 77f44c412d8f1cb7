/**
 * A report file: created new (never over an existing file) with mode 0600 — reports are a sensitive
 * inventory — and written whole, text by text.
 *
 * @module
 */

/** An open file that takes text. */
export class ReportFile {
  /** Where the file is. */
  readonly path: string;
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();

  private constructor(path: string, file: Deno.FsFile) {
    this.path = path;
    this.#file = file;
  }

  /**
   * Creates the file; it must not exist yet.
   *
   * @param path the file's path
   * @returns the open file
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create(path: string): Promise<ReportFile> {
    return new ReportFile(path, await Deno.open(path, { write: true, createNew: true, mode: 0o600 }));
  }

  /**
   * Appends text, all of it (however many writes the system needs).
   *
   * @param text the text
   */
  async write(text: string): Promise<void> {
    const bytes = this.#encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += await this.#file.write(bytes.subarray(written));
  }

  /** Closes the file. */
  close(): void {
    this.#file.close();
  }
}

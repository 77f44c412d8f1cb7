/**
 * A report file: created new (never over an existing file) with mode 0600 — reports are a sensitive
 * inventory — written whole, text by text, and able to go back to an earlier size, so that a write cut
 * short by a full disk never leaves half a row.
 *
 * @module
 */

/** Where a report stood: its size in bytes and the rows in it. */
export interface Checkpoint {
  size: number;
  rows: number;
}

/** An open file that takes text. */
export class ReportFile {
  /** Where the file is. */
  readonly path: string;
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  #size = 0;

  private constructor(path: string, file: Deno.FsFile) {
    this.path = path;
    this.#file = file;
  }

  /**
   * Creates the file; it must not exist yet.
   *
   * @param path the file's path
   * @param head what the file starts with (a header); when it cannot be written, the file is removed
   * @returns the open file
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create(path: string, head = ""): Promise<ReportFile> {
    const file = new ReportFile(path, await Deno.open(path, { write: true, createNew: true, mode: 0o600 }));
    try {
      if (head !== "") await file.write(head);
      return file;
    } catch (e) {
      // A file this call created and could not start is not left behind.
      file.close();
      await Deno.remove(path).catch(() => undefined);
      throw e;
    }
  }

  /** Bytes written and kept so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends text, all of it (however many writes the system needs).
   *
   * @param text the text
   * @throws the system's error (e.g. no space left); the file may then hold part of the text: call
   *   {@link ReportFile.rollback} with the size from before
   */
  async write(text: string): Promise<void> {
    const bytes = this.#encoder.encode(text);
    let written = 0;
    try {
      while (written < bytes.length) written += await this.#file.write(bytes.subarray(written));
    } finally {
      this.#size += written;
    }
  }

  /**
   * Cuts the file back to an earlier size (what a failed write left after it goes).
   *
   * @param size a size the file had, from {@link ReportFile.size}
   */
  async rollback(size: number): Promise<void> {
    if (size >= this.#size) return;
    await this.#file.truncate(size);
    await this.#file.seek(size, Deno.SeekMode.Start);
    this.#size = size;
  }

  /** Closes the file. */
  close(): void {
    try {
      this.#file.close();
    } catch (e) {
      if (!(e instanceof Deno.errors.BadResource)) throw e;
    }
  }
}

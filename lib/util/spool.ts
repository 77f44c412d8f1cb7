/**
 * Spool files: what an account yields while it is audited waits on disk, not in memory, until the
 * account is complete and written to the reports — so memory stays flat whatever the number of
 * accounts in flight and of users per account.
 *
 * The files live in a private temporary folder (mode 0700, under `TMPDIR`), each created with mode
 * 0600; they hold only what the reports will hold (no secret is ever part of a record). A file is
 * removed as soon as it is read back, the folder when the run ends — also when it fails, is interrupted
 * or exits at once on a second Ctrl-C (the `unload` event).
 *
 * @module
 */
import { join } from "node:path";
import { decode, encode } from "./json_codec.ts";

/** Buffered text is written out once it reaches this many characters. */
const FLUSH_AT = 16 * 1024;

/** The run's spool folder. */
export class SpoolDir {
  /** Where the folder is. */
  readonly path: string;
  /** Starts the names of the files this handle creates (one per thread sharing the folder). */
  readonly #prefix: string;
  #next = 0;
  #removed = false;
  readonly #onUnload = () => this.#removeSync();

  private constructor(path: string, prefix: string, owner: boolean) {
    this.path = path;
    this.#prefix = prefix;
    if (owner) globalThis.addEventListener("unload", this.#onUnload);
    else this.#removed = true;
  }

  /**
   * Creates the folder, readable by its owner only.
   *
   * @returns the folder
   * @throws Deno's error when the temporary folder is not writable
   */
  static async create(): Promise<SpoolDir> {
    const path = await Deno.makeTempDir({ prefix: "iam-audit-spool-" });
    await Deno.chmod(path, 0o700).catch(() => undefined); // Windows has no modes
    return new SpoolDir(path, "", true);
  }

  /**
   * The same folder for another thread of the run: its files are named apart, and the folder stays
   * the creator's to remove.
   *
   * @param path the folder, as {@link create} made it
   * @param prefix starts the name of each file this handle creates (unique per thread)
   * @returns a handle that creates files but never removes the folder
   */
  static shared(path: string, prefix: string): SpoolDir {
    return new SpoolDir(path, prefix, false);
  }

  /**
   * A new spool file in the folder (created on its first write).
   *
   * @returns the file
   */
  file<Kinds extends Record<string, unknown>>(): Spool<Kinds> {
    return new Spool<Kinds>(join(this.path, `${this.#prefix}${this.#next++}.jsonl`));
  }

  /** Removes the folder and what is left in it. */
  async remove(): Promise<void> {
    if (this.#removed) return;
    this.#removed = true;
    globalThis.removeEventListener("unload", this.#onUnload);
    await Deno.remove(this.path, { recursive: true }).catch(() => undefined);
  }

  #removeSync(): void {
    if (this.#removed) return;
    this.#removed = true;
    try {
      Deno.removeSync(this.path, { recursive: true });
    } catch {
      // Exiting anyway: nothing better to do.
    }
  }
}

/** A spool file handed to another thread: where it is, whether it was written, and why not if it failed. */
export interface SpoolHandoff {
  path: string;
  written: boolean;
  /** The system's message when a write failed. */
  failure?: string;
}

/** Why a spool file could not be written or read. */
export class SpoolError extends Error {
  /** The file. */
  readonly path: string;

  /**
   * @param path the file
   * @param cause the system's error
   */
  constructor(path: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "SpoolError";
    this.path = path;
  }
}

/**
 * One spool file: records of a few kinds (say `users` and `events`), each kind read back in the order
 * it was added.
 */
export class Spool<Kinds extends Record<string, unknown>> {
  /** Where the file is. */
  readonly path: string;
  #buffer: string[] = [];
  #buffered = 0;
  #writing: Promise<void> = Promise.resolve();
  #failure?: unknown;
  #created = false;

  /** @param path the file (created on the first write) */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * A spool file another thread wrote and {@link handOff handed off}, to read back here.
   *
   * @param handoff what {@link handOff} returned
   * @returns the file, ready for {@link load}
   */
  static received<Kinds extends Record<string, unknown>>(handoff: SpoolHandoff): Spool<Kinds> {
    const spool = new Spool<Kinds>(handoff.path);
    spool.#created = handoff.written;
    if (handoff.failure !== undefined) spool.#failure = new Error(handoff.failure);
    return spool;
  }

  /**
   * Writes out what is buffered and waits for it, so that another thread can read the file back
   * ({@link received}); nothing more may be added.
   *
   * @returns where the file is, whether it exists, and the system's message if a write failed
   */
  async handOff(): Promise<SpoolHandoff> {
    this.#flush();
    await this.#writing;
    if (this.#failure === undefined) return { path: this.path, written: this.#created };
    return {
      path: this.path,
      written: this.#created,
      failure: new SpoolError(this.path, this.#failure).message,
    };
  }

  /**
   * Adds a record; it is written out in the background, a buffer at a time.
   *
   * @param kind the record's kind
   * @param record the record
   */
  add<K extends keyof Kinds & string>(kind: K, record: Kinds[K]): void {
    const line = `${kind}\t${encode(record)}\n`;
    this.#buffer.push(line);
    this.#buffered += line.length;
    if (this.#buffered >= FLUSH_AT) this.#flush();
  }

  /**
   * Reads every record back, by kind, and removes the file.
   *
   * @returns the records of each kind, in the order they were added
   * @throws {SpoolError} when the file could not be written or read
   */
  async load(): Promise<{ [K in keyof Kinds]?: Kinds[K][] }> {
    this.#flush();
    await this.#writing;
    if (this.#failure !== undefined) throw new SpoolError(this.path, this.#failure);
    const loaded: Record<string, unknown[]> = {};
    if (!this.#created) return loaded as { [K in keyof Kinds]?: Kinds[K][] };
    let text: string;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (e) {
      throw new SpoolError(this.path, e);
    } finally {
      await Deno.remove(this.path).catch(() => undefined);
    }
    for (let start = 0; start < text.length;) {
      const end = text.indexOf("\n", start);
      const tab = text.indexOf("\t", start);
      (loaded[text.slice(start, tab)] ??= []).push(decode(text.slice(tab + 1, end)));
      start = end + 1;
    }
    return loaded as { [K in keyof Kinds]?: Kinds[K][] };
  }

  /** Removes the file unread. */
  async discard(): Promise<void> {
    this.#buffer = [];
    this.#buffered = 0;
    await this.#writing;
    if (this.#created) await Deno.remove(this.path).catch(() => undefined);
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    const text = this.#buffer.join("");
    this.#buffer = [];
    this.#buffered = 0;
    const create = !this.#created;
    this.#created = true;
    this.#writing = this.#writing.then(async () => {
      if (this.#failure !== undefined) return;
      try {
        // Opened for each write: hundreds of accounts in flight would otherwise hold as many files open.
        await Deno.writeTextFile(this.path, text, { append: !create, createNew: create, mode: 0o600 });
      } catch (e) {
        this.#failure = e;
      }
    });
  }
}

/**
 * The self-contained HTML report: one file that opens anywhere, offline, and loads nothing.
 *
 * It is written like the CSV reports, as accounts finish: each account goes into the file at once as a
 * `<script type="application/json" data-account>` block (inert data, never executed; see
 * `data_block.ts`); of it only its events' days stay in memory, as counts. `close()` then writes what
 * needs the whole run — headline numbers, charts, MFA coverage, the legend, all read from the run's
 * tally (`page.ts`) — followed by the script that renders the tables from the blocks (`client.js`). A
 * Content-Security-Policy forbids every fetch, so even a mistake cannot make the page reach the network
 * and leak audit data.
 *
 * @module
 */
import type { ChangeTally } from "../../compare/change_tally.ts";
import type { Words } from "../../i18n/words.ts";
import type { AssessedAccount } from "../../model/assessment.ts";
import type { RunTally } from "../../model/tally.ts";
import { type Checkpoint, ReportFile } from "../report_file.ts";
import { packAccount } from "./data_block.ts";
import { jsonForScript } from "./escape.ts";
import { EventsPerDay } from "./events_per_day.ts";
import { type HtmlRunInfo, pageEnd, pageHead } from "./page.ts";

// The run's description is the writer's input; `report_set.ts` imports it from here.
export type { HtmlRunInfo };

/** An open HTML report. */
export class HtmlReport {
  /** Where the report is written. */
  readonly path: string;
  readonly #file: ReportFile;
  readonly #run: HtmlRunInfo;
  readonly #words: Words;
  readonly #eventsPerDay: EventsPerDay;
  /** Serializes writes, so that one account's block is never interleaved with another's. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(file: ReportFile, run: HtmlRunInfo, words: Words) {
    this.path = file.path;
    this.#file = file;
    this.#run = run;
    this.#words = words;
    this.#eventsPerDay = new EventsPerDay(run.since, run.until);
  }

  /**
   * Creates the file (it must not exist yet) with mode 0600 and writes the page's head and the run.
   *
   * @param path the report's path
   * @param run what the run is
   * @param words the run's language: the page's labels and the cells' words
   * @returns the open report
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create(path: string, run: HtmlRunInfo, words: Words): Promise<HtmlReport> {
    return new HtmlReport(await ReportFile.create(path, pageHead(run, words.html)), run, words);
  }

  /**
   * Writes one account's data block into the file. Called once per account, as it finishes; a skipped
   * or interrupted account has only its account row.
   *
   * @param assessed the account, assessed
   * @throws {Error} when the report is already closed
   */
  async addAccount(assessed: AssessedAccount): Promise<void> {
    if (this.#closed) throw new Error(`HtmlReport ${this.path} is closed`);
    const block = jsonForScript(packAccount(assessed, this.#words));
    await this.#enqueue(`<script type="application/json" data-account>${block}</script>\n`);
    for (const event of assessed.events) this.#eventsPerDay.add(event.eventTime);
  }

  /**
   * Where the report stands, to come back to after a failed write (of this report or another).
   *
   * @returns its size
   */
  checkpoint(): Checkpoint {
    return { size: this.#file.size, rows: 0 };
  }

  /**
   * Goes back to a checkpoint: what was written after it is removed.
   *
   * @param checkpoint from {@link checkpoint}
   */
  async restore(checkpoint: Checkpoint): Promise<void> {
    await this.#queue;
    await this.#file.rollback(checkpoint.size);
  }

  /** Closes the file as it is, unfinished (its partial name says so). */
  abandon(): void {
    this.#closed = true;
    this.#file.close();
  }

  /**
   * Writes the sections, the script's metadata and the script, ends the page and closes the file.
   * Closing twice does nothing.
   *
   * @param options.interrupted the run stopped before every account was audited; the page says so
   * @param options.tally the run's tally: every number the page shows
   * @param options.changes what changed since the earlier run (`--compare-with`)
   */
  async close(options: { interrupted: boolean; tally: RunTally; changes?: ChangeTally }): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#enqueue(pageEnd({
        run: this.#run,
        words: this.#words,
        tally: options.tally,
        eventsPerDay: this.#eventsPerDay,
        interrupted: options.interrupted,
        changes: options.changes,
      }));
    } finally {
      this.#file.close();
    }
  }

  #enqueue(text: string): Promise<void> {
    const next = this.#queue.then(() => this.#file.write(text));
    // A failed write must fail its own caller, not every later one.
    this.#queue = next.catch(() => {});
    return next;
  }
}

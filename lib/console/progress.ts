/**
 * The console of a run: the seed's per-account messages, warnings and errors, the final file names,
 * and a live status line — accounts done/total, users, keys, events, throttled retries, elapsed and
 * estimated time left.
 *
 * On a terminal the status line sits on the last line of stderr and is redrawn in place (at most 10
 * times a second, and every second so that the elapsed time moves); every other line is printed
 * above it (the line is erased, the text written, the line drawn again), so the scrollback holds
 * exactly what a run without it would print. When stderr is not a terminal (CI, a pipe, a log file)
 * nothing but plain lines is written, never an escape code: one progress line on stderr at most
 * every 15 seconds, the first after 15 seconds, and only when accounts were finished since the last
 * (or a minute passed), so a short run prints exactly the seed's output and a long one shows it is
 * alive without flooding the log.
 *
 * `quiet` prints only warnings, errors and the final file names; `verbose` adds one line per API
 * attempt (retries and timings). Colour only on a terminal, and never with `NO_COLOR`.
 *
 * Everything that decides what is shown is a pure function of a {@link ProgressSnapshot} and an
 * injected clock, tested without a terminal; `tests/progress_pty_test.ts` checks what a real
 * terminal ends up showing.
 *
 * @module
 */
import {
  type ApiCallInfo,
  colorAllowed,
  formatApiCall,
  formatPlainProgress,
  formatStatusLine,
  type ProgressSnapshot,
  type StatusLabels,
} from "./status_line.ts";
import { en } from "../i18n/en.ts";
import { secrets } from "../util/secrets.ts";
import { printable } from "./printable.ts";
import type { AssessedAccount } from "../model/assessment.ts";

/** How much a run prints. */
export type OutputMode = "normal" | "quiet" | "verbose";

/** Where and how {@link Progress} writes. */
export interface ProgressOptions {
  /** Writes to standard output (text already ends with its newline). */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the live status line is drawn only then. */
  stderrIsTerminal: boolean;
  /** Colour in the status line; false when `NO_COLOR` is set or stderr is not a terminal. */
  color: boolean;
  mode: OutputMode;
  /** Milliseconds of a monotonic clock. @default performance.now */
  now?: () => number;
  /** Width of the terminal in columns. @default Deno.consoleSize().columns, else 80 */
  columns?: () => number;
  /** Words of the status line. @default English */
  labels?: StatusLabels;
}

/** What one finished account adds to the totals. */
export interface AccountTally {
  users: number;
  keys: number;
  events: number;
  /** Attempts AWS answered with a throttling error (each was retried). */
  throttled: number;
  /** The account could not be (fully) audited. */
  failed?: boolean;
  /** The account was not audited at all (not ACTIVE); it does not count toward the time estimate. */
  skipped?: boolean;
}

/** A line as it may be shown: no secret, no control character. */
function safe(line: string): string {
  return printable(secrets.redact(line));
}

/** Escape code: return to column 0 and erase the line. */
const CLEAR_LINE = "\r\x1b[2K";
/** Least time between two redraws of the status line. */
export const REDRAW_MIN_MS = 100;
/** Redraw period on a terminal when nothing happens (the elapsed time still moves). */
export const REDRAW_IDLE_MS = 1_000;
/** Least time between two plain progress lines (not on a terminal), and before the first. */
export const PLAIN_EVERY_MS = 15_000;
/** A plain progress line is printed after this long even if no account finished (a heartbeat). */
export const PLAIN_HEARTBEAT_MS = 60_000;

/** Writes all of `bytes`, however many calls the stream needs. */
function writeAllSync(stream: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += stream.writeSync(bytes.subarray(offset));
}

/**
 * Everything {@link Progress} needs to write to this process's console.
 *
 * @param mode how much to print
 * @param labels the status line's words. @default English
 * @param env where `NO_COLOR` is read. @default the process environment
 * @returns the options for the real stdout and stderr
 */
export function consoleOptions(
  mode: OutputMode,
  labels: StatusLabels = en.status,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): ProgressOptions {
  const encoder = new TextEncoder();
  const stderrIsTerminal = Deno.stderr.isTerminal();
  return {
    stdout: (text) => writeAllSync(Deno.stdout, encoder.encode(text)),
    stderr: (text) => writeAllSync(Deno.stderr, encoder.encode(text)),
    stderrIsTerminal,
    color: colorAllowed(stderrIsTerminal, env("NO_COLOR")),
    mode,
    labels,
  };
}

function terminalColumns(): number {
  try {
    const { columns } = Deno.consoleSize();
    return columns > 0 ? columns : 80;
  } catch {
    return 80;
  }
}

/**
 * Owns the console of a run; see the module documentation. Call {@link Progress.start} when the
 * accounts start and {@link Progress.finish} when they are done (or {@link Progress.stop} on any
 * exit), so that no timer outlives the run.
 */
export class Progress {
  readonly #out: ProgressOptions;
  readonly #now: () => number;
  readonly #columns: () => number;
  readonly #labels: StatusLabels;
  readonly #live: boolean;
  readonly #startedAt: number;
  #firstStartAt?: number;
  #total?: number;
  #done = 0;
  #running = 0;
  #failed = 0;
  #audited = 0;
  #users = 0;
  #keys = 0;
  #events = 0;
  #throttled = 0;
  /** The status line currently on screen (empty: none). */
  #shown = "";
  #lastDraw = -Infinity;
  #lastPlain: number;
  #doneAtLastPlain = 0;
  #plainLines = 0;
  #interval?: ReturnType<typeof setInterval>;
  #pending?: ReturnType<typeof setTimeout>;
  #finished = false;

  /** @param options where to write, and how; see {@link ProgressOptions} */
  constructor(options: ProgressOptions) {
    this.#out = options;
    this.#now = options.now ?? (() => performance.now());
    this.#columns = options.columns ?? terminalColumns;
    this.#labels = options.labels ?? en.status;
    this.#live = options.stderrIsTerminal && options.mode !== "quiet";
    this.#startedAt = this.#now();
    this.#lastPlain = this.#startedAt;
  }

  /** The counters and times the status line is drawn from. */
  snapshot(): ProgressSnapshot {
    return {
      total: this.#total,
      done: this.#done,
      running: this.#running,
      failed: this.#failed,
      audited: this.#audited,
      users: this.#users,
      keys: this.#keys,
      events: this.#events,
      throttled: this.#throttled,
      elapsedMs: this.#now() - this.#startedAt,
      firstStartMs: this.#firstStartAt === undefined ? undefined : this.#firstStartAt - this.#startedAt,
    };
  }

  /**
   * Starts the timer that keeps the display current: the status line's elapsed time on a terminal,
   * the periodic plain line otherwise. The timer never keeps the process alive.
   */
  start(): void {
    if (this.#interval !== undefined || this.#finished || this.#out.mode === "quiet") return;
    this.#interval = setInterval(() => this.tick(), this.#live ? REDRAW_IDLE_MS : 1_000);
    Deno.unrefTimer(this.#interval);
    this.#draw();
  }

  /** Stops every timer and erases the status line (what it showed is not lost: see `finish`). */
  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    if (this.#pending !== undefined) clearTimeout(this.#pending);
    this.#interval = this.#pending = undefined;
    this.#erase();
  }

  /**
   * Redraws the status line if it is due, or prints the plain progress line if that is due. The
   * timer of {@link Progress.start} calls this; tests call it after moving their clock.
   */
  tick(): void {
    if (this.#finished) return;
    if (this.#live) this.#draw();
    else if (this.#out.mode !== "quiet") this.#maybePlainLine();
  }

  /**
   * A per-account message of the original tool (`Auditando cuenta: NAME (ID)`), on stdout; not
   * shown with `quiet`.
   *
   * @param line the message, without newline
   */
  message(line: string): void {
    if (this.#out.mode === "quiet") return;
    this.#above(() => this.#out.stdout(`${safe(line)}\n`));
  }

  /**
   * A warning, on stderr, shown in every mode.
   *
   * @param line the warning, without newline
   */
  warn(line: string): void {
    this.#above(() => this.#out.stderr(`${safe(line)}\n`));
  }

  /**
   * An error, on stderr, shown in every mode.
   *
   * @param line the error, without newline
   */
  error(line: string): void {
    this.#above(() => this.#out.stderr(`${safe(line)}\n`));
  }

  /**
   * A line of the final summary that must be seen even with `quiet` (the report files), on stdout.
   *
   * @param line the line, without newline
   */
  result(line: string): void {
    this.#above(() => this.#out.stdout(`${safe(line)}\n`));
  }

  /**
   * A line of the final summary shown unless `quiet` (totals), on stdout.
   *
   * @param line the line, without newline
   */
  summary(line: string): void {
    if (this.#out.mode === "quiet") return;
    this.#above(() => this.#out.stdout(`${safe(line)}\n`));
  }

  /**
   * The listing ended: the organization has `total` accounts (until then the line shows `12/?`).
   *
   * @param total accounts in the organization, skipped ones included
   */
  accountsListed(total: number): void {
    this.#total = total;
    this.#changed();
  }

  /**
   * An account's audit started.
   *
   * @param line the original tool's message for it (`Auditando cuenta: NAME (ID)`), if any
   */
  accountStarted(line?: string): void {
    if (line !== undefined) this.message(line);
    this.#firstStartAt ??= this.#now();
    this.#running++;
    this.#changed();
  }

  /**
   * An account is finished (audited, failed or skipped); call it once per account, whether or not
   * {@link Progress.accountStarted} was (skipped accounts never start).
   *
   * @param tally what it added
   */
  accountFinished(tally: AccountTally): void {
    if (!tally.skipped && this.#running > 0) this.#running--;
    this.#done++;
    if (!tally.skipped) this.#audited++;
    if (tally.failed) this.#failed++;
    this.#users += tally.users;
    this.#keys += tally.keys;
    this.#events += tally.events;
    this.#throttled += tally.throttled;
    this.#changed();
  }

  /**
   * One API attempt; printed (on stderr) only in `verbose` mode.
   *
   * @param info the attempt
   */
  apiCall(info: ApiCallInfo): void {
    if (this.#out.mode !== "verbose") return;
    this.#above(() => this.#out.stderr(`${safe(formatApiCall(info, this.#labels))}\n`));
  }

  /**
   * The accounts are done: stops the timers and leaves the final status (totals and time taken) as
   * an ordinary line on a terminal — or, off a terminal, as a last plain line when plain lines were
   * printed — so the summary that follows reads after it.
   */
  finish(): void {
    if (this.#finished) return;
    this.stop();
    this.#finished = true;
    if (this.#out.mode === "quiet") return;
    const s = this.snapshot();
    if (this.#live) {
      this.#out.stderr(
        `${
          formatStatusLine(s, this.#columns(), { color: this.#out.color, labels: this.#labels, final: true })
        }\n`,
      );
    } else if (this.#plainLines > 0) {
      this.#out.stderr(
        `${this.#labels.progress}: ${
          formatStatusLine(s, Number.MAX_SAFE_INTEGER, { labels: this.#labels, final: true })
        }\n`,
      );
    }
  }

  /** Something the status shows changed: redraw now, or soon (at most every REDRAW_MIN_MS). */
  #changed(): void {
    if (!this.#live || this.#finished || this.#interval === undefined) return;
    const wait = this.#lastDraw + REDRAW_MIN_MS - this.#now();
    if (wait <= 0) this.#draw();
    else if (this.#pending === undefined) {
      this.#pending = setTimeout(() => {
        this.#pending = undefined;
        this.#draw();
      }, wait);
      Deno.unrefTimer(this.#pending);
    }
  }

  /** Writes a line above the status line: erase it, write, draw it again. */
  #above(write: () => void): void {
    const shown = this.#shown;
    this.#erase();
    write();
    if (shown !== "" && !this.#finished) this.#draw();
  }

  #erase(): void {
    if (this.#shown === "") return;
    this.#out.stderr(CLEAR_LINE);
    this.#shown = "";
  }

  #draw(): void {
    if (!this.#live || this.#finished) return;
    const line = formatStatusLine(this.snapshot(), this.#columns(), {
      color: this.#out.color,
      labels: this.#labels,
    });
    this.#lastDraw = this.#now();
    this.#out.stderr(`${CLEAR_LINE}${line}`);
    this.#shown = line;
  }

  #maybePlainLine(): void {
    const now = this.#now();
    const since = now - this.#lastPlain;
    if (since < PLAIN_EVERY_MS) return;
    if (this.#done === this.#doneAtLastPlain && since < PLAIN_HEARTBEAT_MS) return;
    this.#lastPlain = now;
    this.#doneAtLastPlain = this.#done;
    this.#plainLines++;
    this.#out.stderr(`${formatPlainProgress(this.snapshot(), this.#labels)}\n`);
  }
}

/**
 * What one finished account adds to the status line.
 *
 * @param assessed the account
 * @returns its tally for {@link Progress.accountFinished}
 */
export function accountTally(assessed: AssessedAccount): AccountTally {
  const { result, outcome } = assessed;
  if (result.kind === "skipped") return { users: 0, keys: 0, events: 0, throttled: 0, skipped: true };
  if (outcome === "interrupted") {
    return { users: 0, keys: 0, events: 0, throttled: result.stats.throttled, failed: true };
  }
  return {
    users: assessed.counts.users,
    keys: assessed.counts.keys,
    events: assessed.counts.events,
    throttled: result.stats.throttled,
    failed: outcome === "failed",
  };
}

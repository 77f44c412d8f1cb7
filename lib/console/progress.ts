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
  /** Words of the status line. @default English ({@link statusLabels}) */
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

/** One HTTP attempt of an AWS call, for `--verbose`. */
export interface ApiCallInfo {
  service: string;
  action: string;
  accountId?: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt?: number;
  /** Milliseconds from sending to the response or the error. */
  ms: number;
  /** The error's code or name when the attempt failed. */
  error?: string;
  throttled?: boolean;
}

/** The state a status line is drawn from. */
export interface ProgressSnapshot {
  /** Accounts in the organization; undefined while they are still being listed. */
  total?: number;
  done: number;
  running: number;
  failed: number;
  /** Accounts finished that were audited (not skipped): the basis of the time estimate. */
  audited: number;
  users: number;
  keys: number;
  events: number;
  throttled: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Milliseconds from the run's start to the first account's start (listing, credentials). */
  firstStartMs?: number;
}

/** The words of the status line. */
export interface StatusLabels {
  accounts: string;
  running: string;
  failed: string;
  users: string;
  keys: string;
  events: string;
  throttled: string;
  elapsed: string;
  left: string;
  progress: string;
  done: string;
}

const EN: StatusLabels = {
  accounts: "accounts",
  running: "running",
  failed: "failed",
  users: "users",
  keys: "keys",
  events: "events",
  throttled: "throttled",
  elapsed: "elapsed",
  left: "left",
  progress: "Progress",
  done: "done",
};

const ES: StatusLabels = {
  accounts: "cuentas",
  running: "en curso",
  failed: "fallidas",
  users: "usuarios",
  keys: "claves",
  events: "eventos",
  throttled: "reintentos por throttling",
  elapsed: "transcurrido",
  left: "restante",
  progress: "Progreso",
  done: "terminado",
};

/**
 * The status line's words in a language of the command.
 *
 * @param lang `es` or `en`
 * @returns the labels
 */
export function statusLabels(lang: "es" | "en"): StatusLabels {
  return lang === "es" ? ES : EN;
}

/** Escape codes: return to column 0 and erase the line; colours. */
const CLEAR_LINE = "\r\x1b[2K";
const SGR = { bold: "\x1b[1m", dim: "\x1b[2m", yellow: "\x1b[33m", red: "\x1b[31m", reset: "\x1b[0m" };

/** Accounts that must be finished (and audited) before a time estimate is shown. */
export const ETA_MIN_ACCOUNTS = 3;
/** Least time between two redraws of the status line. */
export const REDRAW_MIN_MS = 100;
/** Redraw period on a terminal when nothing happens (the elapsed time still moves). */
export const REDRAW_IDLE_MS = 1_000;
/** Least time between two plain progress lines (not on a terminal), and before the first. */
export const PLAIN_EVERY_MS = 15_000;
/** A plain progress line is printed after this long even if no account finished (a heartbeat). */
export const PLAIN_HEARTBEAT_MS = 60_000;

/**
 * A duration as `m:ss`, or `h:mm:ss` from an hour.
 *
 * @param ms milliseconds (negative counts as 0)
 * @returns e.g. `0:07`, `12:05`, `1:02:03`
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * The estimated time left: the remaining accounts at the pace of those finished so far, measured
 * from the first account's start (listing the organization and resolving credentials are not
 * account work). Shown once {@link ETA_MIN_ACCOUNTS} audited accounts are done and the total is
 * known; accounts run concurrently, and the pace measured already includes that.
 *
 * @param s the snapshot
 * @returns milliseconds, or undefined while unknown
 */
export function estimateRemainingMs(s: ProgressSnapshot): number | undefined {
  if (s.total === undefined || s.audited < ETA_MIN_ACCOUNTS) return undefined;
  if (s.done >= s.total) return 0;
  const working = s.elapsedMs - (s.firstStartMs ?? 0);
  if (working <= 0) return undefined;
  return (working / s.done) * (s.total - s.done);
}

/** Digits only: a thousands separator would read differently in Spanish and English. */
function count(n: number): string {
  return String(n);
}

/** One field of the status line: its text, and how readily it is dropped when space runs out. */
interface Field {
  text: string;
  styled: string;
  /** Lower is kept longer. */
  priority: number;
}

function fields(s: ProgressSnapshot, labels: StatusLabels, color: boolean, final: boolean): Field[] {
  const paint = (text: string, ...codes: string[]) => color ? codes.join("") + text + SGR.reset : text;
  const total = s.total === undefined ? "?" : String(s.total);
  const accounts = `${count(s.done)}/${total} ${labels.accounts}`;
  const list: Field[] = [{ text: accounts, styled: paint(accounts, SGR.bold), priority: 0 }];
  if (!final && s.running > 0) {
    const running = `${s.running} ${labels.running}`;
    list.push({ text: running, styled: running, priority: 7 });
  }
  if (s.failed > 0) {
    const failed = `${s.failed} ${labels.failed}`;
    list.push({ text: failed, styled: paint(failed, SGR.red), priority: 3 });
  }
  const plain = (text: string, priority: number) => list.push({ text, styled: text, priority });
  plain(`${count(s.users)} ${labels.users}`, 5);
  plain(`${count(s.keys)} ${labels.keys}`, 4);
  plain(`${count(s.events)} ${labels.events}`, 6);
  if (s.throttled > 0) {
    const throttled = `${count(s.throttled)} ${labels.throttled}`;
    list.push({ text: throttled, styled: paint(throttled, SGR.yellow), priority: 8 });
  }
  const elapsed = `${formatDuration(s.elapsedMs)} ${final ? labels.done : labels.elapsed}`;
  plain(elapsed, 2);
  if (!final) {
    const eta = estimateRemainingMs(s);
    plain(eta === undefined ? `~?:?? ${labels.left}` : `~${formatDuration(eta)} ${labels.left}`, 1);
  }
  return list;
}

/**
 * Shortens text to a number of columns, ending with `…` when cut (the status line's characters
 * are all one column wide).
 *
 * @param text plain text, no escape codes
 * @param columns the most columns it may take
 * @returns the text, or its cut
 */
export function truncate(text: string, columns: number): string {
  const chars = [...text];
  if (chars.length <= columns) return text;
  if (columns <= 0) return "";
  return chars.slice(0, columns - 1).join("") + "…";
}

/**
 * The status line: the fields that fit in `columns - 1` columns (the last column is left free, so a
 * terminal never wraps the line), dropping the least useful first, in their usual order.
 *
 * @param s the snapshot
 * @param columns the terminal's width
 * @param options colour, labels, and whether the run is over (`final`: no ETA, "done")
 * @returns the line, without a newline or any cursor movement
 */
export function formatStatusLine(
  s: ProgressSnapshot,
  columns: number,
  options: { color?: boolean; labels?: StatusLabels; final?: boolean } = {},
): string {
  const labels = options.labels ?? EN;
  const color = options.color ?? false;
  const separator = " · ";
  const all = fields(s, labels, color, options.final ?? false);
  const width = Math.max(1, columns - 1);
  const kept = [...all];
  const length = (list: Field[]) => [...list.map((f) => f.text).join(separator)].length;
  while (kept.length > 1 && length(kept) > width) {
    const worst = kept.reduce((a, b) => (b.priority > a.priority ? b : a));
    kept.splice(kept.indexOf(worst), 1);
  }
  if (length(kept) > width) return truncate(kept[0].text, width);
  const sep = color ? `${SGR.dim}${separator}${SGR.reset}` : separator;
  return kept.map((f) => f.styled).join(sep);
}

/**
 * The plain progress line written when stderr is not a terminal.
 *
 * @param s the snapshot
 * @param labels the words
 * @returns e.g. `Progress: 12/40 accounts · 1234 users · ... · 1:23 elapsed · ~2:10 left`
 */
export function formatPlainProgress(s: ProgressSnapshot, labels: StatusLabels = EN): string {
  return `${labels.progress}: ${formatStatusLine(s, Number.MAX_SAFE_INTEGER, { labels })}`;
}

/**
 * The `--verbose` line of one API attempt.
 *
 * @param info the attempt
 * @returns e.g. `  iam:ListUsers 123456789012 attempt 2 · 312 ms · Throttling (throttled)`
 */
export function formatApiCall(info: ApiCallInfo): string {
  const who = info.accountId ? ` ${info.accountId}` : "";
  const attempt = info.attempt !== undefined && info.attempt > 1 ? ` attempt ${info.attempt}` : "";
  const outcome = info.error ? ` · ${info.error}${info.throttled ? " (throttled)" : ""}` : "";
  return `  ${info.service}:${info.action}${who}${attempt} · ${Math.round(info.ms)} ms${outcome}`;
}

/**
 * Tells whether colour may be used on a stream: only on a terminal, and never when `NO_COLOR` is
 * set to anything but the empty string (https://no-color.org).
 *
 * @param isTerminal whether the stream is a terminal
 * @param noColor the value of `NO_COLOR`
 * @returns true when colour may be used
 */
export function colorAllowed(isTerminal: boolean, noColor: string | undefined): boolean {
  return isTerminal && (noColor === undefined || noColor === "");
}

/** Writes all of `bytes`, however many calls the stream needs. */
function writeAllSync(stream: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += stream.writeSync(bytes.subarray(offset));
}

/**
 * Everything {@link Progress} needs to write to this process's console.
 *
 * @param mode how much to print
 * @param env where `NO_COLOR` is read. @default the process environment
 * @returns the options for the real stdout and stderr
 */
export function consoleOptions(
  mode: OutputMode,
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
 * Reads a listing to its end as fast as it comes, while handing its items on one by one as the
 * consumer asks: the organization's size is then known (and the time estimate possible) after the
 * few seconds that ListAccounts takes, not only when the last account's audit starts. The items
 * wait in memory: accounts are small, and there are thousands at most.
 *
 * @param source the listing (e.g. the accounts in scope)
 * @param onTotal told the number of items once the listing ends (not when it fails)
 * @yields the items, in order; the listing's error, if any, after the items read before it
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  onTotal: (total: number) => void,
): AsyncGenerator<T> {
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const reading = (async () => {
    let count = 0;
    try {
      for await (const item of source) {
        if (stopped) return;
        buffer.push(item);
        count++;
        notify();
      }
      onTotal(count);
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      notify();
    }
  })();
  try {
    while (true) {
      if (buffer.length > 0) yield buffer.shift()!;
      else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => wake = resolve);
    }
  } finally {
    stopped = true;
    if (ended) await reading;
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
    this.#labels = options.labels ?? EN;
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
    this.#above(() => this.#out.stdout(`${line}\n`));
  }

  /**
   * A warning, on stderr, shown in every mode.
   *
   * @param line the warning, without newline
   */
  warn(line: string): void {
    this.#above(() => this.#out.stderr(`${line}\n`));
  }

  /**
   * An error, on stderr, shown in every mode.
   *
   * @param line the error, without newline
   */
  error(line: string): void {
    this.#above(() => this.#out.stderr(`${line}\n`));
  }

  /**
   * A line of the final summary that must be seen even with `quiet` (the report files), on stdout.
   *
   * @param line the line, without newline
   */
  result(line: string): void {
    this.#above(() => this.#out.stdout(`${line}\n`));
  }

  /**
   * A line of the final summary shown unless `quiet` (totals), on stdout.
   *
   * @param line the line, without newline
   */
  summary(line: string): void {
    if (this.#out.mode === "quiet") return;
    this.#above(() => this.#out.stdout(`${line}\n`));
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

  /** An account's audit started. */
  accountStarted(): void {
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
    this.#above(() => this.#out.stderr(`${formatApiCall(info)}\n`));
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

/**
 * The status line and the `--verbose` line as text: pure functions of a {@link ProgressSnapshot} (what
 * the run has done so far), the terminal's width and the language's words, tested without a terminal.
 *
 * @module
 */
import { en } from "../i18n/en.ts";
import type { StatusWords } from "../i18n/words.ts";

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

/** The words of the status line, in the run's language. */
export type StatusLabels = StatusWords;

const EN: StatusLabels = en.status;

/** Colours of the status line. */
const SGR = { bold: "\x1b[1m", dim: "\x1b[2m", yellow: "\x1b[33m", red: "\x1b[31m", reset: "\x1b[0m" };

/** Accounts that must be finished (and audited) before a time estimate is shown. */
export const ETA_MIN_ACCOUNTS = 3;

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
 * @param labels the words. @default English
 * @returns e.g. `  iam:ListUsers 123456789012 attempt 2 · 312 ms · Throttling (throttled)`
 */
export function formatApiCall(info: ApiCallInfo, labels: StatusLabels = EN): string {
  const who = info.accountId ? ` ${info.accountId}` : "";
  const attempt = info.attempt !== undefined && info.attempt > 1 ? ` ${labels.attempt} ${info.attempt}` : "";
  const outcome = info.error ? ` · ${info.error}${info.throttled ? ` ${labels.throttledMark}` : ""}` : "";
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

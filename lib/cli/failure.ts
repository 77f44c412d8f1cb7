/**
 * How a run that stopped on an error says so: one line naming what went wrong and what to do, in the
 * run's language, and the cause only with `--debug`; and the exit code that goes with it.
 *
 * @module
 */
import { AuditError, ExitCode, type ExitCodeValue, InterruptedError } from "../errors/audit_error.ts";
import type { Words } from "../i18n/words.ts";
import { printable } from "../console/printable.ts";
import { secrets } from "../util/secrets.ts";

/** What to print on standard error, and the exit code. */
export interface Failure {
  /** The lines, secrets masked and control characters escaped. */
  lines: string[];
  exitCode: ExitCodeValue;
}

/**
 * Describes an error that stopped the run.
 *
 * @param e what was thrown (an interruption included)
 * @param words the run's language
 * @param debug whether `--debug` asked for the cause and stack
 * @returns the lines (with `--debug`, the cause and its stack) and the exit code
 */
export function failure(e: unknown, words: Words, debug: boolean): Failure {
  const { lines, exitCode } = describe(e, words, debug);
  return {
    lines: lines.map((line) =>
      printable(secrets.redact(typeof line === "string" ? line : Deno.inspect(line)))
    ),
    exitCode,
  };
}

function describe(e: unknown, words: Words, debug: boolean): { lines: unknown[]; exitCode: ExitCodeValue } {
  // Interrupted before any account finished (while listing the organization, say).
  if (e instanceof InterruptedError) {
    return { lines: [words.console.interrupted(0, 0)], exitCode: ExitCode.Interrupted };
  }
  if (e instanceof AuditError) {
    const lines: unknown[] = [`iam-audit: ${e.describe(words)}`];
    if (debug && e.cause) lines.push(e.cause);
    return { lines, exitCode: e.exitCode };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return {
    lines: [`iam-audit: ${words.errors.unexpected(detail)}`, debug ? e : words.errors.runWithDebug],
    exitCode: ExitCode.CouldNotStart,
  };
}

/**
 * The exit code of a run that went to its end.
 *
 * @param interrupted whether Ctrl-C stopped it
 * @param failedAccounts how many accounts could not be audited completely
 * @returns 130 interrupted, 3 some accounts failed, else 0
 */
export function outcomeCode(interrupted: boolean, failedAccounts: number): ExitCodeValue {
  return interrupted ? ExitCode.Interrupted : failedAccounts > 0 ? ExitCode.PartialFailure : ExitCode.Ok;
}

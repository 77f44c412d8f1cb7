/**
 * The one error type of the audit: a kind, the exit code it maps to, the account and stage it concerns
 * where it concerns one, and a message written in the run's language when it is shown.
 *
 * Only `main.ts` turns these into output and exit codes; everything in `lib/` throws or returns them.
 *
 * @module
 */
import { en } from "../i18n/en.ts";
import type { Words } from "../i18n/words.ts";

/** Exit codes of the command, documented in the README. */
export const ExitCode = {
  /** Every in-scope account was audited. */
  Ok: 0,
  /** The audit could not start: credentials, profile, organization access, output directory. */
  CouldNotStart: 1,
  /** Usage: a flag or a value is wrong. */
  Usage: 2,
  /** The audit finished but at least one account could not be (fully) audited. */
  PartialFailure: 3,
  /** The reports could not be written (a full disk, an I/O error): they are kept, partial. */
  ReportsUnwritable: 4,
  /** Interrupted by SIGINT/SIGTERM; the reports written so far are marked partial. */
  Interrupted: 130,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** What went wrong, stably named for tests and scripts; each kind has one exit code. */
export type ErrorKind =
  | "usage"
  | "scope"
  | "profile-not-found"
  | "config-invalid"
  | "no-credentials"
  | "sso-expired"
  | "credentials-invalid"
  | "organizations-denied"
  | "organizations-not-in-use"
  | "organization-unavailable"
  | "output-dir"
  | "temp-dir"
  | "reports-unwritable"
  | "network";

/** The exit code of each kind: a scope naming what the organization lacks is a wrong flag value. */
const EXIT_CODES: Record<ErrorKind, ExitCodeValue> = {
  "usage": ExitCode.Usage,
  "scope": ExitCode.Usage,
  "profile-not-found": ExitCode.CouldNotStart,
  "config-invalid": ExitCode.CouldNotStart,
  "no-credentials": ExitCode.CouldNotStart,
  "sso-expired": ExitCode.CouldNotStart,
  "credentials-invalid": ExitCode.CouldNotStart,
  "organizations-denied": ExitCode.CouldNotStart,
  "organizations-not-in-use": ExitCode.CouldNotStart,
  "organization-unavailable": ExitCode.CouldNotStart,
  "output-dir": ExitCode.CouldNotStart,
  "temp-dir": ExitCode.CouldNotStart,
  "reports-unwritable": ExitCode.ReportsUnwritable,
  "network": ExitCode.CouldNotStart,
};

/** A message in whatever language the run speaks. */
export type Message = (words: Words) => string;

/** Where in the audit an error happened, when it concerns one account. */
export interface ErrorPlace {
  /** The account concerned. */
  account?: string;
  /** The stage of its audit, e.g. `assume-role`. */
  stage?: string;
}

/** An error that stops the audit before (or instead of) auditing accounts. */
export class AuditError extends Error {
  /** Stable kind, for tests and scripts. */
  readonly kind: ErrorKind;
  /** Process exit code that `main.ts` uses for this error. */
  readonly exitCode: ExitCodeValue;
  /** The account and stage it concerns, when it concerns one. */
  readonly place: ErrorPlace;
  readonly #message: Message;

  /**
   * @param kind what went wrong
   * @param message one line for the user, in their language: what happened, then what to do
   * @param options.cause the underlying error, shown only with `--debug`
   * @param options.place the account and stage concerned
   */
  constructor(kind: ErrorKind, message: Message, options: { cause?: unknown; place?: ErrorPlace } = {}) {
    // Error.message, for logs and stacks, is the English text.
    super(message(en), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AuditError";
    this.kind = kind;
    this.exitCode = EXIT_CODES[kind];
    this.place = options.place ?? {};
    this.#message = message;
  }

  /**
   * The message in a language.
   *
   * @param words the language's words
   * @returns one line
   */
  describe(words: Words): string {
    return this.#message(words);
  }
}

/** A usage error: a bad flag or value. Exit code 2. */
export class UsageError extends AuditError {
  /** @param message one line naming the flag and the expected value */
  constructor(message: Message) {
    super("usage", message);
    this.name = "UsageError";
  }
}

/** The error a call ends with when the run is interrupted (Ctrl-C). */
export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

/**
 * Typed errors of the audit: a stable code, who is at fault, the account concerned and the cause.
 *
 * Only `main.ts` turns these into output and exit codes; everything in `lib/` throws or returns them.
 *
 * @module
 */

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
  /** Interrupted by SIGINT/SIGTERM; the reports written so far are marked partial. */
  Interrupted: 130,
} as const;

/** Stable error codes; each maps to one exit code. */
export type AuditErrorCode =
  | "usage"
  | "profile-not-found"
  | "config-invalid"
  | "no-credentials"
  | "sso-expired"
  | "credentials-invalid"
  | "organizations-denied"
  | "organizations-not-in-use"
  | "organization-unavailable"
  | "output-dir"
  | "network"
  | "scope";

/** An error that stops the audit before (or instead of) auditing accounts. */
export class AuditError extends Error {
  /** Stable code, for tests and scripts. */
  readonly code: AuditErrorCode;
  /** Process exit code that `main.ts` uses for this error. */
  readonly exitCode: number;
  /**
   * @param code stable code of the failure
   * @param message one line for the user: what happened, then what to do
   * @param options.cause the underlying error, shown only with `--debug`
   */
  constructor(code: AuditErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AuditError";
    this.code = code;
    // A scope that names something the organization does not have is a wrong flag value.
    this.exitCode = code === "usage" || code === "scope" ? ExitCode.Usage : ExitCode.CouldNotStart;
  }
}

/** A usage error: a bad flag or value. Exit code 2. */
export class UsageError extends AuditError {
  /** @param message one line naming the flag and the expected value */
  constructor(message: string) {
    super("usage", message);
    this.name = "UsageError";
  }
}

/** What the SDK puts on a service error: the error code in `name` and the response metadata. */
export interface ServiceErrorLike {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/**
 * Tells whether a value is an error AWS answered with (as opposed to a network or programming error,
 * to which the SDK's retry step also attaches a `$metadata`, without a status).
 *
 * @param e any thrown value
 * @returns true when `e` carries the SDK's `$metadata` with the response's HTTP status, and a `name`
 */
export function isServiceError(e: unknown): e is ServiceErrorLike {
  if (typeof e !== "object" || e === null || typeof (e as { name?: unknown }).name !== "string") return false;
  const metadata = (e as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata === "object" && metadata !== null && typeof metadata.httpStatusCode === "number";
}

/** Error names that AWS services use for throttling, across protocols. */
const THROTTLING_NAMES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "LimitExceededException",
]);

/**
 * Tells whether an error is AWS throttling a caller.
 *
 * @param e any thrown value
 * @returns true for a service error whose code is one of AWS's throttling codes
 */
export function isThrottlingError(e: unknown): boolean {
  return isServiceError(e) && (THROTTLING_NAMES.has(e.name) || e.$metadata.httpStatusCode === 429);
}

/**
 * One line describing any thrown value, for a report cell or a console line: the AWS error code and
 * message for a service error, the message otherwise. Never includes a stack.
 *
 * @param e any thrown value
 * @returns e.g. `AccessDenied: User: arn:... is not authorized to perform: sts:AssumeRole on ...`
 */
export function describeError(e: unknown): string {
  if (isServiceError(e)) {
    const message = oneLine(e.message);
    return message && message !== e.name ? `${e.name}: ${message}` : e.name;
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const message = oneLine(e.message) || e.name;
    return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return oneLine(String(e));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The error a call ends with when the run is interrupted (Ctrl-C). */
export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}

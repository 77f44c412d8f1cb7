/**
 * What AWS and the SDK throw, recognised by exception name and response metadata (never by message
 * text), and summarised into one line for report cells and the console.
 *
 * Throttling is recognised by the SDK's own classification (`@smithy/core/retry`), so the audit counts
 * as throttled exactly what the SDK's retry strategy backs off from.
 *
 * @module
 */
import { isThrottlingError as smithyIsThrottling } from "@smithy/core/retry";
import { secrets } from "../util/secrets.ts";

/** What the SDK puts on a service error: the error code in `name` and the response metadata. */
export interface ServiceErrorLike {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/** An error as a report or the console shows it: AWS's code (or a system code) and its message. */
export interface ErrorSummary {
  /** `AccessDenied`, `ECONNRESET`, ...; absent when there is none. */
  code?: string;
  /** One line, without the code. */
  message: string;
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

/**
 * Tells whether an error is AWS throttling a caller, by the SDK's own rules.
 *
 * @param e any thrown value
 * @returns true for a service error the SDK classifies as throttling
 */
export function isThrottlingError(e: unknown): boolean {
  return isServiceError(e) && smithyIsThrottling(e as never);
}

/**
 * Tells whether AWS rejected credentials because they expired (they can, mid-account, before their
 * stated expiry).
 *
 * @param e any thrown value
 * @returns true for `ExpiredToken`, `ExpiredTokenException` or `RequestExpired`
 */
export function isExpiredToken(e: unknown): boolean {
  return isServiceError(e) && EXPIRED.has(e.name);
}

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);

/**
 * Tells whether AWS answered that something does not exist (e.g. a user without a console password).
 *
 * @param e any thrown value
 * @returns true for `NoSuchEntity` / `NoSuchEntityException`
 */
export function isNoSuchEntity(e: unknown): boolean {
  return isServiceError(e) && (e.name === "NoSuchEntity" || e.name === "NoSuchEntityException");
}

/**
 * Tells whether AWS refused a call for lack of permission.
 *
 * @param e any thrown value
 * @returns true for `AccessDenied` / `AccessDeniedException`
 */
export function isAccessDenied(e: unknown): boolean {
  return isServiceError(e) && (e.name === "AccessDenied" || e.name === "AccessDeniedException");
}

/**
 * Summarises any thrown value: the AWS error code and message for a service error, a system error's
 * code and message, or the message. Never a stack.
 *
 * @param e any thrown value
 * @returns the summary
 */
export function summarizeError(e: unknown): ErrorSummary {
  if (isServiceError(e)) {
    const message = oneLine(e.message);
    return message && message !== e.name ? { code: e.name, message } : { code: e.name, message: "" };
  }
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const message = oneLine(e.message) || e.name;
    return typeof code === "string" && !message.includes(code) ? { code, message } : { message };
  }
  return { message: oneLine(String(e)) };
}

/**
 * An error summary as one line.
 *
 * @param summary the summary
 * @returns e.g. `AccessDenied: User: arn:... is not authorized to perform: sts:AssumeRole on ...`
 */
export function errorText(summary: ErrorSummary): string {
  if (summary.code === undefined) return summary.message;
  return summary.message === "" ? summary.code : `${summary.code}: ${summary.message}`;
}

/**
 * Any thrown value as one line (shorthand for {@link errorText} of {@link summarizeError}).
 *
 * @param e any thrown value
 * @returns the line
 */
export function describeError(e: unknown): string {
  return errorText(summarizeError(e));
}

/** One line, secrets masked: error texts end up on the console and in reports. */
function oneLine(text: string): string {
  return secrets.redact(text.replace(/\s+/g, " ").trim());
}

/**
 * Tells whether a response arrived but could not be read (a cut or garbled body): the SDK marks the
 * error with the response it failed to parse, whose status was a success. The SDK does not retry these.
 *
 * @param e any thrown value
 * @returns true for a 2xx response that failed to deserialize
 */
export function isUnreadableResponse(e: unknown): boolean {
  if (!(e instanceof Error) || !("$response" in e)) return false;
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status < 300;
}

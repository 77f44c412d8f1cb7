/**
 * The errors of the HTTP layer: what happened and what to do, with the `name` by which
 * `lib/aws/caller.ts` recognises them and the Node error `code` by which the SDK's retry strategy
 * decides to retry (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `ENOTFOUND`, ..., as node:https gave).
 *
 * Hand-written because Deno's `fetch` reports every failure as a bare `TypeError` whose only detail
 * is its message (no code): this module is the one place that reads those messages.
 *
 * @module
 */

/** An error of the HTTP layer: `name` says which, `code` (when set) is the Node code the SDK retries on. */
export type NamedError = Error & { code?: string };

/**
 * An `Error` with the given name, cause and code.
 *
 * @param name e.g. `TlsError`, `NetworkError`
 * @param message what happened and what to do
 * @param cause the original failure
 * @param code a Node error code such as `ECONNRESET`
 * @returns the error
 * @example
 * ```ts
 * throw namedError("CaBundleError", 'AWS_CA_BUNDLE "/x.pem" cannot be read (no such file): ...');
 * ```
 */
export function namedError(name: string, message: string, cause?: unknown, code?: string): NamedError {
  const error: NamedError = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  if (code) error.code = code;
  return error;
}

/**
 * The exchange with `origin` outlasted the request timeout: a `TimeoutError` with code `ETIMEDOUT`,
 * both of which the SDK retries, as it does NodeHttpHandler's.
 *
 * @param origin e.g. `https://iam.amazonaws.com`
 * @param ms the timeout
 * @param cause the abort it caused
 * @returns the error
 */
export function timeoutError(origin: string, ms: number, cause: unknown): NamedError {
  return namedError("TimeoutError", `${origin} did not answer within ${ms} ms`, cause, "ETIMEDOUT");
}

/**
 * The caller aborted the request (the SDK does not retry an `AbortError`).
 *
 * @param signal the caller's signal; its reason becomes the cause
 * @returns the error
 */
export function abortError(signal: AbortSignal): NamedError {
  return namedError("AbortError", "Request aborted", signal.reason);
}

/**
 * `Deno.createHttpClient` refused the TLS settings (a CA it cannot parse, a broken store).
 *
 * @param cause what it threw
 * @returns a `TlsSetupError` naming the variables to check
 */
export function tlsSetupError(cause: unknown): NamedError {
  return namedError(
    "TlsSetupError",
    `TLS cannot be set up (${
      cause instanceof Error ? cause.message : String(cause)
    }): check AWS_CA_BUNDLE, ` +
      "DENO_TLS_CA_STORE, DENO_CERT and SSL_CERT_FILE.",
    cause,
  );
}

/**
 * Turns a `fetch` failure into an error that says what happened and what to do, with the Node error
 * code the SDK retries on: `TlsError` (an untrusted certificate: not retried), `ProxyError` (the
 * proxy refused the tunnel: not retried), or `NetworkError` with `ECONNREFUSED`, `ENOTFOUND`,
 * `ETIMEDOUT`, `ENETUNREACH` or `ECONNRESET`.
 *
 * @param e what `fetch`, or reading the body, threw
 * @param url the request's URL
 * @param proxy the proxy the request went through (credentials masked), if any
 * @param phase whether the response headers had arrived: a failure while reading the body is a
 *   broken connection
 * @returns the error
 * @example
 * ```ts
 * const error = networkError(e, new URL("https://iam.amazonaws.com/"), undefined, "request");
 * error.code; // e.g. "ECONNREFUSED"
 * ```
 */
export function networkError(
  e: unknown,
  url: URL,
  proxy: string | undefined,
  phase: "request" | "body",
): NamedError {
  const text = causeText(e);
  const reason = shortReason(text);
  const target = url.host;
  const through = proxy ? ` through the proxy ${proxy}` : "";
  if (
    /certificate|UnknownIssuer|BadSignature|NotValidForName|CertExpired|CertNotValidYet|tls handshake|InvalidCertificate|CaUsedAsEndEntity/i
      .test(text)
  ) {
    return namedError(
      "TlsError",
      `TLS: the certificate of ${target}${through} is not trusted (${reason}). If a proxy or security ` +
        "software on this network re-signs HTTPS traffic, set AWS_CA_BUNDLE to the PEM file of its CA.",
      e,
      "ERR_TLS_CERT_UNTRUSTED",
    );
  }
  if (proxy && /tunnel|proxy/i.test(text) && !/refused|dns error/i.test(text)) {
    return namedError(
      "ProxyError",
      `the proxy ${proxy} would not open a tunnel to ${target} (${reason}): check HTTPS_PROXY ` +
        "(and its user:password) and NO_PROXY.",
      e,
      "ERR_PROXY_TUNNEL",
    );
  }
  const peer = proxy ? `the proxy ${proxy}` : url.origin;
  if (/connection refused/i.test(text)) {
    return namedError("NetworkError", `cannot connect to ${peer} (connection refused)`, e, "ECONNREFUSED");
  }
  if (/dns error|failed to lookup|name or service not known|nodename nor servname|no such host/i.test(text)) {
    return namedError("NetworkError", `cannot resolve the address of ${peer} (${reason})`, e, "ENOTFOUND");
  }
  if (/timed out/i.test(text)) {
    return namedError("NetworkError", `connecting to ${peer} timed out`, e, "ETIMEDOUT");
  }
  if (/unreachable/i.test(text)) {
    return namedError("NetworkError", `${peer} is unreachable (${reason})`, e, "ENETUNREACH");
  }
  if (
    phase === "body" ||
    /reset|closed|broken pipe|unexpected eof|incomplete|connection error|error decoding|end of file/i.test(
      text,
    )
  ) {
    return namedError("NetworkError", `the connection to ${peer} broke (${reason})`, e, "ECONNRESET");
  }
  return namedError("NetworkError", `request to ${url.origin}${through} failed (${reason})`, e);
}

/** Every message of an error and its causes, for classification. */
function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 8; depth++) {
    parts.push(c instanceof Error ? c.message : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  return parts.join(": ");
}

/** The innermost useful reason of a fetch failure, e.g. `invalid peer certificate: UnknownIssuer`. */
function shortReason(text: string): string {
  const last =
    text.split(/:\s*(?=client error|tcp connect error|dns error|invalid peer certificate)/i).pop() ??
      text;
  return last.replace(/^client error \((\w+)\):\s*/i, "").replace(/\s+/g, " ").trim();
}

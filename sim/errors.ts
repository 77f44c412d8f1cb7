/**
 * AWS errors as the simulator raises them, and the protocol-specific codes AWS uses for the errors
 * every service shares (authentication, throttling, server faults).
 *
 * @module
 */

/** The four simulated services. */
export type ServiceName = "iam" | "sts" | "organizations" | "cloudtrail";

/** Wire protocol family: IAM and STS speak the query protocol, the others JSON 1.1. */
export type Protocol = "query" | "json";

/** Protocol of each simulated service. */
export const PROTOCOL_OF: Record<ServiceName, Protocol> = {
  iam: "query",
  sts: "query",
  organizations: "json",
  cloudtrail: "json",
};

/** An error response: the protocol layer renders it as XML `ErrorResponse` or JSON `__type`. */
export class AwsError extends Error {
  /** Error code (`NoSuchEntity`, `AccessDeniedException`, ...). */
  readonly code: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** Extra members of a JSON error body (e.g. Organizations' `Reason`). */
  readonly extra?: Record<string, string>;

  /** Builds an error; `status` defaults to 400 like most AWS client errors. */
  constructor(code: string, message: string, status = 400, extra?: Record<string, string>) {
    super(message);
    this.code = code;
    this.status = status;
    this.extra = extra;
  }

  /** `Receiver` for server-side (5xx) errors, `Sender` otherwise: the query protocol's `<Type>`. */
  get fault(): "Sender" | "Receiver" {
    return this.status >= 500 ? "Receiver" : "Sender";
  }
}

const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";
const BAD_SIGNATURE = "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** Unknown access key id, or a session token that does not belong to it. */
export function invalidClientToken(protocol: Protocol): AwsError {
  return protocol === "query"
    ? new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403)
    : new AwsError("UnrecognizedClientException", INVALID_TOKEN, 400);
}

/** Temporary credentials past their expiration. */
export function expiredToken(protocol: Protocol): AwsError {
  return protocol === "query"
    ? new AwsError("ExpiredToken", EXPIRED_TOKEN, 403)
    : new AwsError("ExpiredTokenException", EXPIRED_TOKEN, 400);
}

/** SigV4 signature mismatch. */
export function signatureMismatch(protocol: Protocol, message = BAD_SIGNATURE): AwsError {
  return protocol === "query"
    ? new AwsError("SignatureDoesNotMatch", message, 403)
    : new AwsError("InvalidSignatureException", message, 400);
}

/**
 * A signature too old or too far ahead of the server's clock: AWS answers with its signature error
 * and a "Signature expired" / "Signature not yet current" message. Kept apart so it can be counted.
 */
export class SignatureTimeError extends AwsError {
  /** The account whose credentials signed the request. */
  readonly accountId: string;

  /** Builds the error of `protocol` for a request signed by `accountId`. */
  constructor(protocol: Protocol, message: string, accountId: string) {
    const mismatch = signatureMismatch(protocol, message);
    super(mismatch.code, message, mismatch.status);
    this.accountId = accountId;
  }
}

/** No `Authorization` header at all. */
export function missingAuthentication(protocol: Protocol): AwsError {
  return protocol === "query"
    ? new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    : new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
}

/** An `Authorization` header that is not a well-formed SigV4 header. */
export function incompleteSignature(protocol: Protocol, message: string): AwsError {
  return new AwsError(
    protocol === "query" ? "IncompleteSignature" : "IncompleteSignatureException",
    message,
    protocol === "query" ? 403 : 400,
  );
}

/** Each service's own throttling error: they differ in code and message. */
export function throttled(service: ServiceName): AwsError {
  switch (service) {
    case "iam":
    case "sts":
      return new AwsError("Throttling", "Rate exceeded", 400);
    case "cloudtrail":
      return new AwsError("ThrottlingException", "Rate exceeded", 400);
    case "organizations":
      return new AwsError(
        "TooManyRequestsException",
        "You have sent too many requests in too short a period of time. The quota helps protect against " +
          "denial-of-service attacks. Try again later.",
        400,
      );
  }
}

/** A permission failure, in the service's protocol. */
export function accessDenied(service: ServiceName, message: string): AwsError {
  return PROTOCOL_OF[service] === "query"
    ? new AwsError("AccessDenied", message, 403)
    : new AwsError("AccessDeniedException", message, 400);
}

/** A transient server-side failure (500 InternalFailure or 503 ServiceUnavailable). */
export function serverError(kind: 500 | 503): AwsError {
  return kind === 500
    ? new AwsError(
      "InternalFailure",
      "The request processing has failed because of an unknown error, exception or failure.",
      500,
    )
    : new AwsError("ServiceUnavailable", "Service is unavailable. Please try again later.", 503);
}

/** IAM-style denial message naming the caller, the action and the resource. */
export function notAuthorizedMessage(callerArn: string, action: string, resource: string): string {
  return `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
}

/**
 * Authentication of a request as AWS performs it: a SigV4 `Authorization` header, a known access key
 * id, the matching session token, unexpired credentials, and a correct signature.
 *
 * @module
 */

import type { CredentialStore, Principal } from "./credentials.ts";
import {
  type AwsError,
  expiredToken,
  incompleteSignature,
  invalidClientToken,
  missingAuthentication,
  type Protocol,
  signatureMismatch,
  SignatureTimeError,
} from "./errors.ts";
import {
  parseAuthorization,
  signatureTimeProblem,
  type SignatureVerifier,
  signedAt,
  type SigV4Authorization,
} from "./sigv4.ts";

/** A successful authentication. */
export interface Authenticated {
  principal: Principal;
  auth: SigV4Authorization;
}

/** What authentication needs besides the request. */
export interface AuthContext {
  credentials: CredentialStore;
  /** Undefined when signatures are not checked. */
  verifier?: SignatureVerifier;
  /** The simulator's clock (scenario time), for credential expiry. */
  nowMs: number;
  /** The real clock, for the signature's age: clients sign with theirs. */
  wallClockMs: number;
  /** Largest accepted difference between the signing time and {@link AuthContext.wallClockMs}. */
  maxSignatureAgeMs: number;
}

/** The parsed `Authorization` header, or the error AWS answers for its absence or malformation. */
export function readAuthorization(headers: Headers, protocol: Protocol): SigV4Authorization | AwsError {
  const header = headers.get("authorization");
  if (header === null) return missingAuthentication(protocol);
  const parsed = parseAuthorization(header);
  return typeof parsed === "string" ? incompleteSignature(protocol, parsed) : parsed;
}

/**
 * Authenticates a request whose header parsed as `auth`: known key, matching session token, the
 * scope's service, a signing time within the age limit, the signature, unexpired credentials.
 *
 * @param request the request's parts that were signed
 * @param auth its parsed `Authorization` header
 * @param protocol the wire protocol, which picks the error codes
 * @param expectedService the service the request is for (checked against the scope)
 * @param ctx credentials, verifier and clocks
 * @returns the principal, or the error AWS would answer (a {@link SignatureTimeError} for a stale signature)
 */
export function authenticate(
  request: { method: string; url: URL; headers: Headers; body: Uint8Array },
  auth: SigV4Authorization,
  protocol: Protocol,
  expectedService: string,
  ctx: AuthContext,
): Authenticated | AwsError {
  const principal = ctx.credentials.lookup(auth.accessKeyId);
  if (!principal) return invalidClientToken(protocol);
  const token = request.headers.get("x-amz-security-token");
  if ((principal.sessionToken ?? null) !== token) return invalidClientToken(protocol);
  if (auth.service !== expectedService) {
    return signatureMismatch(
      protocol,
      `Credential should be scoped to correct service: '${expectedService}'. `,
    );
  }
  const signed = signedAt(request.headers);
  if (signed === "missing") {
    return incompleteSignature(
      protocol,
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (signed === "malformed") {
    const given = request.headers.get("x-amz-date") ?? request.headers.get("date");
    return incompleteSignature(
      protocol,
      `Date must be in ISO-8601 'basic format'. Got '${given}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  const stale = signatureTimeProblem(signed, ctx.wallClockMs, ctx.maxSignatureAgeMs);
  if (stale) return new SignatureTimeError(protocol, stale, principal.accountId);
  if (ctx.verifier && !ctx.verifier.verify(request, auth, principal.secretAccessKey)) {
    return signatureMismatch(protocol);
  }
  if (principal.expiresAt !== undefined && ctx.nowMs >= principal.expiresAt) return expiredToken(protocol);
  return { principal, auth };
}

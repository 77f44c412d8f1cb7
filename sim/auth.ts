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
} from "./errors.ts";
import { parseAuthorization, type SignatureVerifier, type SigV4Authorization } from "./sigv4.ts";

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
  nowMs: number;
}

/** The parsed `Authorization` header, or the error AWS answers for its absence or malformation. */
export function readAuthorization(headers: Headers, protocol: Protocol): SigV4Authorization | AwsError {
  const header = headers.get("authorization");
  if (header === null) return missingAuthentication(protocol);
  const parsed = parseAuthorization(header);
  return typeof parsed === "string" ? incompleteSignature(protocol, parsed) : parsed;
}

/** Authenticates a request whose header parsed as `auth`; `expectedService` is checked against its scope. */
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
  if (ctx.verifier && !ctx.verifier.verify(request, auth, principal.secretAccessKey)) {
    return signatureMismatch(protocol);
  }
  if (principal.expiresAt !== undefined && ctx.nowMs >= principal.expiresAt) return expiredToken(protocol);
  return { principal, auth };
}

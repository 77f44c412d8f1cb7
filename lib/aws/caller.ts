/**
 * The management account's caller: its credentials (from a named profile or the SDK's default chain)
 * and its identity, with the common ways this goes wrong turned into clear, actionable errors.
 *
 * @module
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { fromIni, fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { cacheCredentials } from "./credential_cache.ts";
import { findConfigSyntaxError, learnConfigSecrets } from "./config_check.ts";
import { AuditError, type ErrorKind, InterruptedError, type Message } from "../errors/audit_error.ts";
import { interruptibleCredentialProcesses } from "./credential_process.ts";
import type { CredentialSource } from "../i18n/words.ts";
import { describeError, isExpiredToken, isServiceError } from "./service_errors.ts";
import { CallStats, type ClientFactory } from "./clients.ts";

/** Who runs the audit. */
export interface Caller {
  /** Account id of the credentials: audited with them, never by assuming a role into itself. */
  accountId: string;
  arn: string;
  /** ARN partition (`aws`, `aws-us-gov`, `aws-cn`), for the role ARNs. */
  partition: string;
  credentials: AwsCredentialIdentityProvider;
}

/**
 * Resolves the caller's credentials and identity (`sts:GetCallerIdentity`), once, up front, so that a
 * missing profile or an expired SSO session stops the run before any account is touched.
 *
 * @param clients the run's client factory
 * @param profile a profile name, or undefined for the default chain
 * @param region region of the STS call
 * @param signal the run's interruption: it stops a `credential_process` helper still running
 * @returns the caller
 * @throws {AuditError} `profile-not-found`, `sso-expired`, `no-credentials`, `credentials-invalid`, `config-invalid`
 */
export async function resolveCaller(
  clients: ClientFactory,
  profile: string | undefined,
  region: string,
  signal?: AbortSignal,
): Promise<Caller> {
  if (signal) interruptibleCredentialProcesses(signal);
  const provider = profile
    ? fromIni({ profile, clientConfig: { region, requestHandler: clients.requestHandler } })
    : fromNodeProviderChain({ clientConfig: { region, requestHandler: clients.requestHandler } });
  const credentials = cacheCredentials(provider);
  await learnConfigSecrets();
  try {
    await credentials();
  } catch (e) {
    // Ctrl-C while a credential_process helper ran: that is an interruption, not a credentials error.
    if (signal?.aborted) throw new InterruptedError();
    const error = credentialsError(e, profile);
    if (
      error.kind === "profile-not-found" || error.kind === "no-credentials" ||
      error.kind === "credentials-invalid"
    ) {
      // A broken file looks like a missing profile to the SDK: say which line is broken instead.
      const broken = await findConfigSyntaxError().catch(() => undefined);
      if (broken) {
        throw new AuditError("config-invalid", (w) => w.errors.configLineInvalid(broken), { cause: e });
      }
    }
    throw error;
  }
  try {
    const sts = clients.sts(credentials, region, new CallStats());
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const arn = identity.Arn ?? "";
    return {
      accountId: identity.Account ?? "",
      arn,
      partition: arn.split(":")[1] || "aws",
      credentials,
    };
  } catch (e) {
    // Ctrl-C during GetCallerIdentity: the call was abandoned, the credentials are not at fault.
    if (e instanceof InterruptedError || signal?.aborted) throw new InterruptedError();
    throw credentialsError(e, profile);
  }
}

/**
 * Turns a failure to obtain or use the caller's credentials into a one-line error saying what to do.
 *
 * The SDK's credential providers throw `CredentialsProviderError` (or `TokenProviderError` for SSO)
 * whose only distinguishing mark is the message; service errors are told apart by their name.
 *
 * @param e what the SDK threw
 * @param profile the profile asked for, if any
 * @returns the error to show
 */
export function credentialsError(e: unknown, profile: string | undefined): AuditError {
  const message = e instanceof Error ? e.message : String(e);
  const source: CredentialSource = profile ? { profile } : { defaultChain: true };
  const detail = describeError(e);
  const fail = (kind: ErrorKind, text: Message) => new AuditError(kind, text, { cause: e });
  if (
    /SSO session .* (has expired|is invalid)|Token is expired|refresh .*sso|re-authenticate/i.test(message)
  ) {
    return fail("sso-expired", (w) => w.errors.ssoExpired(source));
  }
  if (
    profile &&
    /Could not resolve credentials using profile|Profile .* (was not found|could not be found)/.test(message)
  ) {
    return fail("profile-not-found", (w) => w.errors.profileNotFound(profile));
  }
  if (
    /Could not load credentials from any providers|Unable to find environment variable credentials/.test(
      message,
    )
  ) {
    return fail("no-credentials", (w) => w.errors.noCredentials);
  }
  if (isServiceError(e)) {
    if (isExpiredToken(e)) return fail("sso-expired", (w) => w.errors.credentialsExpired(source));
    return fail("credentials-invalid", (w) => w.errors.credentialsRejected(source, detail));
  }
  if (e instanceof Error && /^(TlsError|ProxyError|CaBundleError|TlsSetupError)$/.test(e.name)) {
    // These already say what is wrong and what to do (lib/aws/http/).
    return fail("network", () => e.message.replace(/\.+$/, "."));
  }
  if (isNetworkError(e)) return fail("network", (w) => w.errors.awsUnreachable(detail));
  if (
    /Unable to parse|config(uration)? file|\bini\b/i.test(message) &&
    !/ECONNREFUSED|fetch|socket/i.test(message)
  ) {
    return fail("config-invalid", (w) => w.errors.configUnreadable(detail));
  }
  return fail("credentials-invalid", (w) => w.errors.credentialsFailed(source, detail));
}

/** A failure to talk to AWS at all: DNS, connection, TLS, proxy, timeout. */
function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error) || isServiceError(e)) return false;
  const code = (e as { code?: unknown }).code;
  return /^(NetworkError|TimeoutError|TlsError|ProxyError|AbortError|FetchError)$/.test(e.name) ||
    (typeof code === "string" && /^E[A-Z]+/.test(code)) ||
    /fetch failed|network|ECONN|ENOTFOUND|EAI_AGAIN/i.test(e.message);
}

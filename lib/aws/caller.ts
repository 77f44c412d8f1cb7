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
import { findConfigSyntaxError } from "./config_check.ts";
import { AuditError, describeError, isServiceError } from "../errors/audit_error.ts";
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
 * @returns the caller
 * @throws {AuditError} `profile-not-found`, `sso-expired`, `no-credentials`, `credentials-invalid`, `config-invalid`
 */
export async function resolveCaller(
  clients: ClientFactory,
  profile: string | undefined,
  region: string,
): Promise<Caller> {
  const provider = profile
    ? fromIni({ profile, clientConfig: { region, requestHandler: clients.requestHandler } })
    : fromNodeProviderChain({ clientConfig: { region, requestHandler: clients.requestHandler } });
  const credentials = cacheCredentials(provider);
  try {
    await credentials();
  } catch (e) {
    const error = credentialsError(e, profile);
    if (
      error.code === "profile-not-found" || error.code === "no-credentials" ||
      error.code === "credentials-invalid"
    ) {
      // A broken file looks like a missing profile to the SDK: say which line is broken instead.
      const broken = await findConfigSyntaxError().catch(() => undefined);
      if (broken) {
        throw new AuditError(
          "config-invalid",
          `${broken.file} line ${broken.line} is not valid (${JSON.stringify(broken.text.slice(0, 60))}): ` +
            "fix the file (aws configure edits it safely) and try again.",
          { cause: e },
        );
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
    throw credentialsError(e, profile);
  }
}

/**
 * Turns a failure to obtain or use the caller's credentials into a one-line error saying what to do.
 *
 * @param e what the SDK threw
 * @param profile the profile asked for, if any
 * @returns the error to show
 */
export function credentialsError(e: unknown, profile: string | undefined): AuditError {
  const message = e instanceof Error ? e.message : String(e);
  const named = profile ? `profile "${profile}"` : "the default credential chain";
  const login = profile ? `aws sso login --profile ${profile}` : "aws sso login";
  if (
    /SSO session .* (has expired|is invalid)|Token is expired|refresh .*sso|re-authenticate/i.test(message)
  ) {
    return new AuditError(
      "sso-expired",
      `The SSO session of ${named} has expired or is invalid: run \`${login}\` and try again.`,
      { cause: e },
    );
  }
  if (
    profile &&
    /Could not resolve credentials using profile|Profile .* (was not found|could not be found)/.test(message)
  ) {
    return new AuditError(
      "profile-not-found",
      `AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials: ` +
        "check the name with `aws configure list-profiles`, or create it with `aws configure --profile " +
        `${profile}\`.`,
      { cause: e },
    );
  }
  if (
    /Could not load credentials from any providers|Unable to find environment variable credentials/.test(
      message,
    )
  ) {
    return new AuditError(
      "no-credentials",
      "No AWS credentials were found: pass --profile NAME (see `aws configure list-profiles`) " +
        "or configure credentials with `aws configure`.",
      { cause: e },
    );
  }
  if (isServiceError(e)) {
    if (/ExpiredToken/.test(e.name)) {
      return new AuditError(
        "sso-expired",
        `The credentials of ${named} have expired: ${
          profile ? `run \`${login}\` or ` : ""
        }renew them and try again.`,
        { cause: e },
      );
    }
    return new AuditError(
      "credentials-invalid",
      `AWS rejected the credentials of ${named} (${describeError(e)}): check the profile's keys or session.`,
      { cause: e },
    );
  }
  if (e instanceof Error && /^(TlsError|ProxyError|CaBundleError|TlsSetupError)$/.test(e.name)) {
    // These already say what is wrong and what to do (lib/aws/http/network_errors.ts, trust_store.ts).
    return new AuditError("network", e.message.replace(/\.+$/, "."), { cause: e });
  }
  if (isNetworkError(e)) {
    return new AuditError(
      "network",
      `Could not reach AWS (${describeError(e)}): check the network, the proxy (HTTPS_PROXY, NO_PROXY), ` +
        "the CA bundle (AWS_CA_BUNDLE) and AWS_ENDPOINT_URL.",
      { cause: e },
    );
  }
  if (
    /Unable to parse|config(uration)? file|\bini\b/i.test(message) &&
    !/ECONNREFUSED|fetch|socket/i.test(message)
  ) {
    return new AuditError(
      "config-invalid",
      `The AWS configuration could not be read (${
        describeError(e)
      }): check ~/.aws/config and ~/.aws/credentials.`,
      { cause: e },
    );
  }
  return new AuditError(
    "credentials-invalid",
    `Could not obtain credentials for ${named}: ${describeError(e)}.`,
    { cause: e },
  );
}

/** A failure to talk to AWS at all: DNS, connection, TLS, proxy, timeout. */
function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error) || isServiceError(e)) return false;
  const code = (e as { code?: unknown }).code;
  return /^(NetworkError|TimeoutError|TlsError|ProxyError|AbortError|FetchError)$/.test(e.name) ||
    (typeof code === "string" && /^E[A-Z]+/.test(code)) ||
    /fetch failed|network|ECONN|ENOTFOUND|EAI_AGAIN/i.test(e.message);
}

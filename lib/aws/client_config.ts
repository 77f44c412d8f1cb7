/**
 * Per-request work the SDK's defaults repeat that a client can do once: its user agent and its
 * request signer. Both are standard client configuration (`defaultUserAgentProvider`, `signer`),
 * set when a client is created.
 *
 * - The default user agent provider reads the operating system's release (a system call) and rebuilds
 *   its sections at every request; it depends only on the service and the client's version, so one
 *   per service serves the whole run.
 * - The default signer creates a `SignatureV4` at every request from a copy of the whole client
 *   configuration; one per client, for its credentials, does the same signing.
 *
 * @module
 */
import { createDefaultUserAgentProvider } from "@aws-sdk/core/client";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import denoJson from "../../deno.json" with { type: "json" };
import type { Credentials } from "./middleware.ts";

/** The SDK's services this tool calls, by their `serviceId`, with their npm package and signing name. */
const SERVICES = {
  IAM: { pkg: "@aws-sdk/client-iam", signingName: "iam" },
  CloudTrail: { pkg: "@aws-sdk/client-cloudtrail", signingName: "cloudtrail" },
  STS: { pkg: "@aws-sdk/client-sts", signingName: "sts" },
  Organizations: { pkg: "@aws-sdk/client-organizations", signingName: "organizations" },
} as const;

/** A service this tool calls. */
export type ServiceId = keyof typeof SERVICES;

type UserAgentProvider = ReturnType<typeof createDefaultUserAgentProvider>;
const userAgents = new Map<ServiceId, UserAgentProvider>();

/**
 * The SDK's default user agent of a service's clients, computed at the first request and kept.
 *
 * @param service the service
 * @returns a `defaultUserAgentProvider` for the client's configuration
 */
export function userAgentOf(service: ServiceId): UserAgentProvider {
  let provider = userAgents.get(service);
  if (!provider) {
    // The version the import map pins is the client's own (its user agent names it).
    const specifier = (denoJson.imports as Record<string, string>)[SERVICES[service].pkg];
    const clientVersion = /@([^@]+)$/.exec(specifier)?.[1] ?? "";
    const inner = createDefaultUserAgentProvider({ serviceId: service, clientVersion });
    let answer: ReturnType<UserAgentProvider> | undefined;
    provider = (config) => (answer ??= inner(config));
    userAgents.set(service, provider);
  }
  return provider;
}

/**
 * One SigV4 signer for a client: its credentials, its service's signing name and its region (the
 * request's endpoint may give another signing region; the SDK passes it at each signature).
 *
 * @param service the service
 * @param credentials the client's credentials
 * @param region the client's region
 * @returns a `signer` for the client's configuration
 */
export function signerFor(service: ServiceId, credentials: Credentials, region: string): SignatureV4 {
  return new SignatureV4({
    credentials,
    region,
    service: SERVICES[service].signingName,
    sha256: Sha256,
    uriEscapePath: true,
  });
}

/**
 * From the options to each stage's settings: the one place that knows which flag feeds which stage,
 * so that `main.ts` only wires stages together.
 *
 * @module
 */
import type { AuditContext } from "../audit/audit_accounts.ts";
import { ServiceRate } from "../aws/adaptive_rate.ts";
import type { ClientSettings } from "../aws/clients.ts";
import type { FindingThresholds } from "../model/findings.ts";
import type { HtmlRunInfo } from "../report/html/report.ts";
import type { Options } from "./flags.ts";

/**
 * The AWS clients' retries, timeouts and bounds.
 *
 * @param options the run's options
 * @returns the client settings (the caller adds the interruption signal and the attempt observer)
 */
export function clientSettings(options: Options): ClientSettings {
  return {
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeout * 1000,
    maxSockets: options.concurrency,
    maxInFlight: options.concurrency,
  };
}

/**
 * The findings' thresholds.
 *
 * @param options the run's options
 * @returns `--max-key-age` and `--max-unused-days`
 */
export function thresholds(options: Options): FindingThresholds {
  return { maxKeyAgeDays: options.maxKeyAge, maxUnusedDays: options.maxUnusedDays };
}

/**
 * How accounts are audited: roles, pacing, what is read, how much at once. Call it once per run: the
 * rates it returns learn over the run.
 *
 * @param options the run's options
 * @returns the settings of {@link AuditContext} that come from flags
 */
export function auditSettings(
  options: Options,
): Omit<AuditContext, "caller" | "clients" | "onAccountStart" | "onCloudTrailStart"> {
  return {
    session: {
      role: options.role,
      sessionName: options.sessionName,
      externalId: options.externalId,
      region: options.region,
      // The configured rates are ceilings: each account's calls start there and adapt (adaptive_rate.ts).
      iamRate: new ServiceRate(options.iamRps),
      cloudTrailRate: new ServiceRate(options.cloudTrailRps),
    },
    // Half as many accounts as requests in flight to begin with (each account runs several requests at
    // once); more while the slots are underused — when rates bind — up to --accounts-in-flight.
    accountsInFlight: {
      initial: Math.min(options.accountsInFlight, Math.ceil(options.concurrency / 2)),
      max: options.accountsInFlight,
    },
    userConcurrency: options.userConcurrency,
    eventNames: options.events,
    cloudTrail: options.cloudTrail,
    readPolicies: options.policies,
    window: { since: options.since, until: options.until },
  };
}

/**
 * What the HTML report says about the run.
 *
 * @param options the run's options
 * @param run when it started, the tool's version, and who ran it in which organization
 * @returns the run's description
 */
export function htmlRunInfo(
  options: Options,
  run: Pick<HtmlRunInfo, "startedAt" | "version" | "organizationId" | "managementAccountId" | "callerArn">,
): HtmlRunInfo {
  return {
    ...run,
    lang: options.lang,
    role: options.role,
    since: options.since,
    until: options.until,
    cloudTrail: options.cloudTrail,
  };
}

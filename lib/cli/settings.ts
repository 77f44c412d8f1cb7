/**
 * From the options to each stage's settings: the one place that knows which flag feeds which stage,
 * so that `main.ts` only wires stages together.
 *
 * @module
 */
import type { AuditContext } from "../audit/audit_accounts.ts";
import { ServiceRate } from "../aws/adaptive_rate.ts";
import type { Caller } from "../aws/caller.ts";
import { type ClientSettings, STS_RPS } from "../aws/clients.ts";
import { HEAP_BUDGET } from "../audit/admission.ts";
import type { Organization } from "../audit/organization.ts";
import type { FindingThresholds } from "../model/findings.ts";
import type { HtmlRunInfo } from "../report/html/report.ts";
import type { ManifestInput } from "../report/manifest.ts";
import { detectionFindings, type OcsfContext } from "../report/ocsf.ts";
import type { AssessmentContext } from "../model/assessment.ts";
import { fileTimestamp } from "../util/dates.ts";
import type { ReportOptions } from "../report/report_set.ts";
import type { Words } from "../i18n/words.ts";
import type { Options } from "./flags.ts";

/** Requests in flight at least per thread: fewer, and another thread would cost more than it gives. */
const SLOTS_PER_THREAD = 16;

/**
 * How many JavaScript threads audit accounts: `--threads`, as far as each gets 16 of `--concurrency`'s
 * requests and one of `--accounts-in-flight`'s accounts (`--concurrency 1` is one thread).
 *
 * @param options the run's options
 * @returns 1 or more
 */
export function threadCount(options: Options): number {
  const bound = Math.min(Math.floor(options.concurrency / SLOTS_PER_THREAD), options.accountsInFlight);
  return Math.max(1, Math.min(options.threads, bound));
}

/** Each thread's share of the run's bounds: requests in flight and accounts in flight. */
function threadShare(options: Options): { threads: number; slots: number; accounts: number } {
  const threads = threadCount(options);
  return {
    threads,
    slots: Math.floor(options.concurrency / threads),
    accounts: Math.floor(options.accountsInFlight / threads),
  };
}

/**
 * The AWS clients' retries, timeouts and bounds, for each thread: its share of `--concurrency` and of
 * the run's AssumeRole rate (the main thread's clients, which also list the organization, and each
 * worker's).
 *
 * @param options the run's options
 * @returns the client settings (the caller adds the interruption signal and the attempt observer)
 */
export function clientSettings(options: Options): ClientSettings {
  const { threads, slots } = threadShare(options);
  return {
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeout * 1000,
    maxSockets: slots,
    maxInFlight: slots,
    stsRps: STS_RPS / threads,
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
): Omit<AuditContext, "caller" | "clients" | "spools" | "onAccountStart" | "onCloudTrailStart"> {
  const { slots, accounts } = threadShare(options);
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
    // once); more while the slots are underused — when rates bind — up to --accounts-in-flight. Each
    // thread has its share of both, and the whole heap budget for its own heap (split, it held each of two
    // threads to 64 accounts at (b), 40 s instead of 32).
    accountsInFlight: {
      initial: Math.min(accounts, Math.ceil(slots / 2)),
      max: accounts,
      heapBudget: HEAP_BUDGET,
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
 * @param run when it started, the tool's version, who ran it in which organization, and whether that
 *   organization manages root access centrally
 * @returns the run's description
 */
export function htmlRunInfo(
  options: Options,
  run: {
    startedAt: Date;
    version: string;
    caller: Pick<Caller, "accountId" | "arn">;
    org: Pick<Organization, "id" | "rootManagement">;
  },
): HtmlRunInfo {
  return {
    startedAt: run.startedAt,
    version: run.version,
    organizationId: run.org.id,
    managementAccountId: run.caller.accountId,
    callerArn: run.caller.arn,
    rootManagement: run.org.rootManagement.state,
    cis: options.cis,
    lang: options.lang,
    role: options.role,
    since: options.since,
    until: options.until,
    cloudTrail: options.cloudTrail,
  };
}

/**
 * What the run's manifest records: what it was asked to do.
 *
 * @param options the run's options
 * @param run when it started, the tool's version, and the stamp of the run it compares itself with
 * @returns the manifest's input
 */
export function manifestInput(
  options: Options,
  run: { startedAt: Date; version: string; comparedWith?: string },
): ManifestInput {
  return {
    version: run.version,
    startedAt: run.startedAt,
    scope: { accounts: options.accounts, excludeAccounts: options.excludeAccounts, ous: options.ous },
    cloudTrail: options.cloudTrail,
    since: options.since,
    until: options.until,
    thresholds: thresholds(options),
    cis: options.cis,
    lang: options.lang,
    format: options.format,
    policies: options.policies,
    comparedWith: options.compareWith && run.comparedWith
      ? { path: options.compareWith, run: run.comparedWith }
      : undefined,
  };
}

/**
 * How the OCSF findings file maps the run (`--ocsf`), or none.
 *
 * @param options the run's options
 * @param run when it started, the tool's version, the caller (its partition) and the organization
 * @param words the run's language (titles and descriptions)
 * @returns an account's records given when its findings were first seen; undefined without `--ocsf`
 */
export function ocsfRecords(
  options: Options,
  run: { startedAt: Date; version: string; caller: Caller; org: Organization },
  words: Words,
): ReportOptions["ocsf"] {
  if (!options.ocsf) return undefined;
  const context: OcsfContext = {
    startedAt: run.startedAt,
    version: run.version,
    cis: options.cis,
    words,
    organizationId: run.org.id,
    partition: run.caller.partition,
  };
  return (account, seen) => detectionFindings(account, { ...context, seen });
}

/** The run, as the stages after the caller and the organization are known describe it. */
export interface RunInfo {
  startedAt: Date;
  /** iam-audit's version. */
  version: string;
  caller: Caller;
  org: Organization;
}

/**
 * How each account is assessed: the thresholds, the run's time, the organization's root management.
 *
 * @param options the run's options
 * @param run the run
 * @returns the assessment's context
 */
export function assessmentSettings(options: Options, run: RunInfo): AssessmentContext {
  return {
    thresholds: thresholds(options),
    now: run.startedAt,
    rootManagement: run.org.rootManagement,
    managementAccountId: run.caller.accountId,
  };
}

/**
 * Which reports the run writes, where, and how.
 *
 * @param options the run's options
 * @param run the run
 * @param words the run's language
 * @param compared the manifest, and whether a comparison writes a changes report
 * @returns the reports' options
 */
export function reportOptions(
  options: Options,
  run: RunInfo,
  words: Words,
  compared: { manifest: ManifestInput; changes: boolean },
): ReportOptions {
  return {
    dir: options.outputDir,
    stamp: fileTimestamp(run.startedAt),
    format: options.format,
    words,
    manifest: compared.manifest,
    html: options.html ? htmlRunInfo(options, run) : undefined,
    changes: compared.changes,
    ocsf: ocsfRecords(options, run, words),
  };
}

/**
 * iam-audit: audits IAM users and access keys across every account of an AWS Organization and writes
 * reports a security team can act on.
 *
 * The only module that reads `Deno.args`, prints and exits. It reads as the pipeline: flags → caller →
 * accounts in scope → each account's audit (credentials, users and keys, events) → assessed records →
 * reports and the run's tally → summary and exit code.
 *
 * @module
 */
import denoJson from "./deno.json" with { type: "json" };
import { organizationId } from "./lib/audit/accounts.ts";
import { auditAccounts } from "./lib/audit/audit_accounts.ts";
import { scopedAccounts } from "./lib/audit/scope.ts";
import { resolveCaller } from "./lib/aws/caller.ts";
import { CallStats, ClientFactory } from "./lib/aws/clients.ts";
import { type Options, parseOptions } from "./lib/cli/flags.ts";
import { helpText } from "./lib/cli/help.ts";
import { onInterrupt } from "./lib/cli/interrupt.ts";
import { accountTally, consoleOptions, Progress } from "./lib/console/progress.ts";
import { printRunEnd } from "./lib/console/summary.ts";
import { AuditError, ExitCode, InterruptedError } from "./lib/errors/audit_error.ts";
import { langOf, wordsFor } from "./lib/i18n/lang.ts";
import type { Words } from "./lib/i18n/words.ts";
import { assessAccount } from "./lib/model/assessment.ts";
import { RunTally } from "./lib/model/tally.ts";
import { checkOutputDir } from "./lib/report/output_dir.ts";
import { openReports, type ReportSet } from "./lib/report/report_set.ts";
import { fileTimestamp, isoUtc } from "./lib/util/dates.ts";
import { primed, readAhead, untilAborted } from "./lib/util/streams.ts";

const VERSION = denoJson.version;

/**
 * Runs the command.
 *
 * @param argv the command-line arguments
 * @returns the exit code
 */
export async function main(argv: string[]): Promise<number> {
  const startedAt = new Date();
  let words = wordsFor(langOf(argv));
  let options: Options;
  try {
    options = parseOptions(argv, startedAt);
  } catch (e) {
    return fail(e, words, false);
  }
  if (options.help || options.version) {
    console.log(options.help ? helpText(VERSION, words) : `iam-audit ${VERSION}`);
    return ExitCode.Ok;
  }
  words = wordsFor(options.lang);
  // All output of the run goes through `progress`, which keeps the live status line out of its way.
  const progress = new Progress({ ...consoleOptions(options.verbosity), labels: words.status });
  if (options.sinceBeforeHistory) {
    progress.warn(words.console.sinceOlderThanHistory(isoUtc(options.sinceBeforeHistory)));
  }
  const interruption = new AbortController();
  const stopSignals = onInterrupt(() => {
    progress.warn(words.console.interrupting);
    interruption.abort();
  });
  const clients = new ClientFactory({
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeout * 1000,
    maxSockets: options.concurrency,
    maxInFlight: options.concurrency,
    signal: interruption.signal,
    onAttempt: (attempt) => progress.apiCall(attempt),
  });
  const tally = new RunTally({ maxKeyAgeDays: options.maxKeyAge, maxUnusedDays: options.maxUnusedDays });
  let reports: ReportSet | undefined;
  try {
    await checkOutputDir(options.outputDir);
    const caller = await resolveCaller(clients, options.profile, options.region);
    const org = clients.organizations(caller.credentials, new CallStats());
    const inScope = scopedAccounts(
      org,
      options,
      (ids) => progress.warn(words.console.accountsNotFound(ids.join(", "))),
    );
    const accounts = await primed(readAhead(inScope, (total) => progress.accountsListed(total)));
    const html = options.html
      ? {
        ...options,
        startedAt,
        version: VERSION,
        organizationId: await organizationId(org),
        managementAccountId: caller.accountId,
        callerArn: caller.arn,
      }
      : undefined;
    reports = await openReports(options.outputDir, fileTimestamp(startedAt), options.format, words, html);
    const results = auditAccounts(untilAborted(accounts, interruption.signal, isInterruption), {
      caller,
      clients,
      session: { ...options, role: options.role },
      // Half as many accounts as requests in flight keeps the slots busy (each account runs several
      // requests at once) while holding half as many accounts' rows in memory.
      concurrency: Math.max(1, Math.ceil(options.concurrency / 2)),
      userConcurrency: options.userConcurrency,
      eventNames: options.events,
      cloudTrail: options.cloudTrail,
      readPolicies: options.policies,
      window: { since: options.since, until: options.until },
      onAccountStart: (a) => {
        progress.accountStarted();
        progress.message(words.console.auditingAccount(a.name, a.id));
      },
      onCloudTrailStart: (a) => progress.message(words.console.queryingCloudTrail(a.name, a.id)),
    });
    progress.start();
    for await (const result of results) {
      const assessed = assessAccount(result, tally.thresholds, startedAt);
      await reports.add(assessed);
      tally.add(assessed);
      progress.accountFinished(accountTally(assessed));
    }
    progress.finish();
    const interrupted = interruption.signal.aborted;
    const paths = await reports.close({ partial: interrupted, tally });
    reports = undefined;
    printRunEnd(progress, tally, paths, words, interrupted);
    if (interrupted) return ExitCode.Interrupted;
    return tally.failed.length > 0 ? ExitCode.PartialFailure : ExitCode.Ok;
  } catch (e) {
    progress.stop();
    // A failure after the reports were opened (the organization's listing broke off): what was
    // written is complete per account, and kept, named partial.
    await reports?.close({ partial: true, tally }).catch(() => undefined);
    if (e instanceof InterruptedError) {
      progress.error(words.console.interrupted(0, 0));
      return ExitCode.Interrupted;
    }
    return fail(e, words, options.debug);
  } finally {
    progress.stop();
    stopSignals();
    clients.destroy();
  }
}

function isInterruption(e: unknown): boolean {
  return e instanceof InterruptedError;
}

/** Prints an error as one line (and its cause with `--debug`) and returns its exit code. */
function fail(e: unknown, words: Words, debug: boolean): number {
  if (e instanceof AuditError) {
    console.error(`iam-audit: ${e.describe(words)}`);
    if (debug && e.cause) console.error(e.cause);
    return e.exitCode;
  }
  console.error(`iam-audit: ${words.errors.unexpected(e instanceof Error ? e.message : String(e))}`);
  if (debug) console.error(e);
  else console.error(words.errors.runWithDebug);
  return ExitCode.CouldNotStart;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}

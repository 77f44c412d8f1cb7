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
import { openSpoolDir } from "./lib/audit/audit_accounts.ts";
import { auditInThreads } from "./lib/audit/threads.ts";
import type { SpoolDir } from "./lib/util/spool.ts";
import { openOrganization } from "./lib/audit/organization.ts";
import { scopedAccounts } from "./lib/audit/scope.ts";
import { resolveCaller } from "./lib/aws/caller.ts";
import { errorText } from "./lib/aws/service_errors.ts";
import { failure, outcomeCode } from "./lib/cli/failure.ts";
import { type Options, parseOptions } from "./lib/cli/flags.ts";
import { helpText } from "./lib/cli/help.ts";
import { openSession } from "./lib/cli/session.ts";
import {
  assessmentSettings,
  auditSettings,
  manifestInput,
  reportOptions,
  thresholds,
} from "./lib/cli/settings.ts";
import { readPreviousRun } from "./lib/compare/previous_run.ts";
import { compareRuns } from "./lib/compare/run_comparison.ts";
import { accountTally } from "./lib/console/progress.ts";
import { printRunEnd } from "./lib/console/summary.ts";
import { ExitCode } from "./lib/errors/audit_error.ts";
import { langOf, wordsFor } from "./lib/i18n/lang.ts";
import type { Words } from "./lib/i18n/words.ts";
import { assessAccount } from "./lib/model/assessment.ts";
import { RunTally } from "./lib/model/tally.ts";
import { checkOutputDir } from "./lib/report/output_dir.ts";
import { openReports, partialPaths, type ReportSet } from "./lib/report/report_set.ts";
import { learnEnvironmentSecrets } from "./lib/util/secrets.ts";
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
  learnEnvironmentSecrets();
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
  const { progress, signal, clients, threads, close } = openSession(options, words);
  const tally = new RunTally(thresholds(options));
  let reports: ReportSet | undefined;
  let spools: SpoolDir | undefined;
  try {
    await checkOutputDir(options.outputDir);
    spools = await openSpoolDir();
    // An earlier run that cannot be read stops the run before any AWS call.
    const previous = options.compareWith ? await readPreviousRun(options.compareWith) : undefined;
    const caller = await resolveCaller(clients, options.profile, options.region, signal);
    const org = await openOrganization(clients, caller);
    if (org.rootManagement.state === "unknown") {
      progress.warn(words.console.rootManagementUnknown(errorText(org.rootManagement.error)));
    }
    const notFound = (ids: string[]) => progress.warn(words.console.accountsNotFound(ids.join(", ")));
    let listedTotal: number | undefined;
    const listed = readAhead(scopedAccounts(org.client, options, notFound), (n) => {
      listedTotal = n;
      progress.accountsListed(n);
    });
    const accounts = await primed(listed);
    const run = { startedAt, version: VERSION, caller, org };
    const manifest = manifestInput(options, { ...run, comparedWith: previous?.stamp });
    const comparison = previous ? compareRuns(previous, manifest) : undefined;
    reports = await openReports(reportOptions(options, run, words, { manifest, changes: !!comparison }));
    if (comparison) await reports.addChanges(comparison.notes);
    const results = auditInThreads(untilAborted(accounts, signal), {
      ...auditSettings(options),
      caller,
      clients,
      spools,
      accountsListed: () => listedTotal,
      onAccountStart: (a) => progress.accountStarted(words.console.auditingAccount(a.name, a.id)),
      onCloudTrailStart: (a) => progress.message(words.console.queryingCloudTrail(a.name, a.id)),
    }, threads);
    const assessing = assessmentSettings(options, run);
    progress.start();
    for await (const result of results) {
      const assessed = assessAccount(result, assessing);
      await reports.add(assessed, comparison?.account(assessed));
      tally.add(assessed);
      progress.accountFinished(accountTally(assessed));
    }
    progress.finish();
    const interrupted = signal.aborted;
    if (comparison) await reports.addChanges(comparison.rest(!interrupted));
    const changes = comparison?.tally;
    const paths = await reports.close({ complete: !interrupted, tally, changes });
    reports = undefined;
    printRunEnd(progress, tally, paths, words, { interrupted, cis: options.cis, changes });
    return outcomeCode(interrupted, tally.failed.length);
  } catch (e) {
    progress.stop();
    // A failure after the reports were opened (the listing broke off, a disk filled up): what was
    // written is complete per account, and kept under the partial names.
    const kept = await reports?.close({ complete: false, tally }).catch(() => undefined);
    const code = fail(e, words, options.debug);
    if (kept) progress.error([words.console.partialReportsKept, ...partialPaths(kept)].join("\n  "));
    return code;
  } finally {
    await spools?.remove();
    close();
  }
}

/** Prints an error as one line (and its cause with `--debug`) and returns its exit code. */
function fail(e: unknown, words: Words, debug: boolean): number {
  const { lines, exitCode } = failure(e, words, debug);
  for (const line of lines) console.error(line);
  return exitCode;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}

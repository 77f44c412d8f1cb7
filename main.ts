/**
 * iam-audit: audits IAM users and access keys across every account of an AWS Organization and writes
 * reports a security team can act on.
 *
 * The only module that reads `Deno.args`, prints and exits. It reads like the pipeline:
 * flags → caller → accounts (scoped) → sessions → users, keys and events → reports → summary.
 *
 * @module
 */
import denoJson from "./deno.json" with { type: "json" };
import { listAccounts, organizationId } from "./lib/audit/accounts.ts";
import { helpText, type Options, parseOptions } from "./lib/cli/flags.ts";
import { auditAccounts } from "./lib/audit/audit_accounts.ts";
import { CallStats, ClientFactory } from "./lib/aws/clients.ts";
import { resolveCaller } from "./lib/aws/caller.ts";
import { fileTimestamp } from "./lib/util/dates.ts";
import { AuditError, ExitCode, InterruptedError } from "./lib/errors/audit_error.ts";
import { messagesFor } from "./lib/i18n/messages.ts";
import type { AccountResult, OrgAccount } from "./lib/model/records.ts";
import { accountRow, countKeys, eventRow, iamRows, type RowContext } from "./lib/report/rows.ts";
import { openReports, type ReportSet } from "./lib/report/report_set.ts";
import { filterAccounts, listAccountsUnder } from "./lib/audit/scope.ts";
import { FindingsSummary } from "./lib/console/summary.ts";
import { consoleOptions, Progress, readAhead, statusLabels } from "./lib/console/progress.ts";

const VERSION = denoJson.version;

/**
 * Runs the command.
 *
 * @param argv the command-line arguments
 * @returns the exit code
 */
export async function main(argv: string[]): Promise<number> {
  const startedAt = new Date();
  let options: Options;
  try {
    options = parseOptions(argv, startedAt);
  } catch (e) {
    return fail(e, false);
  }
  if (options.help) {
    console.log(helpText(VERSION));
    return ExitCode.Ok;
  }
  if (options.version) {
    console.log(`iam-audit ${VERSION}`);
    return ExitCode.Ok;
  }
  const words = messagesFor(options.lang);
  // All output of the run goes through `progress`, which keeps the live status line out of its way.
  const progress = new Progress({ ...consoleOptions(options.verbosity), labels: statusLabels(options.lang) });
  for (const since of options.warnings) progress.warn(words.sinceOlderThanHistory(since));

  const interruption = new AbortController();
  const stopSignals = onInterrupt(() => {
    progress.warn(words.interrupting);
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
  let reports: ReportSet | undefined;
  try {
    await checkOutputDir(options.outputDir);
    const caller = await resolveCaller(clients, options.profile, options.region);
    const org = clients.organizations(caller.credentials, new CallStats());
    const listed = options.ous.length > 0 ? listAccountsUnder(org, options.ous) : listAccounts(org);
    const scoped = filterAccounts(
      listed,
      { include: options.accounts, exclude: options.excludeAccounts },
      (missing) => progress.warn(words.accountsNotFound(missing.join(", "))),
    );
    const accounts = await primed(readAhead(scoped, (total) => progress.accountsListed(total)));

    const html = options.html
      ? {
        startedAt,
        version: VERSION,
        lang: options.lang,
        organizationId: await organizationId(org),
        managementAccountId: caller.accountId,
        callerArn: caller.arn,
        role: options.role,
        since: options.since,
        until: options.until,
        cloudTrail: options.cloudTrail,
      }
      : undefined;
    reports = await openReports(options.outputDir, fileTimestamp(startedAt), options.format, html);
    const context: RowContext = {
      words,
      now: startedAt,
      thresholds: { maxKeyAgeDays: options.maxKeyAge, maxUnusedDays: options.maxUnusedDays },
    };
    const summary = new FindingsSummary();
    const failed: Extract<AccountResult, { kind: "failed" }>[] = [];
    let keys = 0;
    let skipped = 0;
    let audited = 0;
    let interrupted = 0;
    const results = auditAccounts(untilAborted(accounts, interruption.signal), {
      caller,
      clients,
      session: {
        role: options.role,
        sessionName: options.sessionName,
        externalId: options.externalId,
        region: options.region,
        iamRps: options.iamRps,
        cloudTrailRps: options.cloudTrailRps,
      },
      // Half as many accounts as requests in flight keeps the slots busy (each account runs several
      // requests at once) while holding half as many accounts' rows in memory.
      concurrency: Math.max(1, Math.ceil(options.concurrency / 2)),
      userConcurrency: options.userConcurrency,
      eventNames: options.events,
      cloudTrail: options.cloudTrail,
      readPolicies: options.policies,
      window: { since: options.since, until: options.until },
      onAccountStart: (a: OrgAccount) => {
        progress.accountStarted();
        progress.message(words.auditingAccount(a.name, a.id));
      },
      onCloudTrailStart: (a: OrgAccount) => progress.message(words.queryingCloudTrail(a.name, a.id)),
    });
    progress.start();
    for await (const result of results) {
      const account = accountRow(result);
      if (result.kind === "failed" && result.stage === "interrupted") {
        // Incomplete: listed in the accounts report only, so the other reports hold complete accounts.
        interrupted++;
        progress.accountFinished({
          users: 0,
          keys: 0,
          events: 0,
          throttled: result.stats.throttled,
          failed: true,
        });
        await reports.add(account, [], []);
        continue;
      }
      const iam = result.kind === "skipped"
        ? []
        : result.users.flatMap((user) => iamRows(result.account, user, context));
      const events = result.kind === "skipped"
        ? []
        : result.events.map((event) => eventRow(result.account, event));
      await reports.add(account, iam, events);
      summary.add(account, iam);
      if (result.kind === "skipped") {
        skipped++;
        progress.accountFinished({ users: 0, keys: 0, events: 0, throttled: 0, skipped: true });
        continue;
      }
      const accountKeys = countKeys(result.users);
      keys += accountKeys;
      if (result.kind === "failed") failed.push(result);
      else audited++;
      progress.accountFinished({
        users: result.users.length,
        keys: accountKeys,
        events: result.events.length,
        throttled: result.stats.throttled,
        failed: result.kind === "failed",
      });
    }
    progress.finish();
    const wasInterrupted = interruption.signal.aborted;
    const events = reports.events.rows;
    const paths = await reports.close({ partial: wasInterrupted });
    reports = undefined;

    progress.summary("");
    progress.summary(keys > 0 ? words.totalKeys(keys) : words.noKeysFound);
    progress.result(words.reportExported(paths.iam));
    progress.summary("");
    progress.summary(words.totalEvents(events));
    progress.result(words.eventsReportExported(paths.events));
    progress.summary("");
    progress.summary(words.allAudited(audited));
    if (skipped > 0) progress.summary(words.skippedAccounts(skipped));
    progress.result(words.accountsReportExported(paths.accounts));
    if (paths.html) progress.result(words.htmlReportExported(paths.html));
    progress.summary("");
    for (const line of summary.format(options.lang)) progress.summary(line);
    if (failed.length > 0) {
      progress.error("");
      progress.error(words.failedAccountsHeader(failed.length));
      for (const f of failed) {
        progress.error(words.failedAccount(f.account.name, f.account.id, f.stage, f.reason));
      }
    }
    if (wasInterrupted) {
      progress.error("");
      progress.error(words.interrupted(audited + failed.length + skipped, interrupted));
      return ExitCode.Interrupted;
    }
    return failed.length > 0 ? ExitCode.PartialFailure : ExitCode.Ok;
  } catch (e) {
    progress.stop();
    // A failure after the reports were opened (the organization's listing broke off): what was
    // written is complete per account, and kept, named partial.
    await reports?.close({ partial: true }).catch(() => undefined);
    if (e instanceof InterruptedError) {
      progress.error(words.interrupted(0, 0));
      return ExitCode.Interrupted;
    }
    return fail(e, options.debug);
  } finally {
    progress.stop();
    stopSignals();
    clients.destroy();
  }
}

/** Pulls the first account before any report is created, so that a denied organization fails cleanly. */
async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

/** Stops taking accounts once the run is interrupted. */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  try {
    for await (const item of source) {
      if (signal.aborted) return;
      yield item;
    }
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
  }
}

/**
 * Calls `onFirst` on the first SIGINT or SIGTERM; a second one exits at once with code 130.
 *
 * @returns a function that removes the listeners
 */
function onInterrupt(onFirst: () => void): () => void {
  let count = 0;
  const handler = () => {
    if (++count > 1) Deno.exit(ExitCode.Interrupted);
    onFirst();
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, handler);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, handler);
  };
}

async function checkOutputDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new AuditError(
        "output-dir",
        `--output-dir "${dir}" does not exist: create it or choose another folder.`,
      );
    }
    throw new AuditError(
      "output-dir",
      `--output-dir "${dir}" cannot be read (${e instanceof Error ? e.message : e}): choose another folder.`,
      { cause: e },
    );
  }
  if (!info.isDirectory) throw new AuditError("output-dir", `--output-dir "${dir}" is not a folder.`);
  // Find out now, not after the organization was listed, that the reports cannot be written.
  try {
    await Deno.remove(await Deno.makeTempFile({ dir, prefix: ".iam-audit-check-" }));
  } catch (e) {
    throw new AuditError(
      "output-dir",
      `--output-dir "${dir}" is not writable (${e instanceof Error ? e.message : e}): choose another folder.`,
      { cause: e },
    );
  }
}

function fail(e: unknown, debug: boolean): number {
  if (e instanceof AuditError) {
    console.error(`iam-audit: ${e.message}`);
    if (debug && e.cause) console.error(e.cause);
    return e.exitCode;
  }
  console.error(`iam-audit: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
  if (debug) console.error(e);
  else console.error("Run again with --debug to see the details, and report it.");
  return ExitCode.CouldNotStart;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}

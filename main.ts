/**
 * iam-audit: audits IAM users and access keys across every account of an AWS Organization and writes
 * reports a security team can act on.
 *
 * The only module that reads `Deno.args`, prints and exits. It reads like the pipeline:
 * flags → caller → accounts → sessions → users, keys and events → reports → summary.
 *
 * @module
 */
import { join } from "node:path";
import denoJson from "./deno.json" with { type: "json" };
import { listAccounts } from "./lib/accounts.ts";
import { helpText, type Options, parseOptions } from "./lib/args.ts";
import { auditAccounts } from "./lib/audit.ts";
import { CallStats, ClientFactory } from "./lib/aws_clients.ts";
import { resolveCaller } from "./lib/caller.ts";
import { DEFAULT_EVENT_NAMES } from "./lib/cloudtrail.ts";
import { CsvReport } from "./lib/csv_report.ts";
import { fileTimestamp } from "./lib/dates.ts";
import { AuditError, ExitCode } from "./lib/errors.ts";
import { messagesFor } from "./lib/messages.ts";
import type { AccountResult, OrgAccount } from "./lib/records.ts";
import {
  ACCOUNT_COLUMNS,
  accountRow,
  countKeys,
  EVENT_COLUMNS,
  eventRow,
  IAM_COLUMNS,
  iamRows,
} from "./lib/rows.ts";

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
  for (const since of options.warnings) console.error(words.sinceOlderThanHistory(since));

  const clients = new ClientFactory({
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeout * 1000,
    maxSockets: Math.max(16, options.concurrency * options.userConcurrency * 2),
  });
  try {
    await checkOutputDir(options.outputDir);
    const caller = await resolveCaller(clients, options.profile, options.region);
    const org = clients.organizations(caller.credentials, new CallStats());
    const accounts = await primed(listAccounts(org));

    const stamp = fileTimestamp(startedAt);
    const iamReport = await createReport(options.outputDir, `iam_audit_report_${stamp}.csv`, IAM_COLUMNS);
    const eventsReport = await createReport(
      options.outputDir,
      `cloudtrail_events_${stamp}.csv`,
      EVENT_COLUMNS,
    );
    const accountsReport = await createReport(options.outputDir, `accounts_${stamp}.csv`, ACCOUNT_COLUMNS);

    let keys = 0;
    const failed: Extract<AccountResult, { kind: "failed" }>[] = [];
    let skipped = 0;
    let audited = 0;
    const results = auditAccounts(accounts, {
      caller,
      clients,
      session: {
        role: options.role,
        sessionName: "SecurityAudit",
        region: options.region,
        iamRps: options.iamRps,
        cloudTrailRps: options.cloudTrailRps,
      },
      concurrency: options.concurrency,
      userConcurrency: options.userConcurrency,
      eventNames: DEFAULT_EVENT_NAMES,
      window: { since: options.since, until: options.until },
      onAccountStart: (a: OrgAccount) => console.log(words.auditingAccount(a.name, a.id)),
      onCloudTrailStart: (a: OrgAccount) => console.log(words.queryingCloudTrail(a.name, a.id)),
    });
    for await (const result of results) {
      if (result.kind === "skipped") skipped++;
      else {
        await iamReport.write(
          result.users.flatMap((user) => iamRows(result.account, user, words, startedAt)),
        );
        await eventsReport.write(result.events.map((event) => eventRow(result.account, event)));
        keys += countKeys(result.users);
        if (result.kind === "failed") failed.push(result);
        else audited++;
      }
      await accountsReport.write([accountRow(result)]);
    }
    for (const report of [iamReport, eventsReport, accountsReport]) report.close();

    console.log("");
    console.log(keys > 0 ? words.totalKeys(keys) : words.noKeysFound);
    console.log(words.reportExported(iamReport.path));
    console.log("");
    console.log(words.totalEvents(eventsReport.rows));
    console.log(words.eventsReportExported(eventsReport.path));
    console.log("");
    console.log(words.allAudited(audited));
    if (skipped > 0) console.log(words.skippedAccounts(skipped));
    console.log(words.accountsReportExported(accountsReport.path));
    if (failed.length > 0) {
      console.error("");
      console.error(words.failedAccountsHeader(failed.length));
      for (const f of failed) {
        console.error(words.failedAccount(f.account.name, f.account.id, f.stage, f.reason));
      }
      return ExitCode.PartialFailure;
    }
    return ExitCode.Ok;
  } catch (e) {
    return fail(e, options.debug);
  } finally {
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

async function checkOutputDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new AuditError(
      "output-dir",
      `--output-dir "${dir}" does not exist: create it or choose another folder.`,
    );
  }
  if (!info.isDirectory) throw new AuditError("output-dir", `--output-dir "${dir}" is not a folder.`);
}

async function createReport(dir: string, name: string, columns: readonly string[]): Promise<CsvReport> {
  const path = join(dir, name);
  try {
    return await CsvReport.create(path, columns);
  } catch (e) {
    const why = e instanceof Deno.errors.AlreadyExists
      ? "it already exists"
      : e instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new AuditError(
      "output-dir",
      `Cannot create the report "${path}" (${why}): choose a writable --output-dir.`,
      {
        cause: e,
      },
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

/**
 * The run's report files, opened together with one timestamp, written one account at a time, and
 * closed together — renamed `*.partial.*` when the run was interrupted.
 *
 * @module
 */
import { join } from "node:path";
import { AuditError } from "../errors/audit_error.ts";
import type { FileProblem, Words } from "../i18n/words.ts";
import type { AssessedAccount } from "../model/assessment.ts";
import type { RunTally } from "../model/tally.ts";
import { ACCOUNT_REPORT, EVENT_REPORT, type EventRow, IAM_REPORT, type ReportShape } from "./columns.ts";
import { CsvReport } from "./csv.ts";
import { HtmlReport, type HtmlRunInfo } from "./html/report.ts";
import { JsonlReport } from "./jsonl.ts";

/** Format of the tabular reports. */
export type ReportFormat = "csv" | "jsonl";

/** One open tabular report, whatever its format. */
export interface TableReport<R> {
  readonly path: string;
  readonly rows: number;
  write(records: readonly R[]): Promise<void>;
  close(): void;
}

/** Where the reports ended up. */
export interface ReportPaths {
  iam: string;
  events: string;
  accounts: string;
  /** The HTML report, when one was written. */
  html?: string;
}

/** The run's reports. */
export interface ReportSet {
  /**
   * Writes one account to every report.
   *
   * @param account the account, assessed
   */
  add(account: AssessedAccount): Promise<void>;
  /**
   * Closes every file (each holds only complete rows) and, for an interrupted run, renames them
   * `NAME.partial.EXT`.
   *
   * @param options.partial whether the run was interrupted
   * @param options.tally the run's tally, for the HTML report's numbers
   * @returns the final paths
   */
  close(options: { partial: boolean; tally: RunTally }): Promise<ReportPaths>;
}

/**
 * Creates the report files: `iam_audit_report_STAMP`, `cloudtrail_events_STAMP` and `accounts_STAMP`,
 * with the format's extension, mode 0600, refusing to overwrite.
 *
 * @param dir the output folder
 * @param stamp the run's timestamp, `YYYYMMDD_HHMMSS`
 * @param format `csv` or `jsonl`
 * @param words the language of the reports' words
 * @param html the run's description for the HTML report `iam_audit_report_STAMP.html`; none: no HTML
 * @returns the open reports
 * @throws {AuditError} `output-dir` when a file cannot be created
 */
export async function openReports(
  dir: string,
  stamp: string,
  format: ReportFormat,
  words: Words,
  html?: HtmlRunInfo,
): Promise<ReportSet> {
  const open = <R>(name: string, shape: ReportShape<R>): Promise<TableReport<R>> =>
    create(
      join(dir, `${name}_${stamp}.${format}`),
      (path) =>
        format === "csv"
          ? CsvReport.create(path, shape, words) as Promise<TableReport<R>>
          : JsonlReport.create(path, shape, words),
    );
  const iam = await open("iam_audit_report", IAM_REPORT);
  const events = await open<EventRow>("cloudtrail_events", EVENT_REPORT);
  const accounts = await open("accounts", ACCOUNT_REPORT);
  const files = [iam, events, accounts];
  const page = html
    ? await create(
      join(dir, `iam_audit_report_${stamp}.html`),
      (path) => HtmlReport.create(path, html, words),
    )
    : undefined;
  return {
    async add(account) {
      await iam.write(account.iam);
      await events.write(account.events.map((event) => ({ account: account.account, event })));
      await accounts.write([account]);
      await page?.addAccount(account);
    },
    async close({ partial, tally }) {
      for (const file of files) file.close();
      await page?.close({ interrupted: partial, tally });
      const paths = files.map((f) => f.path);
      if (page) paths.push(page.path);
      if (partial) {
        for (const [i, path] of paths.entries()) {
          paths[i] = path.replace(/\.(\w+)$/, ".partial.$1");
          await Deno.rename(path, paths[i]);
        }
      }
      return { iam: paths[0], events: paths[1], accounts: paths[2], html: page ? paths[3] : undefined };
    },
  };
}

async function create<T>(path: string, open: (path: string) => Promise<T>): Promise<T> {
  try {
    return await open(path);
  } catch (e) {
    const problem: FileProblem = e instanceof Deno.errors.AlreadyExists
      ? { alreadyExists: true }
      : e instanceof Deno.errors.PermissionDenied
      ? { permissionDenied: true }
      : { other: e instanceof Error ? e.message : String(e) };
    throw new AuditError("output-dir", (w) => w.errors.reportNotCreated(path, problem), { cause: e });
  }
}

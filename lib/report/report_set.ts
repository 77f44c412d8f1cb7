/**
 * The run's report files, opened together with one timestamp, written one account at a time, and
 * closed together — renamed `*.partial.*` when the run was interrupted.
 *
 * @module
 */
import { join } from "node:path";
import { CsvReport, type Row } from "./csv.ts";
import { AuditError } from "../errors/audit_error.ts";
import { JsonlReport } from "./jsonl.ts";
import {
  ACCOUNT_COLUMNS,
  type AccountRow,
  EVENT_COLUMNS,
  type EventRow,
  IAM_COLUMNS,
  type IamRow,
} from "./rows.ts";
import type { FindingScope } from "../model/findings.ts";
import { HtmlReport, type HtmlRunInfo } from "./html/report.ts";

/** Format of the tabular reports. */
export type ReportFormat = "csv" | "jsonl";

/** One open report file, whatever its format. */
export interface ReportFile {
  readonly path: string;
  readonly rows: number;
  write(rows: readonly Row[]): Promise<void>;
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
  iam: ReportFile;
  events: ReportFile;
  accounts: ReportFile;
  /**
   * Writes one account's rows to every report.
   *
   * @param account the account's row
   * @param iam its IAM rows
   * @param events its CloudTrail rows
   */
  add(account: AccountRow, iam: readonly IamRow[], events: readonly EventRow[]): Promise<void>;
  /**
   * Closes every file (each holds only complete rows) and, for an interrupted run, renames them
   * `NAME.partial.EXT`.
   *
   * @param options.partial whether the run was interrupted
   * @returns the final paths
   */
  close(options: { partial: boolean }): Promise<ReportPaths>;
}

/**
 * Creates the report files: `iam_audit_report_STAMP`, `cloudtrail_events_STAMP` and `accounts_STAMP`,
 * with the format's extension, mode 0600, refusing to overwrite.
 *
 * @param dir the output folder
 * @param stamp the run's timestamp, `YYYYMMDD_HHMMSS`
 * @param format `csv` or `jsonl`
 * @param html the run's description for the HTML report `iam_audit_report_STAMP.html`; none: no HTML
 * @returns the open reports
 * @throws {AuditError} `output-dir` when a file cannot be created
 */
export async function openReports(
  dir: string,
  stamp: string,
  format: ReportFormat,
  html?: HtmlRunInfo,
): Promise<ReportSet> {
  const open = (name: string, columns: readonly string[], scopes: FindingScope[]) =>
    createFile(join(dir, `${name}_${stamp}.${format}`), columns, scopes, format);
  const iam = await open("iam_audit_report", IAM_COLUMNS, ["key", "user"]);
  const events = await open("cloudtrail_events", EVENT_COLUMNS, []);
  const accounts = await open("accounts", ACCOUNT_COLUMNS, ["account"]);
  const files = [iam, events, accounts];
  const page = html ? await createHtml(join(dir, `iam_audit_report_${stamp}.html`), html) : undefined;
  return {
    iam,
    events,
    accounts,
    async add(account, iamRows, eventRows) {
      await iam.write(iamRows);
      await events.write(eventRows);
      await accounts.write([account]);
      await page?.addAccount(account, iamRows, eventRows);
    },
    async close({ partial }) {
      for (const file of files) file.close();
      await page?.close({ interrupted: partial });
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

async function createHtml(path: string, run: HtmlRunInfo): Promise<HtmlReport> {
  try {
    return await HtmlReport.create(path, run);
  } catch (e) {
    throw cannotCreate(path, e);
  }
}

async function createFile(
  path: string,
  columns: readonly string[],
  scopes: FindingScope[],
  format: ReportFormat,
): Promise<ReportFile> {
  try {
    return format === "csv"
      ? await CsvReport.create(path, columns)
      : await JsonlReport.create(path, columns, scopes);
  } catch (e) {
    throw cannotCreate(path, e);
  }
}

function cannotCreate(path: string, e: unknown): AuditError {
  const why = e instanceof Deno.errors.AlreadyExists
    ? "it already exists"
    : e instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : e instanceof Error
    ? e.message
    : String(e);
  return new AuditError(
    "output-dir",
    `Cannot create the report "${path}" (${why}): choose a writable --output-dir.`,
    { cause: e },
  );
}

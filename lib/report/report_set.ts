/**
 * The run's report files and their lifecycle, which keeps one promise: **a file under its final name
 * is complete.**
 *
 * - Every report is created under a partial name first (`accounts_STAMP.partial.csv`), all of them or
 *   none (when one cannot be created, those already created are removed).
 * - Each account is written to every report or to none: when a write fails (a full disk), every file
 *   is cut back to where it stood before the account, so each ends at a row boundary.
 * - Only a run that completed renames its reports to their final names, never over an existing file
 *   (a name taken gets a `-2`, `-3`, ... suffix). An interrupted, failed or killed run leaves partial
 *   names.
 *
 * @module
 */
import { join } from "node:path";
import { AuditError } from "../errors/audit_error.ts";
import type { FileProblem, Words } from "../i18n/words.ts";
import type { AssessedAccount } from "../model/assessment.ts";
import type { RunTally } from "../model/tally.ts";
import {
  ACCOUNT_REPORT,
  CREDENTIAL_REPORT,
  EVENT_REPORT,
  type EventRow,
  IAM_REPORT,
  type ReportShape,
} from "./columns.ts";
import { CsvReport } from "./csv.ts";
import { HtmlReport, type HtmlRunInfo } from "./html/report.ts";
import { JsonlReport } from "./jsonl.ts";
import type { Checkpoint } from "./report_file.ts";

/** Format of the tabular reports. */
export type ReportFormat = "csv" | "jsonl";

/** One open tabular report, whatever its format. */
export interface TableReport<R> {
  readonly path: string;
  readonly rows: number;
  write(records: readonly R[]): Promise<void>;
  checkpoint(): Checkpoint;
  restore(checkpoint: Checkpoint): Promise<void>;
  close(): void;
}

/** Where the reports ended up. */
export interface ReportPaths {
  iam: string;
  events: string;
  accounts: string;
  credentials: string;
  /** The HTML report, when one was written. */
  html?: string;
  /** Whether they kept their partial names. */
  partial: boolean;
}

/** The run's reports. */
export interface ReportSet {
  /**
   * Writes one account to every report, or to none.
   *
   * @param account the account, assessed
   * @throws {AuditError} `reports-unwritable` naming the file and the system's reason; every report
   *   then ends where it did before the account
   */
  add(account: AssessedAccount): Promise<void>;
  /**
   * Closes every file, renaming them to their final names when the run completed.
   *
   * @param options.complete whether the run completed (not interrupted, nothing failed to list or write)
   * @param options.tally the run's tally, for the HTML report's numbers
   * @returns where the reports are
   */
  close(options: { complete: boolean; tally: RunTally }): Promise<ReportPaths>;
}

/** The infix of a report's name until the run completes. */
export const PARTIAL = ".partial";

/**
 * Creates the report files, under partial names: `iam_audit_report_STAMP.partial.EXT`,
 * `cloudtrail_events_STAMP.partial.EXT`, `accounts_STAMP.partial.EXT`, `credentials_STAMP.partial.EXT`
 * and, unless no HTML is asked for, `iam_audit_report_STAMP.partial.html`; mode 0600, never over an
 * existing file.
 *
 * @param dir the output folder
 * @param stamp the run's timestamp, `YYYYMMDD_HHMMSS`
 * @param format `csv` or `jsonl`
 * @param words the language of the reports' words
 * @param html the run's description for the HTML report; none: no HTML
 * @returns the open reports
 * @throws {AuditError} `output-dir` when a file cannot be created (the others are then removed)
 */
export async function openReports(
  dir: string,
  stamp: string,
  format: ReportFormat,
  words: Words,
  html?: HtmlRunInfo,
): Promise<ReportSet> {
  const created: { path: string; abandon(): void }[] = [];
  const create = async <T extends { path: string }>(
    name: string,
    ext: string,
    open: (path: string) => Promise<T>,
    abandon: (report: T) => void,
  ): Promise<T> => {
    const path = join(dir, `${name}_${stamp}${PARTIAL}.${ext}`);
    try {
      const report = await open(path);
      created.push({ path, abandon: () => abandon(report) });
      return report;
    } catch (e) {
      // All or none: a set without one of its reports would look like a run that found nothing.
      for (const report of created) {
        report.abandon();
        await Deno.remove(report.path).catch(() => undefined);
      }
      throw new AuditError("output-dir", (w) => w.errors.reportNotCreated(path, fileProblem(e)), {
        cause: e,
      });
    }
  };
  const table = <R>(name: string, shape: ReportShape<R>): Promise<TableReport<R>> =>
    create(
      name,
      format,
      (path) =>
        format === "csv"
          ? CsvReport.create(path, shape, words) as Promise<TableReport<R>>
          : JsonlReport.create(path, shape, words),
      (report) => report.close(),
    );
  const iam = await table("iam_audit_report", IAM_REPORT);
  const events = await table<EventRow>("cloudtrail_events", EVENT_REPORT);
  const accounts = await table("accounts", ACCOUNT_REPORT);
  const credentials = await table("credentials", CREDENTIAL_REPORT);
  const page = html
    ? await create(
      "iam_audit_report",
      "html",
      (path) => HtmlReport.create(path, html, words),
      (r) => r.abandon(),
    )
    : undefined;
  const tables: TableReport<never>[] = [iam, events, accounts, credentials] as TableReport<never>[];
  const all: { checkpoint(): Checkpoint; restore(c: Checkpoint): Promise<void> }[] = page
    ? [...tables, page]
    : tables;
  return {
    async add(account) {
      const before = all.map((r) => r.checkpoint());
      const step = async (path: string, write: () => Promise<void>) => {
        try {
          await write();
        } catch (e) {
          // Every report back to where it stood: the account is in all of them or in none.
          await Promise.all(all.map((r, i) => r.restore(before[i]).catch(() => undefined)));
          const reason = e instanceof Error ? e.message : String(e);
          throw new AuditError("reports-unwritable", (w) => w.errors.reportWriteFailed(path, reason), {
            cause: e,
          });
        }
      };
      await step(iam.path, () => iam.write(account.iam));
      await step(
        events.path,
        () => events.write(account.events.map((event) => ({ account: account.account, event }))),
      );
      await step(accounts.path, () => accounts.write([account]));
      await step(credentials.path, () => credentials.write(account.credentials));
      if (page) await step(page.path, () => page.addAccount(account));
    },
    async close({ complete, tally }) {
      for (const table of tables) table.close();
      let pageClosed = true;
      await page?.close({ interrupted: !complete, tally }).catch(() => {
        // The page's end could not be written (a full disk): it stays partial, like the others.
        pageClosed = false;
        page.abandon();
      });
      const paths = [...tables.map((t) => t.path), ...(page ? [page.path] : [])];
      const final = complete && pageClosed ? await Promise.all(paths.map(publish)) : paths;
      return {
        iam: final[0],
        events: final[1],
        accounts: final[2],
        credentials: final[3],
        html: page ? final[4] : undefined,
        partial: !(complete && pageClosed),
      };
    },
  };
}

/**
 * Renames a report from its partial name to its final one, never over an existing file: a hard link
 * (which fails if the name is taken) then the partial name removed; where links are not supported, a
 * check then a rename.
 *
 * @param partial the report's partial path
 * @returns its final path
 */
export async function publish(partial: string): Promise<string> {
  const base = partial.replace(`${PARTIAL}.`, ".");
  const dot = base.lastIndexOf(".");
  for (let n = 1;; n++) {
    const target = n === 1 ? base : `${base.slice(0, dot)}-${n}${base.slice(dot)}`;
    try {
      await Deno.link(partial, target);
      await Deno.remove(partial);
      return target;
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) continue;
      if (await exists(target)) continue;
      // No hard links here (some network and FAT file systems): the next best thing.
      await Deno.rename(partial, target);
      return target;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

function fileProblem(e: unknown): FileProblem {
  return e instanceof Deno.errors.AlreadyExists
    ? { alreadyExists: true }
    : e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable
    ? { permissionDenied: true }
    : { other: e instanceof Error ? e.message : String(e) };
}

/**
 * The reports' paths, for a message.
 *
 * @param paths where the reports are
 * @returns the paths, the HTML report's last
 */
export function partialPaths(paths: ReportPaths): string[] {
  return [paths.iam, paths.events, paths.accounts, paths.credentials, ...(paths.html ? [paths.html] : [])];
}

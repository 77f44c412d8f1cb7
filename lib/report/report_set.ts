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
import { basename, join } from "node:path";
import { AuditError } from "../errors/audit_error.ts";
import type { FileProblem, Words } from "../i18n/words.ts";
import type { AssessedAccount } from "../model/assessment.ts";
import type { RunTally } from "../model/tally.ts";
import type { Change } from "../compare/diff.ts";
import type { AccountComparison } from "../compare/run_comparison.ts";
import type { SeenTimes } from "./ocsf.ts";
import type { ChangeTally } from "../compare/change_tally.ts";
import {
  ACCOUNT_REPORT,
  CHANGE_REPORT,
  CREDENTIAL_REPORT,
  EVENT_REPORT,
  type EventRow,
  IAM_REPORT,
  type ReportShape,
} from "./columns.ts";
import { CsvReport } from "./csv.ts";
import { HtmlReport, type HtmlRunInfo } from "./html/report.ts";
import { JsonlReport } from "./jsonl.ts";
import { type ManifestInput, manifestOf } from "./manifest.ts";
import { type Checkpoint, ReportFile } from "./report_file.ts";

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
  /** The changes since the earlier run, with `--compare-with`. */
  changes?: string;
  /** The findings in OCSF, with `--ocsf`. */
  ocsf?: string;
  /**
   * The run's manifest; none when it could not be written at the end of a completed run (the reports
   * are complete, a later `--compare-with` reads them without it).
   */
  manifest?: string;
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
   * @param compared with `--compare-with`: its changes since the earlier run, and when its findings were
   *   first seen
   * @throws {AuditError} `reports-unwritable` naming the file and the system's reason; every report
   *   then ends where it did before the account
   */
  add(account: AssessedAccount, compared?: AccountComparison): Promise<void>;
  /**
   * Writes changes that belong to no account of this run (accounts it did not see, what the runs'
   * settings leave uncompared).
   *
   * @param changes the changes
   * @throws {AuditError} `reports-unwritable`; the changes report then ends where it did before
   */
  addChanges(changes: readonly Change[]): Promise<void>;
  /**
   * Closes every file, renaming them to their final names when the run completed; the manifest, last,
   * names them.
   *
   * @param options.complete whether the run completed (not interrupted, nothing failed to list or write)
   * @param options.tally the run's tally, for the HTML report's numbers
   * @param options.changes the comparison's tally, for the HTML report's section on it
   * @returns where the reports are
   */
  close(options: { complete: boolean; tally: RunTally; changes?: ChangeTally }): Promise<ReportPaths>;
}

/** What the run's reports are, besides the four tabular ones and the manifest. */
export interface ReportOptions {
  /** The output folder. */
  dir: string;
  /** The run's timestamp, `YYYYMMDD_HHMMSS`. */
  stamp: string;
  format: ReportFormat;
  /** The language of the reports' words. */
  words: Words;
  /** What the run was asked to do, for its manifest. */
  manifest: ManifestInput;
  /** The run's description for the HTML report; none: no HTML. */
  html?: HtmlRunInfo;
  /** Write the changes report (`--compare-with`). */
  changes: boolean;
  /**
   * Write the findings in OCSF (`--ocsf`): each account's records, as JSON objects, given when its
   * findings were first seen (with `--compare-with`).
   */
  ocsf?: (account: AssessedAccount, seen?: (uid: string) => SeenTimes | undefined) => readonly object[];
}

/** The infix of a report's name until the run completes. */
export const PARTIAL = ".partial";

/**
 * Creates the report files, under partial names: `iam_audit_report_STAMP.partial.EXT`,
 * `cloudtrail_events_STAMP.partial.EXT`, `accounts_STAMP.partial.EXT`, `credentials_STAMP.partial.EXT`,
 * `run_STAMP.partial.json` (the manifest) and, as asked, `changes_STAMP.partial.EXT`,
 * `findings_STAMP.partial.ocsf.jsonl` and `iam_audit_report_STAMP.partial.html`; mode 0600, never over
 * an existing file.
 *
 * @param options where, in which format and language, and which reports
 * @returns the open reports
 * @throws {AuditError} `output-dir` when a file cannot be created (the others are then removed)
 */
export async function openReports(options: ReportOptions): Promise<ReportSet> {
  const { dir, stamp, format, words, html } = options;
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
  const changes = options.changes ? await table("changes", CHANGE_REPORT) : undefined;
  const ocsfOf = options.ocsf;
  const ocsf = ocsfOf
    ? await create("findings", "ocsf.jsonl", (path) => ReportFile.create(path), (f) => f.close())
    : undefined;
  const manifest = await create("run", "json", (path) => ReportFile.create(path), (f) => f.close());
  const writeManifest = async (complete: boolean, files: Record<string, string | undefined>) => {
    await manifest.rollback(0);
    await manifest.write(
      JSON.stringify({ ...manifestOf(options.manifest, complete), files }, null, 2) + "\n",
    );
  };
  await writeManifest(false, {}).catch(async (e) => {
    for (const report of created) {
      report.abandon();
      await Deno.remove(report.path).catch(() => undefined);
    }
    throw new AuditError("output-dir", (w) => w.errors.reportNotCreated(manifest.path, fileProblem(e)), {
      cause: e,
    });
  });
  const page = html
    ? await create(
      "iam_audit_report",
      "html",
      (path) => HtmlReport.create(path, html, words),
      (r) => r.abandon(),
    )
    : undefined;
  const tables = [iam, events, accounts, credentials, ...(changes ? [changes] : [])] as TableReport<never>[];
  const rewindable = ocsf ? [...tables, fileCheckpoints(ocsf)] : tables;
  const all: { checkpoint(): Checkpoint; restore(c: Checkpoint): Promise<void> }[] = page
    ? [...rewindable, page]
    : rewindable;
  const guarded = async (
    work: (step: (path: string, write: () => Promise<void>) => Promise<void>) => Promise<void>,
  ) => {
    const before = all.map((r) => r.checkpoint());
    await work(async (path, write) => {
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
    });
  };
  return {
    add: (account, compared) =>
      guarded(async (step) => {
        await step(iam.path, () => iam.write(account.iam));
        await step(
          events.path,
          () => events.write(account.events.map((event) => ({ account: account.account, event }))),
        );
        await step(accounts.path, () => accounts.write([account]));
        await step(credentials.path, () => credentials.write(account.credentials));
        if (changes) await step(changes.path, () => changes.write(compared?.changes ?? []));
        if (ocsf && ocsfOf) {
          const records = ocsfOf(account, compared?.seen);
          await step(ocsf.path, () => ocsf.write(records.map((r) => JSON.stringify(r) + "\n").join("")));
        }
        if (page) await step(page.path, () => page.addAccount(account));
      }),
    addChanges: (more) =>
      guarded(async (step) => {
        if (changes) await step(changes.path, () => changes.write(more));
      }),
    async close({ complete, tally, changes: changeTally }) {
      for (const table of tables) table.close();
      ocsf?.close();
      let pageClosed = true;
      await page?.close({ interrupted: !complete, tally, changes: changeTally }).catch(() => {
        // The page's end could not be written (a full disk): it stays partial, like the others.
        pageClosed = false;
        page.abandon();
      });
      const named = {
        iam: iam.path,
        events: events.path,
        accounts: accounts.path,
        credentials: credentials.path,
        changes: changes?.path,
        ocsf: ocsf?.path,
        html: page?.path,
      };
      const published = complete && pageClosed;
      const final: typeof named = { ...named };
      if (published) {
        for (const [key, path] of Object.entries(named) as [keyof typeof named, string | undefined][]) {
          if (path) final[key] = await publish(path);
        }
      }
      // The manifest last, naming the files as they ended up: a complete one means a complete run.
      const files = Object.fromEntries(
        Object.entries(final).filter(([, path]) => path).map(([key, path]) => [key, basename(path!)]),
      );
      let manifestPath: string | undefined = manifest.path;
      try {
        await writeManifest(published, files);
        manifest.close();
        if (published) manifestPath = await publish(manifest.path);
      } catch {
        manifest.close();
        if (published) {
          // The reports are complete under their names; a manifest cut short would only mislead.
          await Deno.remove(manifest.path).catch(() => undefined);
          manifestPath = undefined;
        }
      }
      return { ...final, manifest: manifestPath, partial: !published };
    },
  };
}

/** A raw report file as something the all-or-none writes can go back on. */
function fileCheckpoints(file: ReportFile) {
  return {
    checkpoint: (): Checkpoint => ({ size: file.size, rows: 0 }),
    restore: (c: Checkpoint) => file.rollback(c.size),
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
  // The `-N` goes after the stamp: `findings_STAMP-2.ocsf.jsonl`.
  const dot = base.length - basename(base).length + basename(base).indexOf(".");
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
  const { iam, events, accounts, credentials, changes, ocsf, manifest, html } = paths;
  return [iam, events, accounts, credentials, changes, ocsf, manifest, html].filter((p): p is string =>
    p !== undefined
  );
}

/**
 * What the console prints when a run ends, from the run's tally: the totals and report files (the
 * original tool's lines), the findings per code with the accounts that have the most, the accounts
 * that could not be audited, and how an interrupted run ended.
 *
 * @module
 */
import type { Words } from "../i18n/words.ts";
import { CIS_BENCHMARKS, cisOf, type CisVersion, FINDING_CODES, FINDINGS } from "../model/findings.ts";
import type { RunTally } from "../model/tally.ts";
import { failureText } from "../report/columns.ts";
import type { ReportPaths } from "../report/report_set.ts";
import type { ChangeTally } from "../compare/change_tally.ts";
import { readableUtc } from "../util/dates.ts";

/** How many accounts the console's ranking shows. */
export const CONSOLE_TOP_ACCOUNTS = 10;

/** Where the end of a run is printed: stdout lines (`summary` hidden by `--quiet`) and stderr. */
export interface SummaryOutput {
  /** A line shown unless `--quiet`. */
  summary(line: string): void;
  /** A line shown even with `--quiet` (the report files). */
  result(line: string): void;
  /** A line on standard error. */
  error(line: string): void;
}

/**
 * Prints the end of a run.
 *
 * @param out where to print
 * @param tally the run's tally
 * @param paths where the reports are
 * @param words the run's language
 * @param options.interrupted whether the run was interrupted
 * @param options.cis the CIS version the findings cite
 * @param options.changes what changed since the earlier run (`--compare-with`)
 */
export function printRunEnd(
  out: SummaryOutput,
  tally: RunTally,
  paths: ReportPaths,
  words: Words,
  options: { interrupted: boolean; cis: CisVersion; changes?: ChangeTally },
): void {
  const interrupted = options.interrupted;
  const w = words.console;
  out.summary("");
  out.summary(tally.keys > 0 ? w.totalKeys(tally.keys) : w.noKeysFound);
  out.result(w.reportExported(paths.iam));
  out.summary("");
  out.summary(w.totalEvents(tally.events));
  out.result(w.eventsReportExported(paths.events));
  out.summary("");
  out.summary(w.totalCredentials(Object.values(tally.credentials).reduce((n, k) => n + k.total, 0)));
  out.result(w.credentialsReportExported(paths.credentials));
  out.summary("");
  out.summary(w.allAudited(tally.outcomes.audited));
  if (tally.outcomes.skipped > 0) out.summary(w.skippedAccounts(tally.outcomes.skipped));
  out.result(w.accountsReportExported(paths.accounts));
  if (paths.html) out.result(w.htmlReportExported(paths.html));
  if (paths.ocsf) out.result(w.ocsfReportExported(paths.ocsf));
  if (!paths.partial && !paths.manifest) out.error(w.manifestNotWritten);
  out.summary("");
  for (const line of findingsSummary(tally, words, options.cis)) out.summary(line);
  if (options.changes) {
    out.summary("");
    for (const line of changesSummary(options.changes, words)) out.summary(line);
  }
  if (paths.changes) out.result(w.changesReportExported(paths.changes));
  if (tally.failed.length > 0) {
    out.error("");
    out.error(w.failedAccountsHeader(tally.failed.length));
    for (const f of tally.failed) {
      out.error(w.failedAccount(f.account.name, f.account.id, f.stage, failureText(f.issues, words)));
    }
  }
  if (interrupted) {
    const o = tally.outcomes;
    out.error("");
    out.error(w.interrupted(o.audited + o.failed + o.skipped, o.interrupted));
  }
}

/**
 * The findings summary: per code, how many keys, users and accounts it concerns, then the accounts
 * with the most findings.
 *
 * @param tally the run's tally
 * @param words the run's language
 * @param cis the CIS version whose numbers are cited (a finding it does not have is iam-audit's own)
 * @returns the lines, without trailing newlines
 */
export function findingsSummary(tally: RunTally, words: Words, cis: CisVersion): string[] {
  const t = words.summary;
  const found = FINDING_CODES.filter((code) => tally.findings.get(code)!.accounts > 0);
  const title = t.title(CIS_BENCHMARKS[cis]);
  if (found.length === 0) return [`${title}: ${t.none}`];
  const width = Math.max(...found.map((c) => c.length));
  const refs = found.map((code) => {
    const id = cisOf(code, cis);
    return id === undefined ? t.own : `CIS ${id}`;
  });
  const refWidth = Math.max(...refs.map((r) => r.length));
  const lines = [`${title}:`];
  found.forEach((code, i) => {
    const c = tally.findings.get(code)!;
    const scope = FINDINGS[code].scope;
    const parts = scope === "key"
      ? [`${t.keys}: ${c.keys}`]
      : scope === "credential"
      ? [`${t.credentials}: ${c.credentials}`]
      : [];
    if (scope === "key" || scope === "credential" || scope === "user") parts.push(`${t.users}: ${c.users}`);
    parts.push(`${t.accounts}: ${c.accounts}`);
    lines.push(`  ${code.padEnd(width)}  ${refs[i].padEnd(refWidth)}  ${parts.join("  ")}`);
  });
  lines.push(t.top);
  for (const a of tally.topAccounts.slice(0, CONSOLE_TOP_ACCOUNTS)) {
    lines.push(`  ${a.account.name} (${a.account.id}): ${a.total}`);
  }
  return lines;
}

/**
 * The comparison's summary: the changes counted by kind, the most severe, and what was not compared.
 *
 * @param changes the comparison's tally
 * @param words the run's language
 * @returns the lines, without trailing newlines
 */
export function changesSummary(changes: ChangeTally, words: Words): string[] {
  const c = words.changes;
  const lines = [c.title(readableUtc(changes.since), changes.total)];
  if (changes.total === 0) lines.push(`  ${c.none}`);
  const counted = changes.byKind.map(([kind, n]) => [c.kinds[kind], n] as const);
  const width = Math.max(0, ...counted.map(([label]) => label.length));
  for (const [label, n] of counted) lines.push(`  ${label.padEnd(width)}  ${n}`);
  if (changes.worst.length > 0) {
    lines.push(c.worst);
    const severities = words.html.severities;
    for (const change of changes.worst) {
      lines.push(`  [${severities[change.severity]}] ${c.describe(change)}`);
    }
  }
  for (const [reason, n] of changes.notComparedByReason) lines.push(`  ${c.notCompared[reason](n)}`);
  return lines;
}

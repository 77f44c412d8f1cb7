/**
 * The self-contained HTML report: one file that opens anywhere, offline, and loads nothing.
 *
 * It is written like the CSV reports, as accounts finish: each account's rows go into the file at once
 * as a `<script type="application/json">` block (inert data, never executed), and only small aggregates
 * stay in memory. `close()` then writes what needs the whole run (headline numbers, the SVG charts, MFA
 * coverage, the legend) as plain HTML, followed by the script that renders the tables on demand from
 * the blocks. A Content-Security-Policy forbids every fetch, so even a mistake cannot make the page
 * reach the network and leak audit data.
 *
 * The headline numbers are defined by the small pure functions below, so that tests can compute the
 * same numbers from the CSV reports.
 *
 * @module
 */
import { isoUtc } from "../../util/dates.ts";
import {
  FINDING_CODES,
  type FindingCode,
  FINDINGS,
  SEVERITIES,
  type Severity,
  SEVERITY_WEIGHT,
} from "../../model/findings.ts";
import type { AssessedAccount } from "../../model/assessment.ts";
import { TOP_ACCOUNTS } from "../../model/tally.ts";
import type { RunTally } from "../../model/tally.ts";
import type { Lang, TermWords, Words } from "../../i18n/words.ts";
import { renderCell } from "../cells.ts";
import {
  ACCOUNT_REPORT,
  columnNames,
  EVENT_REPORT,
  IAM_REPORT,
  LIST_SEPARATOR,
  type ReportShape,
} from "../columns.ts";
import { REPORT_SCRIPT, REPORT_STYLE } from "./assets.ts";

/** A rendered row: column name to cell. */
type Row = Record<string, string | number>;
/** A row of the accounts report, rendered. */
export type AccountRow = Row;
/** A row of the IAM report, rendered. */
export type IamRow = Row;
/** A row of the CloudTrail report, rendered. */
export type EventRow = Row;

const IAM_COLUMNS = columnNames(IAM_REPORT);
const EVENT_COLUMNS = columnNames(EVENT_REPORT);
const ACCOUNT_COLUMNS = columnNames(ACCOUNT_REPORT);

function cellRow<R>(shape: ReportShape<R>, record: R, words: Words): Row {
  const row: Row = {};
  for (const c of shape.columns) {
    row[c.name] = renderCell(c.value(record, words), "csv", words) as string | number;
  }
  return row;
}

/** What the report says about the run, known when the run starts. */
export interface HtmlRunInfo {
  startedAt: Date;
  /** iam-audit's version. */
  version: string;
  /** Language of the page's labels (the rows' words already follow it). */
  lang: Lang;
  organizationId?: string;
  managementAccountId: string;
  callerArn: string;
  /** The role assumed in member accounts. */
  role: string;
  /** CloudTrail window; shown only when `cloudTrail` is true. */
  since: Date;
  until: Date;
  /** Whether CloudTrail was queried at all. */
  cloudTrail: boolean;
}

/** A row as either the audit produces it or a CSV parser reads it back: column name to cell. */
export type Cells = Readonly<Record<string, string | number | undefined>>;

/** Each finding code's severity. */
export const FINDING_SEVERITY = Object.fromEntries(
  FINDING_CODES.map((code) => [code, FINDINGS[code].severity]),
) as Record<FindingCode, Severity>;

export { SEVERITIES, SEVERITY_WEIGHT };
export type { Severity };

/** Age beyond which a key counts as old in the headline numbers (CIS 1.14's default). */
export const OLD_KEY_DAYS = 90;

/** Upper bounds (inclusive, days) of the key age buckets; the last bucket is open-ended. */
export const KEY_AGE_BUCKET_LIMITS: readonly number[] = [30, 90, 180, 365];

/** Labels of the key age buckets, in order. */
export const KEY_AGE_BUCKET_LABELS: readonly string[] = ["0–30", "31–90", "91–180", "181–365", ">365"];

/**
 * The finding codes of a `findings` cell.
 *
 * @param cell a `findings` cell (`;`-separated codes) or nothing
 * @returns the codes, empty for an empty cell
 */
export function findingCodes(cell: string | number | undefined): string[] {
  if (cell === undefined || cell === "") return [];
  return String(cell).split(LIST_SEPARATOR).map((c) => c.trim()).filter((c) => c !== "");
}

/**
 * The severity of a code; codes this version does not know (e.g. from a newer report) count as low.
 *
 * @param code a finding code
 * @returns its severity
 */
export function severityOf(code: string): Severity {
  return (FINDING_SEVERITY as Record<string, Severity>)[code] ?? "low";
}

/**
 * A row's risk score: the sum of its findings' severity weights. The findings table shows the highest
 * first.
 *
 * @param codes the row's finding codes
 * @returns 0 for a row without findings
 */
export function riskScore(codes: readonly string[]): number {
  let score = 0;
  for (const code of codes) score += SEVERITY_WEIGHT[severityOf(code)];
  return score;
}

function text(cell: string | number | undefined): string {
  return cell === undefined ? "" : String(cell);
}

/**
 * Whether an IAM report row is an access key (a keyless user's row is not).
 *
 * @param row an IAM report row
 * @returns true when `access_key_id` is set
 */
export function isKeyRow(row: Cells): boolean {
  return text(row.access_key_id) !== "";
}

/**
 * Whether an IAM report row is an active access key.
 *
 * @param row an IAM report row
 * @returns true for a key whose `status` is `Active`
 */
export function isActiveKey(row: Cells): boolean {
  return isKeyRow(row) && text(row.status) === "Active";
}

/**
 * A key's age in days.
 *
 * @param row an IAM report row
 * @returns `key_age_days` as a number, or undefined when empty (no key, or creation date unknown)
 */
export function keyAgeDays(row: Cells): number | undefined {
  const cell = text(row.key_age_days);
  if (cell === "") return undefined;
  const days = Number(cell);
  return Number.isFinite(days) ? days : undefined;
}

/**
 * Headline "keys older than 90 days": `key_age_days` greater than 90, whatever the key's status.
 *
 * @param row an IAM report row
 * @param days the age limit. @default OLD_KEY_DAYS
 * @returns true for an old key
 */
export function isOldKey(row: Cells, days: number = OLD_KEY_DAYS): boolean {
  const age = keyAgeDays(row);
  return age !== undefined && age > days;
}

/**
 * Headline "keys never used": `last_used_date` is the language's never-used word.
 *
 * @param row an IAM report row
 * @param lang the language the report was written in
 * @returns true for a key that was never used
 */
export function isNeverUsedKey(row: Cells, terms: TermWords): boolean {
  return isKeyRow(row) && text(row.last_used_date) === terms.keyNeverUsed;
}

/**
 * Whether the row's user has a console password and no MFA (finding `CONSOLE_WITHOUT_MFA`).
 *
 * @param row an IAM report row
 * @returns true when the row's findings include the code
 */
export function hasConsoleWithoutMfa(row: Cells): boolean {
  return findingCodes(row.findings).includes("CONSOLE_WITHOUT_MFA");
}

/**
 * Headline "accounts with root keys or without root MFA".
 *
 * @param account an accounts report row
 * @returns true when `root_access_keys` > 0 or `root_mfa` is `None`
 */
export function hasRootIssue(account: Cells): boolean {
  const keys = text(account.root_access_keys);
  return (keys !== "" && Number(keys) > 0) || text(account.root_mfa) === "None";
}

/**
 * The key age bucket of an age.
 *
 * @param days age in days
 * @returns index into {@link KEY_AGE_BUCKET_LABELS}
 */
export function keyAgeBucket(days: number): number {
  const i = KEY_AGE_BUCKET_LIMITS.findIndex((limit) => days <= limit);
  return i === -1 ? KEY_AGE_BUCKET_LIMITS.length : i;
}

function userKey(row: Cells): string {
  return `${text(row.account_id)}\u0000${text(row.username)}`;
}

/** The page's headline numbers. */
export interface Headlines {
  /** Distinct users (account and user name). */
  users: number;
  activeKeys: number;
  /** Keys with `key_age_days` > 90. */
  keysOlderThan90: number;
  keysNeverUsed: number;
  /** Distinct users with the finding `CONSOLE_WITHOUT_MFA`. */
  consoleUsersWithoutMfa: number;
  accountsWithRootIssues: number;
  /** Accounts by `audit_result`. */
  accountsAudited: number;
  accountsFailed: number;
  accountsSkipped: number;
  /** Accounts cut short by an interruption (Ctrl-C). */
  accountsInterrupted: number;
  /** Accounts with any other `audit_result`. */
  accountsOther: number;
}

/**
 * The headline numbers of a set of rows, by the definitions above.
 *
 * @param iam IAM report rows
 * @param accounts accounts report rows
 * @param lang the language the rows were written in
 * @returns the numbers
 */
export function headlines(iam: Iterable<Cells>, accounts: Iterable<Cells>, terms: TermWords): Headlines {
  const users = new Set<string>();
  const noMfa = new Set<string>();
  const h: Headlines = {
    users: 0,
    activeKeys: 0,
    keysOlderThan90: 0,
    keysNeverUsed: 0,
    consoleUsersWithoutMfa: 0,
    accountsWithRootIssues: 0,
    accountsAudited: 0,
    accountsFailed: 0,
    accountsSkipped: 0,
    accountsInterrupted: 0,
    accountsOther: 0,
  };
  for (const row of iam) {
    users.add(userKey(row));
    if (isActiveKey(row)) h.activeKeys++;
    if (isKeyRow(row) && isOldKey(row)) h.keysOlderThan90++;
    if (isNeverUsedKey(row, terms)) h.keysNeverUsed++;
    if (hasConsoleWithoutMfa(row)) noMfa.add(userKey(row));
  }
  h.users = users.size;
  h.consoleUsersWithoutMfa = noMfa.size;
  for (const account of accounts) {
    if (hasRootIssue(account)) h.accountsWithRootIssues++;
    const result = text(account.audit_result);
    if (result === "audited") h.accountsAudited++;
    else if (result === "failed") h.accountsFailed++;
    else if (result === "skipped") h.accountsSkipped++;
    else if (result === "interrupted") h.accountsInterrupted++;
    else h.accountsOther++;
  }
  return h;
}

/** Users by the kind of their strongest MFA device; `unknown` when it could not be read. */
export interface MfaKinds {
  Hardware: number;
  Virtual: number;
  None: number;
  unknown: number;
}

/** MFA coverage of users and of root users. */
export interface MfaCoverage {
  /** Distinct users with a console password. */
  consoleUsers: number;
  /** Of those, users whose MFA is virtual or hardware. */
  consoleUsersWithMfa: number;
  /** Every distinct user, by MFA kind. */
  users: MfaKinds;
  /** Accounts by root MFA kind (accounts whose root posture was not read are `unknown`). */
  root: MfaKinds;
}

function mfaKind(cell: string | number | undefined): keyof MfaKinds {
  const kind = text(cell);
  return kind === "Hardware" || kind === "Virtual" || kind === "None" ? kind : "unknown";
}

/**
 * MFA coverage of a set of rows.
 *
 * @param iam IAM report rows
 * @param accounts accounts report rows; skipped accounts are left out of the root numbers
 * @param lang the language the rows were written in (for the "password configured" word)
 * @returns the coverage
 */
export function mfaCoverage(iam: Iterable<Cells>, accounts: Iterable<Cells>, terms: TermWords): MfaCoverage {
  const configured = terms.passwordConfigured;
  const seen = new Set<string>();
  const coverage: MfaCoverage = {
    consoleUsers: 0,
    consoleUsersWithMfa: 0,
    users: { Hardware: 0, Virtual: 0, None: 0, unknown: 0 },
    root: { Hardware: 0, Virtual: 0, None: 0, unknown: 0 },
  };
  for (const row of iam) {
    const key = userKey(row);
    // A user with two keys has two rows: count the user once.
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = mfaKind(row.mfa_status);
    coverage.users[kind]++;
    if (text(row.password_status) === configured) {
      coverage.consoleUsers++;
      if (kind === "Hardware" || kind === "Virtual") coverage.consoleUsersWithMfa++;
    }
  }
  for (const account of accounts) {
    if (text(account.audit_result) === "skipped") continue;
    coverage.root[mfaKind(account.root_mfa)]++;
  }
  return coverage;
}

/** Number of findings of one account, by severity. */
export interface AccountFindingCount {
  accountId: string;
  accountName: string;
  total: number;
  bySeverity: Record<Severity, number>;
}

/**
 * Counts each finding once per thing it concerns: a key finding once per key row, a user finding once
 * per user (the CSV repeats it on each of the user's rows), an account finding once.
 *
 * @param iam one account's IAM report rows (or several accounts')
 * @param accounts the matching accounts report rows
 * @returns each code's count
 */
export function countFindings(iam: Iterable<Cells>, accounts: Iterable<Cells>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (code: string) => counts.set(code, (counts.get(code) ?? 0) + 1);
  const userCodes = new Set<string>();
  for (const row of iam) {
    for (const code of findingCodes(row.findings)) {
      const scope = (FINDINGS as Record<string, { scope: string }>)[code]?.scope ?? "key";
      if (scope === "key") add(code);
      else {
        const key = `${userKey(row)}\u0000${code}`;
        if (!userCodes.has(key)) {
          userCodes.add(key);
          add(code);
        }
      }
    }
  }
  for (const account of accounts) for (const code of findingCodes(account.findings)) add(code);
  return counts;
}

/**
 * One account's findings for the findings-by-account chart.
 *
 * @param account the account's row
 * @param iam its IAM rows
 * @returns the count, total and by severity
 */
export function accountFindingCount(account: Cells, iam: Iterable<Cells>): AccountFindingCount {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let total = 0;
  for (const [code, n] of countFindings(iam, [account])) {
    bySeverity[severityOf(code)] += n;
    total += n;
  }
  return { accountId: text(account.account_id), accountName: text(account.account_name), total, bySeverity };
}

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @param value any cell
 * @returns the text with `& < > " '` as character references
 */
export function escapeHtml(value: string | number | undefined): string {
  return text(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside a `<script>` element: `<` is written `\u003c`, so no value can close the
 * element (`</script>`) or open a comment (`<!--`); JSON.parse reads it back unchanged.
 *
 * @param value anything JSON can hold
 * @returns the JSON text
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(
    /\u2029/g,
    "\\u2029",
  );
}

/** Columns of an IAM row inside a block: the account's columns are in the block's account row. */
export const PACKED_IAM_COLUMNS = IAM_COLUMNS.filter((c) => c !== "account_id" && c !== "account_name");
/** Columns of a CloudTrail row inside a block. */
export const PACKED_EVENT_COLUMNS = EVENT_COLUMNS.filter((c) => c !== "account_id" && c !== "account_name");

/**
 * Marker for a `user_arn` that is exactly what the account and user name imply; the browser rebuilds
 * it. Saves a seventh of the file at scale.
 */
export const DEFAULT_ARN = 0;

/** One account's data block: cells in {@link ACCOUNT_COLUMNS}, {@link PACKED_IAM_COLUMNS} and {@link PACKED_EVENT_COLUMNS} order. */
export interface PackedAccount {
  a: (string | number)[];
  u: (string | number)[][];
  e: (string | number)[][];
}

/**
 * One account's data block as it is embedded: the account row, and the IAM and CloudTrail rows without
 * the account's columns (and with default ARNs elided).
 *
 * @param account the accounts report row
 * @param iam its IAM rows
 * @param events its CloudTrail rows
 * @returns the compact block
 */
export function packAccount(
  account: AccountRow,
  iam: readonly IamRow[],
  events: readonly EventRow[],
): PackedAccount {
  return {
    a: ACCOUNT_COLUMNS.map((c) => account[c]),
    u: iam.map((row) =>
      PACKED_IAM_COLUMNS.map((c) =>
        c === "user_arn" && row.user_arn === `arn:aws:iam::${row.account_id}:user/${row.username}`
          ? DEFAULT_ARN
          : row[c]
      )
    ),
    e: events.map((row) => PACKED_EVENT_COLUMNS.map((c) => row[c])),
  };
}

const DAY_MS = 86_400_000;

/** `2026-11-25 23:25:14 UTC`: the reports' instant, easier on the eye than ISO's `T…Z`. */
function readableUtc(date: Date): string {
  return isoUtc(date).replace("T", " ").replace("Z", " UTC");
}
/** At most this many bars in the events-per-day chart; longer windows group days. */
const MAX_EVENT_BARS = 120;

const COLORS = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#ca8a04",
  low: "#64748b",
  active: "#1d4ed8",
  inactive: "#93c5fd",
  Hardware: "#15803d",
  Virtual: "#4ade80",
  None: "#dc2626",
  unknown: "#cbd5e1",
  events: "#7c3aed",
} as const;

/** An open HTML report. */
export class HtmlReport {
  /** Where the report is written. */
  readonly path: string;
  readonly #file: Deno.FsFile;
  readonly #run: HtmlRunInfo;
  readonly #labels: Words["html"];
  readonly #words: Words;
  readonly #number: Intl.NumberFormat;
  #headlines: Headlines;
  #mfa: MfaCoverage;
  #ages = {
    active: KEY_AGE_BUCKET_LIMITS.map(() => 0).concat(0),
    inactive: KEY_AGE_BUCKET_LIMITS.map(() => 0).concat(0),
  };
  #codes = new Map<string, number>();
  /** The accounts with most findings so far, at most TOP_ACCOUNTS, most first. */
  #top: AccountFindingCount[] = [];
  #eventDays: number;
  #eventBars: number[];
  #eventsOutside = 0;
  #iamRows = 0;
  #eventRows = 0;
  #accounts = 0;
  /** Serializes writes, so that one account's block is never interleaved with another's. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(path: string, file: Deno.FsFile, run: HtmlRunInfo, words: Words) {
    this.path = path;
    this.#file = file;
    this.#run = run;
    this.#words = words;
    this.#labels = words.html;
    this.#headlines = headlines([], [], words.terms);
    this.#mfa = mfaCoverage([], [], words.terms);
    this.#number = new Intl.NumberFormat(run.lang === "es" ? "es-ES" : "en-US");
    const days = Math.max(1, Math.ceil((run.until.getTime() - run.since.getTime()) / DAY_MS));
    this.#eventDays = Math.ceil(days / MAX_EVENT_BARS);
    this.#eventBars = new Array(Math.ceil(days / this.#eventDays)).fill(0);
  }

  /**
   * Creates the file (it must not exist yet) with mode 0600 and writes the page's head and the run.
   *
   * @param path the report's path
   * @param run what the run is
   * @returns the open report
   * @throws Deno's error when the file cannot be created (e.g. `AlreadyExists`, `PermissionDenied`)
   */
  static async create(path: string, run: HtmlRunInfo, words: Words): Promise<HtmlReport> {
    const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    const report = new HtmlReport(path, file, run, words);
    await report.#enqueue(report.#head());
    return report;
  }

  /** Rows written so far: IAM rows, CloudTrail rows and accounts. */
  get rows(): { iam: number; events: number; accounts: number } {
    return { iam: this.#iamRows, events: this.#eventRows, accounts: this.#accounts };
  }

  /**
   * Writes one account's rows into the file and adds them to the aggregates. Called once per account,
   * as it completes; a skipped account has only its account row.
   *
   * @param account the account's row in the accounts report
   * @param iam its rows in the IAM report (raw values, not CSV-encoded)
   * @param events its rows in the CloudTrail report
   */
  async addAccount(assessed: AssessedAccount): Promise<void> {
    if (this.#closed) throw new Error(`HtmlReport ${this.path} is closed`);
    const words = this.#words;
    const account = cellRow(ACCOUNT_REPORT, assessed, words);
    const iam = assessed.iam.map((r) => cellRow(IAM_REPORT, r, words));
    const events = assessed.events.map((event) =>
      cellRow(EVENT_REPORT, { account: assessed.account, event }, words)
    );
    this.#aggregate(account, iam, events);
    await this.#enqueue(
      `<script type="application/json" data-account>${
        jsonForScript(packAccount(account, iam, events))
      }</script>\n`,
    );
  }

  /**
   * Writes the aggregates, the legend and the script, ends the page and closes the file.
   *
   * @param options `interrupted`: the run stopped before every account was audited; the page says so
   */
  async close(options: { interrupted?: boolean; tally?: RunTally } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#enqueue(this.#body(options.interrupted ?? false));
    } finally {
      this.#file.close();
    }
  }

  #aggregate(account: AccountRow, iam: readonly IamRow[], events: readonly EventRow[]): void {
    const terms = this.#words.terms;
    const h = headlines(iam, [account], terms);
    for (const k of Object.keys(h) as (keyof Headlines)[]) this.#headlines[k] += h[k];
    const m = mfaCoverage(iam, [account], terms);
    this.#mfa.consoleUsers += m.consoleUsers;
    this.#mfa.consoleUsersWithMfa += m.consoleUsersWithMfa;
    for (const k of Object.keys(m.users) as (keyof MfaKinds)[]) {
      this.#mfa.users[k] += m.users[k];
      this.#mfa.root[k] += m.root[k];
    }
    for (const row of iam) {
      const age = keyAgeDays(row);
      if (!isKeyRow(row) || age === undefined) continue;
      this.#ages[isActiveKey(row) ? "active" : "inactive"][keyAgeBucket(age)]++;
    }
    for (const [code, n] of countFindings(iam, [account])) {
      this.#codes.set(code, (this.#codes.get(code) ?? 0) + n);
    }
    const count = accountFindingCount(account, iam);
    if (count.total > 0) this.#rank(count);
    for (const event of events) {
      const t = Date.parse(String(event.eventTime));
      const i = Math.floor((t - this.#run.since.getTime()) / (this.#eventDays * DAY_MS));
      if (Number.isFinite(i) && i >= 0 && i < this.#eventBars.length) this.#eventBars[i]++;
      else this.#eventsOutside++;
    }
    this.#iamRows += iam.length;
    this.#eventRows += events.length;
    this.#accounts++;
  }

  /** Keeps the top accounts only, so memory does not grow with the organization. */
  #rank(count: AccountFindingCount): void {
    const top = this.#top;
    if (top.length === TOP_ACCOUNTS && count.total <= top[top.length - 1].total) return;
    let i = top.findIndex((t) => count.total > t.total);
    if (i === -1) i = top.length;
    top.splice(i, 0, count);
    if (top.length > TOP_ACCOUNTS) top.pop();
  }

  #enqueue(text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    const write = async () => {
      let written = 0;
      while (written < bytes.length) written += await this.#file.write(bytes.subarray(written));
    };
    const next = this.#queue.then(write);
    // A failed write must fail its own caller, not every later one.
    this.#queue = next.catch(() => {});
    return next;
  }

  #fmt(n: number): string {
    return this.#number.format(n);
  }

  #head(): string {
    const run = this.#run;
    const L = this.#labels;
    const rows: [string, string][] = [
      [L.date, readableUtc(run.startedAt)],
      [L.organization, run.organizationId ?? "—"],
      [L.managementAccount, run.managementAccountId],
      [L.caller, run.callerArn],
      [L.role, run.role],
      [L.window, run.cloudTrail ? `${readableUtc(run.since)} → ${readableUtc(run.until)}` : L.cloudTrailOff],
      [L.version, `iam-audit ${run.version}`],
    ];
    const title = `${L.title} — ${run.organizationId ?? run.managementAccountId} — ${isoUtc(run.startedAt)}`;
    return `<!DOCTYPE html>
<html lang="${run.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iam-audit ${escapeHtml(run.version)}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header class="run">
<h1>${escapeHtml(L.title)}</h1>
<dl class="run-info">
${rows.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("\n")}
</dl>
</header>
`;
  }

  #body(interrupted: boolean): string {
    const L = this.#labels;
    const h = this.#headlines;
    const parts: string[] = [];
    if (interrupted) parts.push(`<p class="banner" role="alert">${escapeHtml(L.interrupted)}</p>`);
    parts.push(`<noscript><p class="banner">${escapeHtml(L.noscript)}</p></noscript>`);
    const accounts: [string, keyof Headlines, string][] = [
      [L.accountsAudited, "accountsAudited", "ok"],
      [L.accountsFailed, "accountsFailed", h.accountsFailed > 0 ? "bad" : ""],
      [L.accountsSkipped, "accountsSkipped", ""],
    ];
    if (h.accountsInterrupted > 0) accounts.push([L.accountsInterrupted, "accountsInterrupted", ""]);
    if (h.accountsOther > 0) accounts.push([L.accountsOther, "accountsOther", ""]);
    parts.push(
      `<section class="accounts" aria-label="${escapeHtml(L.accounts)}"><h2>${
        escapeHtml(L.accounts)
      }</h2><p>` +
        accounts.map(([label, key, cls]) =>
          `<span class="acct-count ${cls}" data-kpi="${key}"><b data-value="${h[key]}">${
            this.#fmt(h[key])
          }</b> ${escapeHtml(label)}</span>`
        ).join(" · ") + `</p></section>`,
    );
    const kpis: [string, keyof Headlines, boolean][] = [
      [L.users, "users", false],
      [L.activeKeys, "activeKeys", false],
      [L.keysOlderThan(OLD_KEY_DAYS), "keysOlderThan90", true],
      [L.keysNeverUsed, "keysNeverUsed", true],
      [L.consoleUsersWithoutMfa, "consoleUsersWithoutMfa", true],
      [L.accountsWithRootIssues, "accountsWithRootIssues", true],
    ];
    parts.push(
      `<section class="kpis">` +
        kpis.map(([label, key, risky]) =>
          `<div class="kpi${
            risky && h[key] > 0 ? " risky" : ""
          }" data-kpi="${key}"><span class="kpi-value" data-value="${h[key]}">${
            this.#fmt(h[key])
          }</span><span class="kpi-label">${escapeHtml(label)}</span></div>`
        ).join("") + `</section>`,
    );
    parts.push(
      `<section class="charts"><figure class="chart" id="chart-key-age"><figcaption>${
        escapeHtml(L.keyAgeChart)
      }</figcaption>${this.#keyAgeSvg()}${
        this.#swatches([[COLORS.active, L.active], [COLORS.inactive, L.inactive]])
      }</figure><figure class="chart" id="chart-findings-by-account"><figcaption>${
        escapeHtml(L.findingsByAccount(TOP_ACCOUNTS))
      }</figcaption>${this.#topAccountsSvg()}${
        this.#swatches(SEVERITIES.map((s) => [COLORS[s], L.severities[s]]))
      }</figure></section>`,
    );
    parts.push(this.#mfaSection());
    parts.push(this.#findingsSection());
    parts.push(
      `<section id="failed"><h2>${
        escapeHtml(L.failedAccounts)
      }</h2><div class="table-host" id="failed-host"></div></section>`,
    );
    if (this.#run.cloudTrail) {
      parts.push(
        `<section id="events"><h2>${escapeHtml(L.eventsTitle)} <small>(${
          this.#fmt(this.#eventRows)
        })</small></h2>` +
          `<figure class="chart wide" id="chart-events"><figcaption>${
            escapeHtml(L.eventsPerDay)
          }</figcaption>${this.#eventsSvg()}</figure>` +
          `<div class="table-host" id="events-host"></div></section>`,
      );
    }
    parts.push(
      `<footer>${escapeHtml(L.footer(this.#run.version))}</footer>`,
    );
    const meta = {
      lang: this.#run.lang,
      locale: this.#run.lang === "es" ? "es-ES" : "en-US",
      labels: L.client,
      iamColumns: PACKED_IAM_COLUMNS,
      allIamColumns: IAM_COLUMNS,
      eventColumns: PACKED_EVENT_COLUMNS,
      allEventColumns: EVENT_COLUMNS,
      accountColumns: ACCOUNT_COLUMNS,
      defaultArn: DEFAULT_ARN,
      cloudTrail: this.#run.cloudTrail,
      findings: Object.fromEntries(
        FINDING_CODES.map((code) => [code, {
          cis: FINDINGS[code].cis,
          text: this.#words.findings[code],
          severity: FINDING_SEVERITY[code],
        }]),
      ),
      weights: SEVERITY_WEIGHT,
      severities: L.severities,
    };
    parts.push(`<script type="application/json" id="report-meta">${jsonForScript(meta)}</script>`);
    parts.push(`<script>${REPORT_SCRIPT}</script>`);
    parts.push(`</body>\n</html>\n`);
    return parts.join("\n");
  }

  #swatches(items: [string, string][]): string {
    return `<div class="swatches">${
      items.map(([color, label]) => `<span><i style="background:${color}"></i>${escapeHtml(label)}</span>`)
        .join("")
    }</div>`;
  }

  #keyAgeSvg(): string {
    const { active, inactive } = this.#ages;
    const totals = active.map((n, i) => n + inactive[i]);
    const max = Math.max(1, ...totals);
    const W = 560, H = 200, top = 20, bottom = 30, left = 10, gap = 18;
    const bw = (W - left * 2 - gap * (totals.length - 1)) / totals.length;
    const scale = (n: number) => (n / max) * (H - top - bottom);
    const bars = totals.map((total, i) => {
      const x = left + i * (bw + gap);
      const ha = scale(active[i]), hi = scale(inactive[i]);
      const yBase = H - bottom;
      const label = KEY_AGE_BUCKET_LABELS[i];
      return `<g data-bucket="${i}"><title>${escapeHtml(label)}: ${active[i]} ${
        escapeHtml(this.#labels.active)
      }, ${inactive[i]} ${escapeHtml(this.#labels.inactive)}</title>` +
        `<rect x="${x}" y="${yBase - ha}" width="${bw}" height="${ha}" fill="${COLORS.active}"/>` +
        `<rect x="${x}" y="${yBase - ha - hi}" width="${bw}" height="${hi}" fill="${COLORS.inactive}"/>` +
        `<text x="${x + bw / 2}" y="${yBase - ha - hi - 5}" text-anchor="middle" class="v">${
          this.#fmt(total)
        }</text>` +
        `<text x="${x + bw / 2}" y="${H - 10}" text-anchor="middle">${escapeHtml(label)}</text></g>`;
    });
    return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(this.#labels.keyAgeChart)}">${
      bars.join("")
    }<line x1="0" x2="${W}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/></svg>`;
  }

  #topAccountsSvg(): string {
    if (this.#top.length === 0) return `<p class="empty">${escapeHtml(this.#labels.noFindings)}</p>`;
    const rowH = 22, labelW = 190, W = 520, right = 40;
    const H = this.#top.length * rowH + 6;
    const max = Math.max(1, this.#top[0].total);
    const rows = this.#top.map((a, i) => {
      const y = i * rowH + 3;
      const name = a.accountName.length > 26 ? `${a.accountName.slice(0, 25)}…` : a.accountName;
      let x = labelW;
      const segments = SEVERITIES.map((s) => {
        const w = (a.bySeverity[s] / max) * (W - labelW - right);
        const rect = w > 0
          ? `<rect x="${x}" y="${y}" width="${w}" height="${rowH - 6}" fill="${COLORS[s]}"/>`
          : "";
        x += w;
        return rect;
      }).join("");
      const detail = SEVERITIES.filter((s) => a.bySeverity[s] > 0).map((s) =>
        `${a.bySeverity[s]} ${this.#labels.severities[s]}`
      ).join(", ");
      return `<g class="acct-bar" data-account="${escapeHtml(a.accountId)}"><title>${
        escapeHtml(a.accountName)
      } (${escapeHtml(a.accountId)}): ${escapeHtml(detail)}</title><text x="${labelW - 6}" y="${
        y + rowH - 10
      }" text-anchor="end">${escapeHtml(name)}</text>${segments}<text x="${x + 4}" y="${
        y + rowH - 10
      }" class="v">${this.#fmt(a.total)}</text></g>`;
    });
    return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${
      escapeHtml(this.#labels.findingsByAccount(TOP_ACCOUNTS))
    }">${rows.join("")}</svg>`;
  }

  #eventsSvg(): string {
    const bars = this.#eventBars;
    const W = 900, H = 110, bottom = 22, top = 12;
    const peak = Math.max(0, ...bars);
    const max = Math.max(1, peak);
    const bw = W / bars.length;
    const stepMs = this.#eventDays * DAY_MS;
    const since = this.#run.since.getTime();
    const day = (i: number) => isoUtc(new Date(since + i * stepMs)).slice(0, 10);
    const rects = bars.map((n, i) => {
      if (n === 0) return "";
      const h = (n / max) * (H - top - bottom);
      return `<rect x="${i * bw}" y="${H - bottom - h}" width="${
        Math.max(1, bw - 1)
      }" height="${h}" fill="${COLORS.events}"><title>${day(i)}: ${n}</title></rect>`;
    }).join("");
    const ticks = [0, Math.floor(bars.length / 2), bars.length - 1].map((i, k) =>
      `<text x="${k === 0 ? 0 : k === 1 ? i * bw : W}" y="${H - 6}" text-anchor="${
        k === 0 ? "start" : k === 1 ? "middle" : "end"
      }">${day(i)}</text>`
    ).join("");
    return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${
      escapeHtml(this.#labels.eventsPerDay)
    }">${rects}${ticks}<line x1="0" x2="${W}" y1="${H - bottom}" y2="${
      H - bottom
    }" class="axis"/><text x="${W}" y="${top - 2}" text-anchor="end" class="v">${
      escapeHtml(this.#labels.eventsPeak(this.#fmt(peak)))
    }</text></svg>`;
  }

  #mfaSection(): string {
    const L = this.#labels;
    const m = this.#mfa;
    // Without console users there is no coverage to show: an empty bar, not a green one.
    const pct = m.consoleUsers === 0 ? 0 : Math.round((m.consoleUsersWithMfa / m.consoleUsers) * 1000) / 10;
    const missing = m.consoleUsers === 0 ? 0 : 100 - pct;
    const kinds: [keyof MfaKinds, string][] = [
      ["Hardware", L.mfaHardware],
      ["Virtual", L.mfaVirtual],
      ["None", L.mfaNone],
      ["unknown", L.mfaUnknown],
    ];
    const stacked = (counts: MfaKinds, id: string, title: string) => {
      const total = Math.max(1, counts.Hardware + counts.Virtual + counts.None + counts.unknown);
      return `<div class="mfa-row" id="${id}"><span class="mfa-title">${
        escapeHtml(title)
      }</span><div class="stack">${
        kinds.filter(([k]) => counts[k] > 0).map(([k, label]) =>
          `<span style="width:${(counts[k] / total) * 100}%;background:${COLORS[k]}" title="${
            escapeHtml(label)
          }: ${counts[k]}" data-kind="${k}" data-value="${counts[k]}"></span>`
        ).join("")
      }</div><span class="mfa-detail">${
        kinds.map(([k, label]) => `${escapeHtml(label)}: ${this.#fmt(counts[k])}`).join(" · ")
      }</span></div>`;
    };
    return `<section id="mfa"><h2>${escapeHtml(L.mfaCoverage)}</h2>` +
      `<div class="mfa-row" id="mfa-console"><span class="mfa-title">${
        escapeHtml(L.consoleUsersWithMfa)
      }</span><div class="stack"><span style="width:${pct}%;background:${COLORS.Hardware}"></span><span style="width:${missing}%;background:${COLORS.None}"></span></div><span class="mfa-detail"><b data-value="${m.consoleUsersWithMfa}">${
        this.#fmt(m.consoleUsersWithMfa)
      }</b> / <b data-value="${m.consoleUsers}">${this.#fmt(m.consoleUsers)}</b>${
        m.consoleUsers === 0 ? "" : ` (${pct}%)`
      }</span></div>` +
      stacked(m.users, "mfa-users", L.usersByMfa) +
      stacked(m.root, "mfa-root", L.rootMfa) +
      this.#swatches(kinds.map(([k, label]) => [COLORS[k], label])) +
      `</section>`;
  }

  #findingsSection(): string {
    const L = this.#labels;
    const legend = FINDING_CODES.map((code) => {
      const info = FINDINGS[code];
      const sev = FINDING_SEVERITY[code];
      return `<tr data-code="${code}"><td><button type="button" class="chip sev-${sev}" data-code="${code}">${code}</button></td><td>${
        escapeHtml(info.cis)
      }</td><td>${escapeHtml(L.severities[sev])}</td><td class="num" data-value="${
        this.#codes.get(code) ?? 0
      }">${this.#fmt(this.#codes.get(code) ?? 0)}</td><td>${
        escapeHtml(this.#words.findings[code])
      }</td></tr>`;
    }).join("");
    return `<section id="findings"><h2>${escapeHtml(L.findingsTable)}</h2><p class="help">${
      escapeHtml(L.findingsHelp)
    }</p><div class="table-host" id="findings-host"></div>` +
      `<details class="legend" open><summary>${
        escapeHtml(L.legend)
      }</summary><table class="legend-table"><thead><tr><th>${escapeHtml(L.code)}</th><th>${
        escapeHtml(L.cis)
      }</th><th>${escapeHtml(L.severity)}</th><th class="num">${escapeHtml(L.count)}</th><th>${
        escapeHtml(L.description)
      }</th></tr></thead><tbody>${legend}</tbody></table></details></section>`;
  }
}

/**
 * Every word iam-audit prints or writes, by language: the shape of a language module. `es.ts` (the
 * original tool's language, and the default) and `en.ts` (`--lang en`) each give all of it; the type
 * checker and `tests/i18n_test.ts` hold them to the same keys.
 *
 * Values that depend on the run are functions of typed arguments, so that a sentence is written once,
 * whole, in each language.
 *
 * @module
 */
import type { OptionName } from "../cli/flags.ts";
import type { Change, ChangeKind } from "../compare/diff.ts";
import type { FindingCode } from "../model/findings.ts";

/** Languages of the console and of the reports' word values. */
export type Lang = "es" | "en";

/** The languages, the default first. */
export const LANGS: readonly Lang[] = ["es", "en"];

/** How the tool names where the caller's credentials come from. */
export type CredentialSource = { profile: string } | { defaultChain: true };

/** Words of report cells: the values a report writes in the run's language. */
export interface TermWords {
  /** `password_status` when the user has a console password. */
  passwordConfigured: string;
  /** `password_status` when the user has none. */
  passwordNotConfigured: string;
  /** `password_last_used` when the password was never used or there is none. */
  passwordNever: string;
  /** `last_used_date` of a key that was never used. */
  keyNeverUsed: string;
  /**
   * `reason` of an account some of whose users could not be read completely. Reasons sit beside AWS's
   * own (English) error texts and are matched by scripts, so both languages keep the same words.
   */
  incompleteUsers(n: number): string;
  /** `reason` of an account that is not ACTIVE (same in both languages, as above). */
  accountNotActive(state: string): string;
  /** `reason` of an account cut short by an interruption. */
  interrupted: string;
}

/** The console's lines: the original tool's messages and ours. */
export interface ConsoleWords {
  auditingAccount(name: string, id: string): string;
  queryingCloudTrail(name: string, id: string): string;
  totalKeys(n: number): string;
  noKeysFound: string;
  reportExported(file: string): string;
  totalEvents(n: number): string;
  eventsReportExported(file: string): string;
  accountsReportExported(file: string): string;
  totalCredentials(n: number): string;
  credentialsReportExported(file: string): string;
  htmlReportExported(file: string): string;
  changesReportExported(file: string): string;
  ocsfReportExported(file: string): string;
  /** A completed run whose manifest could not be written (its reports are complete). */
  manifestNotWritten: string;
  skippedAccounts(n: number): string;
  failedAccountsHeader(n: number): string;
  failedAccount(name: string, id: string, stage: string, reason: string): string;
  sinceOlderThanHistory(since: string): string;
  allAudited(n: number): string;
  accountsNotFound(ids: string): string;
  interrupting: string;
  interrupted(complete: number, cut: number): string;
  /** The organization's central root access management could not be read (a warning). */
  rootManagementUnknown(detail: string): string;
  /** A worker thread failed; its accounts are audited again in the main thread (a warning). */
  threadFailed(reason: string): string;
  /** Before the list of reports a run that stopped on an error leaves with partial names. */
  partialReportsKept: string;
}

/** The findings summary at the end of a run. */
export interface SummaryWords {
  title(benchmark: string): string;
  none: string;
  keys: string;
  /** Other long-lived credentials, counted. */
  credentials: string;
  /** In place of a CIS number: the finding is iam-audit's own. */
  own: string;
  users: string;
  accounts: string;
  top: string;
}

/** The live status line and `--verbose`. */
export interface StatusWords {
  accounts: string;
  running: string;
  failed: string;
  users: string;
  keys: string;
  events: string;
  throttled: string;
  elapsed: string;
  left: string;
  progress: string;
  done: string;
  /** `--verbose`: the attempt number of a retried call. */
  attempt: string;
  /** `--verbose`: after the error of an attempt AWS throttled. */
  throttledMark: string;
}

/** Severity names. */
export type SeverityWords = Record<"critical" | "high" | "medium" | "low", string>;

/** The HTML report's labels (the page's own; the client script's are in `client`). */
export interface HtmlWords {
  title: string;
  run: string;
  date: string;
  organization: string;
  managementAccount: string;
  caller: string;
  role: string;
  window: string;
  cloudTrailOff: string;
  version: string;
  interrupted: string;
  noscript: string;
  accounts: string;
  accountsAudited: string;
  accountsFailed: string;
  accountsSkipped: string;
  accountsInterrupted: string;
  users: string;
  activeKeys: string;
  keysOlderThan(days: number): string;
  keysNeverUsed: string;
  consoleUsersWithoutMfa: string;
  accountsWithRootIssues: string;
  keyAgeChart: string;
  active: string;
  inactive: string;
  findingsByAccount(top: number): string;
  noFindings: string;
  mfaCoverage: string;
  consoleUsersWithMfa: string;
  usersByMfa: string;
  rootMfa: string;
  mfaHardware: string;
  mfaVirtual: string;
  mfaNone: string;
  mfaUnknown: string;
  findingsTable: string;
  findingsHelp: string;
  legend: string;
  code: string;
  cis: string;
  description: string;
  severity: string;
  count: string;
  severities: SeverityWords;
  failedAccounts: string;
  eventsTitle: string;
  eventsPerDay: string;
  /** Above the events-per-day chart: its tallest bar. */
  eventsPeak(n: string): string;
  footer(version: string): string;
  /** The CIS benchmark the findings cite, in the run's description. */
  benchmark: string;
  /** The organization's central root access management, in the run's description. */
  rootManagement: string;
  rootManagementStates: Record<"enabled" | "disabled" | "unknown", string>;
  otherCredentialsActive: string;
  bedrockApiKeys: string;
  /** Accounts by the state of their root user. */
  rootStates: string;
  rootStateNames: Record<
    "no_credentials" | "credentials_remain" | "hardware_mfa" | "virtual_mfa" | "no_mfa" | "unknown",
    string
  >;
  /** The words the page's script shows (tables, filters, pager). */
  client: Record<ClientWord, string>;
}

/** Words of the HTML page's script. */
export type ClientWord =
  | "allAccounts"
  | "allRows"
  | "anyFinding"
  | "noFinding"
  | "account"
  | "finding"
  | "search"
  | "searchPlaceholder"
  | "risk"
  | "user"
  | "accessKey"
  | "status"
  | "age"
  | "lastUsed"
  | "password"
  | "mfa"
  | "findings"
  | "prev"
  | "next"
  | "first"
  | "last"
  | "showing"
  | "none"
  | "rows"
  | "root"
  | "accountId"
  | "accountState"
  | "result"
  | "reason"
  | "audited"
  | "failed"
  | "skipped"
  | "interrupted"
  | "time"
  | "event"
  | "resources"
  | "sourceIp"
  | "userAgent"
  | "errorCode"
  | "region"
  | "eventId"
  | "allEvents"
  | "noneFailed"
  | "noEvents";

/** Why a list flag's item is wrong: what it should have been. */
export type ItemKind = "accountId" | "ouId" | "eventName";

/** Why a report file or folder could not be used. */
export type FileProblem = { alreadyExists: true } | { permissionDenied: true } | { other: string };

/** Error messages: what happened, then what to do. */
export interface ErrorWords {
  // Usage (exit 2)
  roleRequired: string;
  roleInvalid(role: string): string;
  profileInvalid(profile: string): string;
  regionInvalid(region: string): string;
  langInvalid(lang: string): string;
  outputDirEmpty: string;
  notADate(flag: string, text: string): string;
  sinceInFuture(since: string): string;
  sinceAfterUntil(since: string, until: string): string;
  fileUnreadable(flag: string, value: string, why: string): string;
  itemInvalid(flag: string, item: string, kind: ItemKind): string;
  listEmpty(flag: string): string;
  externalIdInvalid: string;
  sessionNameInvalid(name: string): string;
  choiceInvalid(flag: string, value: string, choices: readonly string[]): string;
  contradict(a: string, b: string): string;
  wholeNumber(flag: string, text: string, min: number, max: number): string;
  number(flag: string, text: string, min: number, max: number): string;
  unknownFlag(flag: string): string;
  needsValue(flag: string): string;
  unexpectedArgument(arg: string): string;
  badCommandLine(detail: string): string;
  ouNotFound(ou: string): string;
  compareMissing(flag: string, path: string): string;
  compareNotAReport(flag: string, path: string): string;
  compareNoRun(flag: string, path: string): string;
  comparePartial(flag: string, path: string): string;
  compareUnreadable(flag: string, path: string, why: string): string;
  /** No account is in scope: the `--accounts` ids not in the organization, and those excluded. */
  emptyScope(notFound: readonly string[], excluded: readonly string[]): string;
  // The output folder and the reports (exit 1)
  outputDirMissing(dir: string): string;
  outputDirUnreadable(dir: string, why: string): string;
  outputDirNotAFolder(dir: string): string;
  outputDirNotWritable(dir: string, why: string): string;
  /** The temporary folder (for the spool files) cannot be created. */
  tempDirUnusable(dir: string, why: string): string;
  reportNotCreated(path: string, problem: FileProblem): string;
  /** A report could not be written mid-run (exit 4). */
  reportWriteFailed(path: string, reason: string): string;
  /** An account's spool file (in the temporary folder) could not be written or read (exit 4). */
  spoolFailed(path: string, reason: string): string;
  // Credentials and the organization (exit 1)
  /** A malformed line of an AWS file: its section header or the setting it sets, never a value. */
  configLineInvalid(where: { file: string; line: number; section?: string; key?: string }): string;
  ssoExpired(source: CredentialSource): string;
  profileNotFound(profile: string): string;
  noCredentials: string;
  credentialsExpired(source: CredentialSource): string;
  credentialsRejected(source: CredentialSource, detail: string): string;
  awsUnreachable(detail: string): string;
  configUnreadable(detail: string): string;
  credentialsFailed(source: CredentialSource, detail: string): string;
  organizationsDenied: string;
  organizationsNotInUse: string;
  organizationUnavailable(detail: string): string;
  // Anything else
  unexpected(detail: string): string;
  runWithDebug: string;
}

/** The `--help` text. */
export interface HelpWords {
  /** The first line, after `iam-audit VERSION: `. */
  tagline: string;
  usage: string;
  groups: Record<"required" | "credentials" | "scope" | "findings" | "output" | "speed" | "other", string>;
  /** One line per flag (wrapped by the help printer), by option name. */
  flags: Record<OptionName, string>;
  /** `Default: X.` */
  defaultIs(value: string): string;
  reportsTitle: string;
  reports: Record<
    "iam" | "events" | "accounts" | "credentials" | "html" | "changes" | "manifest" | "ocsf",
    string
  >;
  exitCodes: string;
  examples: string;
}

/** What changed since an earlier run (`--compare-with`), for the console and the HTML page. */
export interface ChangeWords {
  /** The heading: when the earlier run was, and how many changes. */
  title(date: string, total: number): string;
  none: string;
  /** Each kind of change, counted (`findings opened`). */
  kinds: Record<
    Exclude<ChangeKind, "not_compared">,
    string
  >;
  /** Before the worst changes. */
  worst: string;
  /** One change as a line: what changed, on what (`access key AKIA… of alice in Prod (1111…)`). */
  describe(change: Change): string;
  /** What could not be compared, counted. */
  notCompared: Record<
    | "outside_previous_scope"
    | "outside_current_scope"
    | "incomplete_previous"
    | "incomplete_current"
    | "no_credentials_before"
    | "no_findings_before"
    | "thresholds_differ"
    | "window_differs",
    (n: number) => string
  >;
}

/** Everything one language says. */
export interface Words {
  lang: Lang;
  terms: TermWords;
  console: ConsoleWords;
  summary: SummaryWords;
  status: StatusWords;
  /** What each finding code means. */
  findings: Record<FindingCode, string>;
  html: HtmlWords;
  errors: ErrorWords;
  help: HelpWords;
  changes: ChangeWords;
}

/**
 * Joins a sentence and a detail that may already end with a full stop, without doubling it.
 *
 * @param detail e.g. an AWS error message
 * @returns the detail without its trailing full stops
 */
export function clause(detail: string): string {
  return detail.replace(/[.\s]+$/, "");
}

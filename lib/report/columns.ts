/**
 * The reports' columns: each column's name and the typed value it takes from a record. The first
 * columns of the IAM and CloudTrail reports are the original tool's, in its order, so that existing
 * spreadsheets keep working; ours follow. Changing any of this changes a documented interface.
 *
 * @module
 */
import type { Words } from "../i18n/words.ts";
import type { AssessedAccount, CredentialRecord, IamRecord } from "../model/assessment.ts";
import type { Change } from "../compare/diff.ts";
import type { FindingCode, FindingScope } from "../model/findings.ts";
import type { AccountIssue, CredentialKind, EventRecord, OrgAccount } from "../model/records.ts";
import { errorText } from "../aws/service_errors.ts";
import { type Cell, list, term } from "./cells.ts";

/** A column: its header and its value for a record. */
export interface Column<R> {
  readonly name: string;
  /**
   * The typed value.
   *
   * @param record the row's record
   * @param words the run's language (only reasons need it: everything else is a typed value)
   */
  value(record: R, words: Words): Cell;
}

/** A report's shape: its columns, and where its records' finding codes are (for JSON's booleans). */
export interface ReportShape<R> {
  readonly columns: readonly Column<R>[];
  /** The finding codes of a record and the scopes of the codes that get a boolean in JSON Lines. */
  readonly findings?: { readonly scopes: readonly FindingScope[]; of(record: R): readonly FindingCode[] };
}

/** Separator of several codes or names in one cell. */
export const LIST_SEPARATOR = ";";

const col = <R>(name: string, value: (record: R, words: Words) => Cell): Column<R> => ({ name, value });

/** A row of the IAM report. */
export const IAM_REPORT: ReportShape<IamRecord> = {
  columns: [
    col("account_id", (r) => r.account.id),
    col("account_name", (r) => r.account.name),
    col("username", (r) => r.user.userName),
    col(
      "password_status",
      (r) =>
        r.user.hasLoginProfile === undefined
          ? undefined
          : term(r.user.hasLoginProfile ? "passwordConfigured" : "passwordNotConfigured"),
    ),
    col("password_last_used", (r) => r.user.passwordLastUsed ?? term("passwordNever")),
    col("access_key_id", (r) => r.key?.accessKeyId),
    col("status", (r) => r.key?.status),
    col("created_date", (r) => r.key?.createDate),
    col("last_used_date", (r) => r.keyNeverUsed ? term("keyNeverUsed") : r.key?.lastUsedDate),
    col("service_name", (r) => {
      if (!r.key) return undefined;
      if (r.keyNeverUsed) return "N/A";
      return r.key.lastUsedError ? undefined : r.key.lastUsedService;
    }),
    col("mfa_status", (r) => r.user.mfa?.kind),
    col("user_arn", (r) => r.user.arn),
    col("user_created", (r) => r.user.createDate),
    col("mfa_devices", (r) => r.user.mfa?.count),
    col("key_age_days", (r) => r.keyAgeDays),
    col("last_used_region", (r) => {
      const region = r.key && !r.key.lastUsedError ? r.key.lastUsedRegion : undefined;
      return region === "N/A" ? undefined : region;
    }),
    col(
      "read_errors",
      (r) => list(r.user.errors.map((e) => `${e.action}: ${errorText(e.error)}`), "; ", false),
    ),
    col("direct_policies", (r) => list(r.user.directPolicies ?? [], LIST_SEPARATOR)),
    col("findings", (r) => list(r.findings, LIST_SEPARATOR)),
  ],
  findings: { scopes: ["key", "user"], of: (r) => r.findings },
};

/** How the credentials report names each kind. */
export const CREDENTIAL_TYPES: Readonly<Record<CredentialKind, string>> = {
  "service-specific": "service_specific_credential",
  "ssh-public-key": "ssh_public_key",
  "signing-certificate": "signing_certificate",
};

/**
 * The credentials report: one row per long-lived user credential other than an access key (those are
 * in the IAM report) and the console password (a column of the IAM report).
 */
export const CREDENTIAL_REPORT: ReportShape<CredentialRecord> = {
  columns: [
    col("account_id", (r) => r.account.id),
    col("account_name", (r) => r.account.name),
    col("username", (r) => r.user.userName),
    col("user_arn", (r) => r.user.arn),
    col("credential_type", (r) => CREDENTIAL_TYPES[r.credential.kind]),
    col("credential_id", (r) => r.credential.id),
    col("status", (r) => r.credential.status),
    col("created_date", (r) => r.credential.createDate),
    col("expiration_date", (r) => r.credential.expiration),
    col("age_days", (r) => r.ageDays),
    col("service_name", (r) => r.credential.serviceName),
    col("service_user_name", (r) => r.credential.serviceUserName),
    col("credential_alias", (r) => r.credential.alias),
    col("findings", (r) => list(r.findings, LIST_SEPARATOR)),
  ],
  findings: { scopes: ["credential"], of: (r) => r.findings },
};

/** The changes report: one row per change since the earlier run (`--compare-with`). */
export const CHANGE_REPORT: ReportShape<Change> = {
  columns: [
    col("change", (c) => c.kind),
    col("severity", (c) => c.severity),
    col("account_id", (c) => c.account?.id),
    col("account_name", (c) => c.account?.name),
    col("username", (c) => c.user),
    col("credential_type", (c) => c.credentialType),
    col("credential_id", (c) => c.credentialId),
    col("finding", (c) => c.finding),
    col("before", (c) => c.before),
    col("after", (c) => c.after),
    col("reason", (c) => c.reason),
  ],
};

/** A row of the CloudTrail report: an event and the account whose history it comes from. */
export interface EventRow {
  account: OrgAccount;
  event: EventRecord;
}

/** The CloudTrail report. */
export const EVENT_REPORT: ReportShape<EventRow> = {
  columns: [
    col("eventTime", (r) => r.event.eventTime),
    col("eventName", (r) => r.event.eventName),
    col("username", (r) => r.event.username),
    col("account_id", (r) => r.account.id),
    col("account_name", (r) => r.account.name),
    col("resources", (r) => list(r.event.resources, ", ", false)),
    col("event_id", (r) => r.event.eventId),
    col("access_key_id", (r) => r.event.accessKeyId),
    col("source_ip", (r) => r.event.sourceIp),
    col("user_agent", (r) => r.event.userAgent),
    col("error_code", (r) => r.event.errorCode),
    col("aws_region", (r) => r.event.awsRegion),
  ],
};

/** The accounts report: one row per account, whatever its outcome. */
export const ACCOUNT_REPORT: ReportShape<AssessedAccount> = {
  columns: [
    col("account_id", (a) => a.account.id),
    col("account_name", (a) => a.account.name),
    col("account_state", (a) => a.account.state),
    col("audit_result", (a) => a.outcome),
    col("reason", (a, words) => reason(a, words)),
    col("users", (a) => skipped(a) ? undefined : a.counts.users),
    col("access_keys", (a) => skipped(a) ? undefined : a.counts.keys),
    col("cloudtrail_events", (a) => skipped(a) ? undefined : a.counts.events),
    col("api_calls", (a) => a.result.kind === "skipped" ? undefined : a.result.stats.apiCalls),
    col("throttled_calls", (a) => a.result.kind === "skipped" ? undefined : a.result.stats.throttled),
    col(
      "seconds",
      (a) => a.result.kind === "skipped" ? undefined : Math.round(a.result.stats.seconds * 100) / 100,
    ),
    col("root_mfa", (a) => a.root?.mfa),
    col("root_access_keys", (a) => a.root?.accessKeys),
    col("root_last_console_login", (a) => a.root?.lastConsoleLogin),
    col("findings", (a) => list(a.rootFindings, LIST_SEPARATOR)),
    col("root_state", (a) => a.rootState),
    col("root_password", (a) => a.root?.password),
    col("root_signing_certificates", (a) => a.root?.signingCertificates),
    col("other_credentials", (a) => skipped(a) ? undefined : a.counts.credentials),
    col("central_root_management", (a) => skipped(a) ? undefined : a.rootManagement?.state),
  ],
  findings: { scopes: ["account", "organization"], of: (a) => a.rootFindings },
};

function skipped(a: AssessedAccount): boolean {
  return a.result.kind === "skipped";
}

/**
 * Why an account was not audited completely, as the `reason` column says it: the stage, then each
 * issue once (`users: ListUsers: AccessDenied: ...; 2 user(s) could not be read completely`).
 *
 * @param a the account
 * @param words the run's language
 * @returns the reason, or undefined for an account audited completely
 */
export function reason(a: AssessedAccount, words: Words): string | undefined {
  const { result } = a;
  if (result.kind === "skipped") return words.terms.accountNotActive(result.state);
  if (result.kind !== "failed") return undefined;
  return `${result.stage}: ${failureText(result.issues, words)}`;
}

/**
 * An account's issues as one text, each once, in the order they happened.
 *
 * @param issues the issues
 * @param words the run's language
 * @returns e.g. `ListUsers: AccessDenied: ...; 2 user(s) could not be read completely`
 */
export function failureText(issues: readonly AccountIssue[], words: Words): string {
  return [...new Set(issues.map((issue) => issueText(issue, words)))].join("; ");
}

/**
 * The column names of a report, in order.
 *
 * @param shape the report's shape
 * @returns the header
 */
export function columnNames<R>(shape: ReportShape<R>): string[] {
  return shape.columns.map((c) => c.name);
}

/**
 * One issue of an account as text.
 *
 * @param issue the issue
 * @param words the run's language
 * @returns e.g. `ListUsers: AccessDenied: ...`, or AWS's error alone for AssumeRole
 */
export function issueText(issue: AccountIssue, words: Words): string {
  if (issue.stage === "interrupted") return words.terms.interrupted;
  if ("incompleteUsers" in issue) return words.terms.incompleteUsers(issue.incompleteUsers);
  const error = errorText(issue.error);
  return issue.action ? `${issue.action}: ${error}` : error;
}

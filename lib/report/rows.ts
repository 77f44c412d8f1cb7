/**
 * The reports' columns and the pure functions that turn audit records into rows.
 *
 * The first columns of the IAM and CloudTrail reports are the original tool's, in its order, so that
 * existing spreadsheets keep working; ours follow. Changing any of this changes a documented interface.
 *
 * @module
 */
import { daysBetween, isoUtc } from "../util/dates.ts";
import {
  type FindingThresholds,
  keyFindings,
  rootFindings,
  sortFindings,
  userFindings,
} from "../model/findings.ts";
import type { Messages } from "../i18n/messages.ts";
import type { AccountResult, EventRecord, KeyAudit, OrgAccount, UserAudit } from "../model/records.ts";

/** Columns of `iam_audit_report_*.csv`. */
export const IAM_COLUMNS = [
  "account_id",
  "account_name",
  "username",
  "password_status",
  "password_last_used",
  "access_key_id",
  "status",
  "created_date",
  "last_used_date",
  "service_name",
  "mfa_status",
  "user_arn",
  "user_created",
  "mfa_devices",
  "key_age_days",
  "last_used_region",
  "read_errors",
  "direct_policies",
  "findings",
] as const;

/** Columns of `cloudtrail_events_*.csv`. */
export const EVENT_COLUMNS = [
  "eventTime",
  "eventName",
  "username",
  "account_id",
  "account_name",
  "resources",
  "event_id",
  "access_key_id",
  "source_ip",
  "user_agent",
  "error_code",
  "aws_region",
] as const;

/** Columns of `accounts_*.csv`. */
export const ACCOUNT_COLUMNS = [
  "account_id",
  "account_name",
  "account_state",
  "audit_result",
  "reason",
  "users",
  "access_keys",
  "cloudtrail_events",
  "api_calls",
  "throttled_calls",
  "seconds",
  "root_mfa",
  "root_access_keys",
  "root_last_console_login",
  "findings",
] as const;

/** A row of the IAM report: one value per column, in `IAM_COLUMNS` order. */
export type IamRow = Record<(typeof IAM_COLUMNS)[number], string | number>;
/** A row of the CloudTrail report. */
export type EventRow = Record<(typeof EVENT_COLUMNS)[number], string>;
/** A row of the accounts report. */
export type AccountRow = Record<(typeof ACCOUNT_COLUMNS)[number], string | number>;

/** What row building needs besides the records. */
export interface RowContext {
  /** The language's words (`Configurada`, `Nunca`, ...). */
  words: Messages;
  /** The run's start, for ages. */
  now: Date;
  thresholds: FindingThresholds;
}

/** Separator of several codes or names in one cell. */
export const LIST_SEPARATOR = ";";

/**
 * The IAM report's rows for one user: one per access key, or a single row with empty key columns
 * when the user has no key (so console-only users are audited too).
 *
 * @param account the account the user belongs to
 * @param user what was read about the user
 * @param context words, clock and thresholds
 * @returns one or more rows
 */
export function iamRows(account: OrgAccount, user: UserAudit, context: RowContext): IamRow[] {
  const { words, now, thresholds } = context;
  const forUser = userFindings(user, thresholds, now);
  const passwordStatus = user.hasLoginProfile === undefined
    ? ""
    : user.hasLoginProfile
    ? words.passwordConfigured
    : words.passwordNotConfigured;
  const base = {
    account_id: account.id,
    account_name: account.name,
    username: user.userName,
    password_status: passwordStatus,
    password_last_used: user.passwordLastUsed ? isoUtc(user.passwordLastUsed) : words.passwordNever,
    mfa_status: user.mfa?.kind ?? "",
    user_arn: user.arn ?? "",
    user_created: isoUtc(user.createDate),
    mfa_devices: user.mfa ? user.mfa.count : "",
    read_errors: user.errors.join("; "),
    direct_policies: user.directPolicies?.join(LIST_SEPARATOR) ?? "",
  };
  const keys = user.keys ?? [];
  if (keys.length === 0) {
    return [{
      ...base,
      access_key_id: "",
      status: "",
      created_date: "",
      last_used_date: "",
      service_name: "",
      key_age_days: "",
      last_used_region: "",
      findings: forUser.join(LIST_SEPARATOR),
    }];
  }
  return keys.map((key) => ({
    ...base,
    ...keyColumns(key, words, now),
    findings: sortFindings([...forUser, ...keyFindings(key, user, thresholds, now)]).join(LIST_SEPARATOR),
  }));
}

function keyColumns(key: KeyAudit, words: Messages, now: Date) {
  const known = key.lastUsedError === undefined;
  const neverUsed = known && key.lastUsedDate === undefined;
  return {
    access_key_id: key.accessKeyId,
    status: key.status,
    created_date: isoUtc(key.createDate),
    last_used_date: neverUsed ? words.keyNeverUsed : isoUtc(key.lastUsedDate),
    service_name: neverUsed ? "N/A" : known ? key.lastUsedService ?? "" : "",
    key_age_days: key.createDate ? daysBetween(key.createDate, now) : "",
    last_used_region: known && key.lastUsedRegion && key.lastUsedRegion !== "N/A" ? key.lastUsedRegion : "",
  };
}

/**
 * The CloudTrail report's row for one event.
 *
 * @param account the account whose event history it comes from
 * @param event the event
 * @returns the row
 */
export function eventRow(account: OrgAccount, event: EventRecord): EventRow {
  return {
    eventTime: isoUtc(event.eventTime),
    eventName: event.eventName,
    username: event.username ?? "",
    account_id: account.id,
    account_name: account.name,
    resources: event.resources.join(", "),
    event_id: event.eventId,
    access_key_id: event.accessKeyId ?? "",
    source_ip: event.sourceIp ?? "",
    user_agent: event.userAgent ?? "",
    error_code: event.errorCode ?? "",
    aws_region: event.awsRegion ?? "",
  };
}

/**
 * The accounts report's row for one account's result.
 *
 * @param result the account's outcome
 * @returns the row
 */
export function accountRow(result: AccountResult): AccountRow {
  const { account } = result;
  const base = { account_id: account.id, account_name: account.name, account_state: account.state };
  if (result.kind === "skipped") {
    return {
      ...base,
      audit_result: "skipped",
      reason: result.reason,
      users: "",
      access_keys: "",
      cloudtrail_events: "",
      api_calls: "",
      throttled_calls: "",
      seconds: "",
      root_mfa: "",
      root_access_keys: "",
      root_last_console_login: "",
      findings: "",
    };
  }
  return {
    ...base,
    audit_result: result.kind === "failed" && result.stage === "interrupted" ? "interrupted" : result.kind,
    reason: result.kind === "failed" ? `${result.stage}: ${result.reason}` : "",
    users: result.users.length,
    access_keys: countKeys(result.users),
    cloudtrail_events: result.events.length,
    api_calls: result.stats.apiCalls,
    throttled_calls: result.stats.throttled,
    seconds: Math.round(result.stats.seconds * 100) / 100,
    root_mfa: result.root.mfa ?? "",
    root_access_keys: result.root.accessKeys ?? "",
    root_last_console_login: isoUtc(result.root.lastConsoleLogin),
    findings: rootFindings(result.root).join(LIST_SEPARATOR),
  };
}

/**
 * Number of access keys among users (a keyless user's row is not a key).
 *
 * @param users users of one or more accounts
 * @returns how many keys they have
 */
export function countKeys(users: readonly UserAudit[]): number {
  let n = 0;
  for (const user of users) n += user.keys?.length ?? 0;
  return n;
}

/**
 * An account's result assessed: its findings computed once, and what it holds laid out as the reports'
 * records (the IAM report's one per access key or user without keys, the credentials report's one per
 * other long-lived credential), still typed. Every sink — the reports, the HTML page, the run's tally —
 * reads these; nothing downstream recomputes a finding.
 *
 * @module
 */
import { daysBetween } from "../util/dates.ts";
import { type FindingCode, type FindingThresholds, sortFindings } from "./findings.ts";
import {
  type AccountIssue,
  type AccountResult,
  type AuditOutcome,
  type EventRecord,
  type KeyAudit,
  type OrgAccount,
  type OtherCredential,
  outcomeOf,
  type RootManagement,
  type RootPosture,
  type UserAudit,
} from "./records.ts";
import {
  credentialFindings,
  keyFindings,
  rootFindings,
  type RootState,
  rootState,
  userFindings,
} from "./rules.ts";

/** What assessing needs besides an account's result. */
export interface AssessmentContext {
  thresholds: FindingThresholds;
  /** The run's start, for ages. */
  now: Date;
  /** The organization's central root access management, when it was read. */
  rootManagement?: RootManagement;
  /** The organization's management account (the caller's). */
  managementAccountId?: string;
}

/** One record of the IAM report: an access key of a user, or a user without keys. */
export interface IamRecord {
  account: OrgAccount;
  user: UserAudit;
  /** Absent for a user without keys. */
  key?: KeyAudit;
  /** Whole days from the key's creation to the run's start; absent without a key or its date. */
  keyAgeDays?: number;
  /** The key is known never to have been used (its last use was read, and there is none). */
  keyNeverUsed: boolean;
  /** The user's findings and the key's, in report order. */
  findings: FindingCode[];
}

/** One record of the credentials report: a long-lived credential other than an access key. */
export interface CredentialRecord {
  account: OrgAccount;
  user: UserAudit;
  credential: OtherCredential;
  /** Whole days from its creation to the run's start. */
  ageDays?: number;
  findings: FindingCode[];
}

/** An account's result with everything the sinks need. */
export interface AssessedAccount {
  result: AccountResult;
  account: OrgAccount;
  outcome: AuditOutcome;
  /** The IAM report's records; none for a skipped or interrupted account. */
  iam: IamRecord[];
  /** The credentials report's records; none for a skipped or interrupted account. */
  credentials: CredentialRecord[];
  /** The CloudTrail report's events; none for a skipped or interrupted account. */
  events: EventRecord[];
  /** The root user, when the account was audited (even partly). */
  root?: RootPosture;
  /** The root user's state, when it could be read. */
  rootState?: RootState;
  /** The root user's findings (and the organization's, on the management account). */
  rootFindings: FindingCode[];
  /** The organization's central root access management, on every audited account's row. */
  rootManagement?: RootManagement;
  /** What the audit found in the account, interrupted or not. */
  counts: { users: number; keys: number; credentials: number; events: number };
  /** What went wrong, for a failed or interrupted account. */
  issues: AccountIssue[];
}

/**
 * Assesses one account's result.
 *
 * @param result the account's result
 * @param context thresholds, clock, and the organization's root access management
 * @returns the assessed account
 */
export function assessAccount(result: AccountResult, context: AssessmentContext): AssessedAccount {
  const { account } = result;
  const outcome = outcomeOf(result);
  if (result.kind === "skipped") {
    return {
      result,
      account,
      outcome,
      iam: [],
      credentials: [],
      events: [],
      rootFindings: [],
      counts: { users: 0, keys: 0, credentials: 0, events: 0 },
      issues: [],
    };
  }
  const { thresholds, now, rootManagement } = context;
  const isManagement = account.id === context.managementAccountId;
  const reported = outcome !== "interrupted";
  return {
    result,
    account,
    outcome,
    iam: reported ? result.users.flatMap((user) => iamRecords(account, user, thresholds, now)) : [],
    credentials: reported
      ? result.users.flatMap((user) => credentialRecords(account, user, thresholds, now))
      : [],
    events: reported ? result.events : [],
    root: result.root,
    rootState: rootState(result.root, rootManagement, isManagement),
    rootFindings: rootFindings(result.root, rootManagement, isManagement),
    rootManagement,
    counts: {
      users: result.users.length,
      keys: countKeys(result.users),
      credentials: result.users.reduce((n, u) => n + u.credentials.length, 0),
      events: result.events.length,
    },
    issues: result.kind === "failed" ? result.issues : [],
  };
}

/**
 * The IAM report's records of one user: one per access key, or one without a key when the user has
 * none (so console-only users are audited too).
 *
 * @param account the account the user belongs to
 * @param user what was read about the user
 * @param thresholds the findings' thresholds
 * @param now the run's start
 * @returns one or more records
 */
export function iamRecords(
  account: OrgAccount,
  user: UserAudit,
  thresholds: FindingThresholds,
  now: Date,
): IamRecord[] {
  const forUser = userFindings(user, thresholds, now);
  const keys = user.keys ?? [];
  if (keys.length === 0) return [{ account, user, keyNeverUsed: false, findings: sortFindings(forUser) }];
  return keys.map((key) => ({
    account,
    user,
    key,
    keyAgeDays: key.createDate ? daysBetween(key.createDate, now) : undefined,
    keyNeverUsed: key.lastUsedError === undefined && key.lastUsedDate === undefined,
    findings: sortFindings([...forUser, ...keyFindings(key, user, thresholds, now)]),
  }));
}

/**
 * The credentials report's records of one user: one per long-lived credential other than an access key.
 *
 * @param account the account the user belongs to
 * @param user what was read about the user
 * @param thresholds the findings' thresholds
 * @param now the run's start
 * @returns the records, possibly none
 */
export function credentialRecords(
  account: OrgAccount,
  user: UserAudit,
  thresholds: FindingThresholds,
  now: Date,
): CredentialRecord[] {
  return user.credentials.map((credential) => ({
    account,
    user,
    credential,
    ageDays: credential.createDate ? daysBetween(credential.createDate, now) : undefined,
    findings: sortFindings(credentialFindings(credential, thresholds, now)),
  }));
}

/**
 * Number of access keys among users (a keyless user's record is not a key).
 *
 * @param users users of one or more accounts
 * @returns how many keys they have
 */
export function countKeys(users: readonly UserAudit[]): number {
  let n = 0;
  for (const user of users) n += user.keys?.length ?? 0;
  return n;
}

/**
 * What the stages pass to each other: accounts, what was read about users and keys, CloudTrail
 * events, the root user, and each account's result. Plain typed data, no behaviour.
 *
 * @module
 */
import type { ErrorSummary } from "../aws/service_errors.ts";

/** An account of the organization, as Organizations lists it. */
export interface OrgAccount {
  id: string;
  name: string;
  email?: string;
  /** `State` (or the legacy `Status` when `State` is absent), e.g. ACTIVE, SUSPENDED. */
  state: string;
}

/** Kind of the strongest MFA device of a user. */
export type MfaKind = "None" | "Virtual" | "Hardware";

/** A credential's status as IAM reports it. */
export type CredentialStatus = "Active" | "Inactive" | "Expired";

/** A call that failed (after retries) while reading a user or an account. */
export interface ReadError {
  /** The API action, e.g. `GetLoginProfile`. */
  action: string;
  error: ErrorSummary;
}

/** One access key and its last use. */
export interface KeyAudit {
  accessKeyId: string;
  /** Absent if IAM did not say. */
  status?: CredentialStatus;
  createDate?: Date;
  /** Absent when the key was never used (or its last use could not be read: see `lastUsedError`). */
  lastUsedDate?: Date;
  /** `N/A` for a never-used key, as AWS reports it. */
  lastUsedService?: string;
  lastUsedRegion?: string;
  /** Set when GetAccessKeyLastUsed failed; the other fields are then unknown, not "never used". */
  lastUsedError?: ReadError;
}

/** The kinds of long-lived user credential besides access keys and the console password. */
export type CredentialKind = "service-specific" | "ssh-public-key" | "signing-certificate";

/**
 * A long-lived credential of a user other than an access key: a service-specific credential (CodeCommit
 * Git credentials, Amazon Keyspaces passwords, Amazon Bedrock and CloudWatch Logs API keys), an SSH
 * public key (CodeCommit), or an X.509 signing certificate. IAM never returns their secrets.
 */
export interface OtherCredential {
  kind: CredentialKind;
  /** `ServiceSpecificCredentialId`, `SSHPublicKeyId` or `CertificateId`. */
  id: string;
  status?: CredentialStatus;
  /** When it was created (service-specific) or uploaded (SSH key, certificate). */
  createDate?: Date;
  /** When it expires (service-specific credentials that can); absent: it never expires. */
  expiration?: Date;
  /** The service it is for (service-specific credentials), e.g. `bedrock.amazonaws.com`. */
  serviceName?: string;
  /** The user name to give the service (CodeCommit, Keyspaces). */
  serviceUserName?: string;
  /** The API key's alias (Bedrock). */
  alias?: string;
}

/** Everything read about one IAM user. */
export interface UserAudit {
  userName: string;
  arn?: string;
  userId?: string;
  createDate?: Date;
  passwordLastUsed?: Date;
  /** true: console password; false: none; undefined: could not be read. */
  hasLoginProfile?: boolean;
  loginProfileCreateDate?: Date;
  mfa?: { kind: MfaKind; count: number };
  /** Undefined when the keys could not be listed. */
  keys?: KeyAudit[];
  /** Its other long-lived credentials (the kinds that could be listed; `errors` names the others). */
  credentials: OtherCredential[];
  /**
   * Managed policies attached to the user and names of its inline policies (read with `--policies`);
   * undefined when not read.
   */
  directPolicies?: string[];
  /** What could not be read about this user. */
  errors: ReadError[];
}

/** A CloudTrail event, as the report shows it. */
export interface EventRecord {
  eventTime?: Date;
  eventName: string;
  username?: string;
  resources: string[];
  eventId: string;
  accessKeyId?: string;
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  awsRegion?: string;
  /** `userIdentity.type` of the caller: `IAMUser`, `AssumedRole`, `Root`, ... (not in the report). */
  identityType?: string;
}

/** The root user's posture in one account. */
export interface RootPosture {
  /** `None`, `Virtual` or `Hardware`; undefined when it could not be read. */
  mfa?: MfaKind;
  /** Number of root access keys; undefined when it could not be read. */
  accessKeys?: number;
  /** Whether the root user has a console password (`AccountPasswordPresent`); undefined when unknown. */
  password?: boolean;
  /** Number of root signing certificates (`AccountSigningCertificatesPresent`); undefined when unknown. */
  signingCertificates?: number;
  /** Last root console sign-in within the window; undefined when none or not looked up. */
  lastConsoleLogin?: Date;
}

/**
 * Whether the organization manages its member accounts' root credentials centrally (IAM
 * `ListOrganizationsFeatures`, `RootCredentialsManagement`): on, off, or not readable (and why).
 */
export type RootManagement =
  | { state: "enabled"; features: string[] }
  | { state: "disabled"; features: string[] }
  | { state: "unknown"; error: ErrorSummary };

/** Stage of the audit an account failed in. */
export type FailureStage = "assume-role" | "users" | "root" | "cloudtrail" | "interrupted";

/** One thing that went wrong in an account's audit. */
export type AccountIssue =
  /** A call failed after retries (`action` absent for AssumeRole, whose error says it all). */
  | { stage: Exclude<FailureStage, "interrupted">; action?: string; error: ErrorSummary }
  /** Some users were reported with parts missing (their `errors` say which). */
  | { stage: "users"; incompleteUsers: number }
  /** The run was interrupted before the account finished. */
  | { stage: "interrupted" };

/** Counters of one account's work, for the accounts report. */
export interface AccountStats {
  apiCalls: number;
  throttled: number;
  seconds: number;
}

/** What was read in an account that was audited, completely or not. */
export interface AccountReading {
  account: OrgAccount;
  users: UserAudit[];
  events: EventRecord[];
  root: RootPosture;
  stats: AccountStats;
}

/**
 * The outcome of one account: audited completely; failed (with the stage of the first issue, every
 * issue, and whatever was read before or beside them); interrupted (cut short: none of its data is
 * reported); or skipped because it is not ACTIVE.
 */
export type AccountResult =
  | ({ kind: "audited" } & AccountReading)
  | ({ kind: "failed"; stage: FailureStage; issues: AccountIssue[] } & AccountReading)
  | { kind: "skipped"; account: OrgAccount; state: string };

/** How an account ended, as the accounts report's `audit_result` says it. */
export type AuditOutcome = "audited" | "failed" | "skipped" | "interrupted";

/**
 * How an account ended.
 *
 * @param result the account's result
 * @returns `interrupted` for a failure whose stage is the interruption, else the result's kind
 */
export function outcomeOf(result: AccountResult): AuditOutcome {
  return result.kind === "failed" && result.stage === "interrupted" ? "interrupted" : result.kind;
}

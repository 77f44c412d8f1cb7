/**
 * What the stages pass to each other: accounts, what was read about users and keys, CloudTrail
 * events, and each account's result. Plain data, no behaviour.
 *
 * @module
 */
import type { RootPosture } from "./findings.ts";

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

/** One access key and its last use. */
export interface KeyAudit {
  accessKeyId: string;
  status: string;
  createDate?: Date;
  /** Absent when the key was never used (or its last use could not be read: see `lastUsedError`). */
  lastUsedDate?: Date;
  /** `N/A` for a never-used key, as AWS reports it. */
  lastUsedService?: string;
  lastUsedRegion?: string;
  /** Set when GetAccessKeyLastUsed failed; the other fields are then unknown, not "never used". */
  lastUsedError?: string;
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
  /**
   * Managed policies attached to the user and names of its inline policies (read with `--policies`);
   * undefined when not read.
   */
  directPolicies?: string[];
  /** What could not be read about this user, one line each (`ListAccessKeys: AccessDenied: ...`). */
  errors: string[];
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

/** Stage of the audit an account failed in. */
export type FailureStage = "assume-role" | "users" | "root" | "cloudtrail" | "interrupted";

/** Counters of one account's work, for the accounts report. */
export interface AccountStats {
  apiCalls: number;
  throttled: number;
  seconds: number;
}

/**
 * The outcome of one account: audited completely, failed (with the stage, the reason, and whatever
 * was read before or beside the failure), or skipped because it is not ACTIVE.
 */
export type AccountResult =
  | {
    kind: "audited";
    account: OrgAccount;
    users: UserAudit[];
    events: EventRecord[];
    root: RootPosture;
    stats: AccountStats;
  }
  | {
    kind: "failed";
    account: OrgAccount;
    stage: FailureStage;
    reason: string;
    /** Whatever was read before the failure is still reported. */
    users: UserAudit[];
    events: EventRecord[];
    root: RootPosture;
    stats: AccountStats;
  }
  | { kind: "skipped"; account: OrgAccount; reason: string };

/**
 * The run's tally: every aggregate a report shows, computed once, account by account, in memory that
 * does not grow with the number of accounts (the failed accounts aside, which the console lists at the
 * end). The console's progress and summary, the HTML report and the exit code all read this one
 * object, so their numbers agree by construction.
 *
 * Counting rules: a key-level finding counts once per key, a credential-level one once per credential,
 * a user-level one once per user (the IAM report repeats it on each of the user's rows), an
 * account-level (or organization-level) one once per account.
 *
 * @module
 */
import type { AssessedAccount, CredentialRecord, IamRecord } from "./assessment.ts";
import {
  FINDING_CODES,
  type FindingCode,
  FINDINGS,
  type FindingThresholds,
  type Severity,
} from "./findings.ts";
import type {
  AccountIssue,
  AuditOutcome,
  CredentialKind,
  FailureStage,
  MfaKind,
  OrgAccount,
  RootManagement,
} from "./records.ts";
import type { RootState } from "./rules.ts";

/** How many accounts the findings ranking keeps: the HTML report's chart shows them all, the console ten. */
export const TOP_ACCOUNTS = 15;

/** Upper bounds (inclusive, days) of the key age buckets; the last bucket is open-ended. */
export const KEY_AGE_BUCKET_LIMITS: readonly number[] = [30, 90, 180, 365];

/** Counts of one finding code. */
export interface CodeCounts {
  /** Keys with the code (key-level codes). */
  keys: number;
  /** Other long-lived credentials with the code (credential-level codes). */
  credentials: number;
  /** Distinct users with the code (key- and user-level codes). */
  users: number;
  /** Accounts with the code. */
  accounts: number;
}

/** Users (or root users) by MFA kind; `unknown` when it could not be read. */
export type MfaCounts = Record<MfaKind | "unknown", number>;

/** An account and how many findings it has, by severity. */
export interface AccountFindingCount {
  account: OrgAccount;
  total: number;
  bySeverity: Record<Severity, number>;
}

/** An account that could not be audited completely, for the console's list. */
export interface FailedAccount {
  account: OrgAccount;
  stage: FailureStage;
  issues: AccountIssue[];
}

/**
 * How many things a finding code's count is made of: keys, users or accounts, by its scope.
 *
 * @param code the code
 * @param counts its counts
 * @returns the number the legend and the ranking use
 */
export function occurrences(code: FindingCode, counts: CodeCounts): number {
  const scope = FINDINGS[code].scope;
  return scope === "key"
    ? counts.keys
    : scope === "credential"
    ? counts.credentials
    : scope === "user"
    ? counts.users
    : counts.accounts;
}

/**
 * The key age bucket of an age.
 *
 * @param days age in days
 * @returns index into the buckets of {@link KEY_AGE_BUCKET_LIMITS} (the last is open-ended)
 */
export function keyAgeBucket(days: number): number {
  const i = KEY_AGE_BUCKET_LIMITS.findIndex((limit) => days <= limit);
  return i === -1 ? KEY_AGE_BUCKET_LIMITS.length : i;
}

/** Accumulates a run. */
export class RunTally {
  /** The thresholds the numbers follow (e.g. "keys older than `maxKeyAgeDays`"). */
  readonly thresholds: FindingThresholds;
  /** Accounts by how they ended. */
  readonly outcomes: Record<AuditOutcome, number> = { audited: 0, failed: 0, skipped: 0, interrupted: 0 };
  /** IAM users reported (of audited and failed accounts). */
  users = 0;
  /** Access keys reported. */
  keys = 0;
  activeKeys = 0;
  /** Keys (active or not) older than `thresholds.maxKeyAgeDays`. */
  keysOverMaxAge = 0;
  /** Keys known never to have been used. */
  keysNeverUsed = 0;
  /** CloudTrail events reported. */
  events = 0;
  /** AWS requests made, retries included, and how many AWS throttled. */
  apiCalls = 0;
  throttled = 0;
  /** Users with a console password, and of those the ones with an MFA device. */
  consoleUsers = 0;
  consoleUsersWithMfa = 0;
  /** Users by the kind of their strongest MFA device. */
  readonly usersByMfa: MfaCounts = { Hardware: 0, Virtual: 0, None: 0, unknown: 0 };
  /** Audited (or failed) accounts by their root user's MFA. */
  readonly rootMfa: MfaCounts = { Hardware: 0, Virtual: 0, None: 0, unknown: 0 };
  /** Accounts whose root user has access keys or no MFA (and something to sign in with). */
  accountsWithRootIssues = 0;
  /** Audited (or failed) accounts by their root user's state; `unknown` when it could not be read. */
  readonly rootStates: Record<RootState | "unknown", number> = {
    no_credentials: 0,
    credentials_remain: 0,
    hardware_mfa: 0,
    virtual_mfa: 0,
    no_mfa: 0,
    unknown: 0,
  };
  /** The organization's central root access management, as the accounts' assessments carry it. */
  rootManagement?: RootManagement;
  /** Other long-lived credentials, by kind: how many, and how many are active. */
  readonly credentials: Record<CredentialKind, { total: number; active: number }> = {
    "service-specific": { total: 0, active: 0 },
    "ssh-public-key": { total: 0, active: 0 },
    "signing-certificate": { total: 0, active: 0 },
  };
  /** Keys by age bucket, active and inactive. */
  readonly keyAges = {
    active: new Array<number>(KEY_AGE_BUCKET_LIMITS.length + 1).fill(0),
    inactive: new Array<number>(KEY_AGE_BUCKET_LIMITS.length + 1).fill(0),
  };
  /** Counts per finding code, every code present, in report order. */
  readonly findings: ReadonlyMap<FindingCode, CodeCounts> = new Map(
    FINDING_CODES.map((code) => [code, { keys: 0, credentials: 0, users: 0, accounts: 0 }]),
  );
  /** Accounts that failed (interrupted ones aside), in the order they finished. */
  readonly failed: FailedAccount[] = [];
  readonly #top: AccountFindingCount[] = [];

  /** @param thresholds the run's finding thresholds */
  constructor(thresholds: FindingThresholds) {
    this.thresholds = thresholds;
  }

  /** Accounts finished, whatever their outcome. */
  get accountsDone(): number {
    const o = this.outcomes;
    return o.audited + o.failed + o.skipped + o.interrupted;
  }

  /** The accounts with the most findings, most first (ties by account id), at most {@link TOP_ACCOUNTS}. */
  get topAccounts(): readonly AccountFindingCount[] {
    return this.#top;
  }

  /**
   * Adds one finished account.
   *
   * @param assessed the account, assessed
   */
  add(assessed: AssessedAccount): void {
    this.outcomes[assessed.outcome]++;
    const { result } = assessed;
    if (result.kind !== "skipped") {
      this.apiCalls += result.stats.apiCalls;
      this.throttled += result.stats.throttled;
    }
    if (result.kind === "failed" && assessed.outcome === "failed") {
      this.failed.push({ account: assessed.account, stage: result.stage, issues: result.issues });
    }
    if (assessed.outcome !== "audited" && assessed.outcome !== "failed") return;
    this.users += assessed.counts.users;
    this.keys += assessed.counts.keys;
    this.events += assessed.events.length;
    this.#addRoot(assessed);
    const perCode = this.#addIam(assessed.iam);
    this.#addCredentials(assessed.credentials, perCode);
    for (const code of assessed.rootFindings) {
      perCode.set(code, { keys: 0, credentials: 0, users: 0, accounts: 1 });
    }
    const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    let total = 0;
    for (const [code, counts] of perCode) {
      const run = this.findings.get(code)!;
      run.keys += counts.keys;
      run.credentials += counts.credentials;
      run.users += counts.users;
      run.accounts++;
      const n = occurrences(code, counts);
      bySeverity[FINDINGS[code].severity] += n;
      total += n;
    }
    if (total > 0) this.#rank({ account: assessed.account, total, bySeverity });
  }

  #addRoot(assessed: AssessedAccount): void {
    const root = assessed.root ?? {};
    this.rootMfa[root.mfa ?? "unknown"]++;
    this.rootStates[assessed.rootState ?? "unknown"]++;
    if (assessed.rootFindings.some((code) => code === "ROOT_ACCESS_KEYS" || code === "ROOT_NO_MFA")) {
      this.accountsWithRootIssues++;
    }
    this.rootManagement ??= assessed.rootManagement;
  }

  /** Adds an account's other credentials to the run's counts and to the account's counts per code. */
  #addCredentials(records: readonly CredentialRecord[], perCode: Map<FindingCode, CodeCounts>): void {
    const usersByCode = new Map<FindingCode, Set<string>>();
    for (const { credential, user, findings } of records) {
      const kind = this.credentials[credential.kind];
      kind.total++;
      if (credential.status === "Active") kind.active++;
      for (const code of findings) {
        let counts = perCode.get(code);
        if (!counts) perCode.set(code, counts = { keys: 0, credentials: 0, users: 0, accounts: 0 });
        counts.credentials++;
        let users = usersByCode.get(code);
        if (!users) usersByCode.set(code, users = new Set());
        users.add(user.userName);
      }
    }
    for (const [code, users] of usersByCode) perCode.get(code)!.users = users.size;
  }

  /** Adds an account's IAM records; returns the account's counts per code. */
  #addIam(records: readonly IamRecord[]): Map<FindingCode, CodeCounts> {
    const perCode = new Map<FindingCode, CodeCounts>();
    const usersByCode = new Map<FindingCode, Set<string>>();
    let lastUser: string | undefined;
    for (const record of records) {
      const { user, key } = record;
      // A user's records are consecutive: count the user once.
      if (user.userName !== lastUser) {
        lastUser = user.userName;
        this.usersByMfa[user.mfa?.kind ?? "unknown"]++;
        if (user.hasLoginProfile) {
          this.consoleUsers++;
          if (user.mfa && user.mfa.kind !== "None") this.consoleUsersWithMfa++;
        }
      }
      if (key) {
        const active = key.status === "Active";
        if (active) this.activeKeys++;
        if (record.keyNeverUsed) this.keysNeverUsed++;
        if (record.keyAgeDays !== undefined) {
          if (record.keyAgeDays > this.thresholds.maxKeyAgeDays) this.keysOverMaxAge++;
          this.keyAges[active ? "active" : "inactive"][keyAgeBucket(record.keyAgeDays)]++;
        }
      }
      for (const code of record.findings) {
        let counts = perCode.get(code);
        if (!counts) perCode.set(code, counts = { keys: 0, credentials: 0, users: 0, accounts: 0 });
        if (FINDINGS[code].scope === "key") counts.keys++;
        let users = usersByCode.get(code);
        if (!users) usersByCode.set(code, users = new Set());
        users.add(user.userName);
      }
    }
    for (const [code, users] of usersByCode) perCode.get(code)!.users = users.size;
    return perCode;
  }

  #rank(entry: AccountFindingCount): void {
    const top = this.#top;
    const before = (a: AccountFindingCount, b: AccountFindingCount) =>
      a.total > b.total || (a.total === b.total && a.account.id < b.account.id);
    if (top.length === TOP_ACCOUNTS && !before(entry, top[top.length - 1])) return;
    let i = top.findIndex((t) => before(entry, t));
    if (i === -1) i = top.length;
    top.splice(i, 0, entry);
    if (top.length > TOP_ACCOUNTS) top.pop();
  }
}

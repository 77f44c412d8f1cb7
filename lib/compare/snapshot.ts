/**
 * What a comparison looks at, for either run: per account, its state, root user, findings, users, access
 * keys and other long-lived credentials, each with its findings — keyed so that the same thing in two
 * runs meets itself (an access key by its id, a user by its name, a credential by its id, in its
 * account). The current run's come from its assessed accounts; an earlier run's are read back from its
 * reports (`previous_run.ts`).
 *
 * @module
 */
import type { AssessedAccount } from "../model/assessment.ts";
import { type FindingCode, FINDINGS } from "../model/findings.ts";
import { CREDENTIAL_TYPES } from "../report/columns.ts";
import { isoUtc } from "../util/dates.ts";

/** A user, as a comparison sees it. */
export interface UserSnapshot {
  name: string;
  /** Whether the user has a console password; undefined when unknown (not read, or an unknown word). */
  password?: boolean;
  /** `Hardware`, `Virtual` or `None`; undefined when unknown. */
  mfa?: string;
  /** The user-level findings. */
  findings: Set<string>;
}

/** An access key or another long-lived credential. */
export interface CredentialSnapshot {
  id: string;
  user: string;
  /** `access_key`, or the credentials report's type (`service_specific_credential`, …). */
  type: string;
  status?: string;
  findings: Set<string>;
}

/** An account, as a comparison sees it. */
export interface AccountSnapshot {
  id: string;
  name: string;
  state?: string;
  /** `audited`, `failed`, `skipped`, `interrupted`; undefined in reports that do not say (the original tool's). */
  result?: string;
  /** The root user's state (`no_credentials`, `hardware_mfa`, …), or its MFA kind in older reports. */
  root?: string;
  rootAccessKeys?: number;
  centralRootManagement?: string;
  /** The account's and the organization's findings. */
  findings: Set<string>;
  users: Map<string, UserSnapshot>;
  /** Access keys and other credentials, by id. */
  credentials: Map<string, CredentialSnapshot>;
}

/** The access key type in a comparison (other credentials use the credentials report's types). */
export const ACCESS_KEY = "access_key";

/**
 * The scope a finding code is counted in, for a code this version may not know (a newer run's): key-level
 * on a row with a key, else user-level.
 *
 * @param code a finding code
 * @returns its scope, or undefined for an unknown code
 */
export function scopeOf(code: string): string | undefined {
  return (FINDINGS as Record<string, { scope: string }>)[code]?.scope;
}

/**
 * The current run's view of an account.
 *
 * @param assessed the account, assessed
 * @returns its snapshot
 */
export function snapshotOf(assessed: AssessedAccount): AccountSnapshot {
  const users = new Map<string, UserSnapshot>();
  const credentials = new Map<string, CredentialSnapshot>();
  const isUserCode = (code: FindingCode) => FINDINGS[code].scope === "user";
  for (const record of assessed.iam) {
    const { user, key } = record;
    if (!users.has(user.userName)) {
      users.set(user.userName, {
        name: user.userName,
        password: user.hasLoginProfile,
        mfa: user.mfa?.kind,
        findings: new Set(record.findings.filter(isUserCode)),
      });
    }
    if (key) {
      credentials.set(key.accessKeyId, {
        id: key.accessKeyId,
        user: user.userName,
        type: ACCESS_KEY,
        status: key.status,
        findings: new Set(record.findings.filter((code) => FINDINGS[code].scope === "key")),
      });
    }
  }
  for (const record of assessed.credentials) {
    credentials.set(record.credential.id, {
      id: record.credential.id,
      user: record.user.userName,
      type: CREDENTIAL_TYPES[record.credential.kind],
      status: record.credential.status,
      findings: new Set(record.findings),
    });
  }
  return {
    id: assessed.account.id,
    name: assessed.account.name,
    state: assessed.account.state,
    result: assessed.outcome,
    root: assessed.rootState,
    rootAccessKeys: assessed.root?.accessKeys,
    centralRootManagement: assessed.rootManagement?.state,
    findings: new Set(assessed.rootFindings),
    users,
    credentials,
  };
}

/**
 * A date as the comparison shows it.
 *
 * @param date a date
 * @returns ISO 8601 UTC
 */
export function when(date: Date | undefined): string {
  return isoUtc(date);
}

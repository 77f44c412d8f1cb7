/**
 * Each finding where it occurs, once: a key finding once per access key, a credential finding once per
 * credential, a user finding once per user (the IAM report repeats it on each of the user's key rows), an
 * account finding once per account, the organization finding once (on the management account). Each
 * occurrence has a uid that names what it is about and the code, so that the same finding in the next run
 * has the same uid: what a comparison of runs and the OCSF findings file identify findings by.
 *
 * @module
 */
import type { AssessedAccount, CredentialRecord, IamRecord } from "../model/assessment.ts";
import { type FindingCode, FINDINGS, type FindingScope } from "../model/findings.ts";
import type { CredentialKind, KeyAudit, OrgAccount, UserAudit } from "../model/records.ts";

/** What every occurrence has. */
interface OccurrenceBase {
  code: FindingCode;
  /** Stable across runs; see {@link occurrenceUid}. */
  uid: string;
  account: OrgAccount;
}

/** A finding of one access key. */
export interface KeyOccurrence extends OccurrenceBase {
  scope: "key";
  user: UserAudit;
  key: KeyAudit;
  /** The IAM report's record of the key (its age, whether it was never used). */
  record: IamRecord;
}

/** A finding of one user as a whole. */
export interface UserOccurrence extends OccurrenceBase {
  scope: "user";
  user: UserAudit;
}

/** A finding of one long-lived credential other than an access key. */
export interface CredentialOccurrence extends OccurrenceBase {
  scope: "credential";
  user: UserAudit;
  record: CredentialRecord;
}

/** A finding of an account's root user. */
export interface AccountOccurrence extends OccurrenceBase {
  scope: "account";
}

/** A finding of the organization (raised on its management account). */
export interface OrganizationOccurrence extends OccurrenceBase {
  scope: "organization";
}

/** One finding where it occurs. */
export type FindingOccurrence =
  | KeyOccurrence
  | UserOccurrence
  | CredentialOccurrence
  | AccountOccurrence
  | OrganizationOccurrence;

/** How a uid names each kind of credential. */
const CREDENTIAL_SUBJECTS: Readonly<Record<CredentialKind, string>> = {
  "service-specific": "service-specific-credential",
  "ssh-public-key": "ssh-public-key",
  "signing-certificate": "signing-certificate",
};

/**
 * The uid of a finding where it occurs: `iam-audit:ACCOUNT:SUBJECT:CODE`, with the subject
 * `access-key/ID`, `user/NAME`, `service-specific-credential/ID`, `ssh-public-key/ID`,
 * `signing-certificate/ID`, `root` or `organization`. Built only from what identifies the finding (never
 * from a date or a count), so the same finding gets the same uid in every run; readable, so a person can
 * tell what it is about. IAM user names cannot hold `:` or `/`, nor can the IDs.
 *
 * @param accountId the account the finding is in (the management account for the organization's)
 * @param subject what it is about, as above
 * @param code the finding
 * @returns the uid
 * @example
 * ```ts
 * occurrenceUid("222222222222", "access-key/AKIAIOSFODNN7EXAMPLE", "KEY_NOT_ROTATED");
 * // "iam-audit:222222222222:access-key/AKIAIOSFODNN7EXAMPLE:KEY_NOT_ROTATED"
 * ```
 */
export function occurrenceUid(accountId: string, subject: string, code: FindingCode): string {
  return `iam-audit:${accountId}:${subject}:${code}`;
}

/**
 * The subject part of a credential's finding uids.
 *
 * @param kind the credential's kind
 * @param id its ID
 * @returns e.g. `ssh-public-key/APKAEXAMPLE`
 */
export function credentialSubject(kind: CredentialKind, id: string): string {
  return `${CREDENTIAL_SUBJECTS[kind]}/${id}`;
}

/**
 * Every finding of an assessed account where it occurs, once each: for each user (in the report's
 * order) its user findings, then its keys' findings key by key; then the other credentials' findings;
 * then the root user's; then the organization's. Codes keep the report order within each.
 *
 * @param assessed the account, assessed
 * @returns the occurrences; none for a skipped or interrupted account
 * @example
 * ```ts
 * for (const o of findingOccurrences(assessed)) console.log(o.uid);
 * ```
 */
export function findingOccurrences(assessed: AssessedAccount): FindingOccurrence[] {
  const { account } = assessed;
  const out: FindingOccurrence[] = [];
  const usersSeen = new Set<string>();
  for (const record of assessed.iam) {
    const { user, key } = record;
    if (!usersSeen.has(user.userName)) {
      usersSeen.add(user.userName);
      for (const code of ofScope(record.findings, "user")) {
        out.push({ scope: "user", code, uid: uid(account, `user/${user.userName}`, code), account, user });
      }
    }
    if (!key) continue;
    for (const code of ofScope(record.findings, "key")) {
      const subject = `access-key/${key.accessKeyId}`;
      out.push({ scope: "key", code, uid: uid(account, subject, code), account, user, key, record });
    }
  }
  for (const record of assessed.credentials) {
    const subject = credentialSubject(record.credential.kind, record.credential.id);
    for (const code of ofScope(record.findings, "credential")) {
      out.push({
        scope: "credential",
        code,
        uid: uid(account, subject, code),
        account,
        user: record.user,
        record,
      });
    }
  }
  for (const code of ofScope(assessed.rootFindings, "account")) {
    out.push({ scope: "account", code, uid: uid(account, "root", code), account });
  }
  for (const code of ofScope(assessed.rootFindings, "organization")) {
    out.push({ scope: "organization", code, uid: uid(account, "organization", code), account });
  }
  return out;
}

function ofScope(codes: readonly FindingCode[], scope: FindingScope): FindingCode[] {
  return codes.filter((code) => FINDINGS[code].scope === scope);
}

function uid(account: OrgAccount, subject: string, code: FindingCode): string {
  return occurrenceUid(account.id, subject, code);
}

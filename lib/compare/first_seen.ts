/**
 * When this run's findings were first seen, for the OCSF file's `first_seen_time`: as the earlier run's
 * own OCSF file said (so the time carries on from run to run), else the earlier run's start when its
 * reports had the finding, else not known before (this run's start).
 *
 * @module
 */
import type { FindingCode } from "../model/findings.ts";
import type { CredentialKind } from "../model/records.ts";
import { CREDENTIAL_TYPES } from "../report/columns.ts";
import { credentialSubject, occurrenceUid } from "../report/finding_occurrences.ts";
import type { SeenTimes } from "../report/ocsf.ts";
import type { PreviousRun } from "./previous_run.ts";
import { ACCESS_KEY, type AccountSnapshot, scopeOf } from "./snapshot.ts";

const KIND_OF_TYPE = new Map(
  (Object.entries(CREDENTIAL_TYPES) as [CredentialKind, string][]).map(([kind, type]) => [type, kind]),
);

/**
 * The uids of an earlier run's findings in one account, as the OCSF file names them.
 *
 * @param account the account as the earlier run reported it
 * @returns the uids (a code this version does not know still names its finding the same way)
 */
export function findingUids(account: AccountSnapshot): Set<string> {
  const uids = new Set<string>();
  for (const code of account.findings) {
    const subject = scopeOf(code) === "organization" ? "organization" : "root";
    uids.add(occurrenceUid(account.id, subject, code as FindingCode));
  }
  for (const user of account.users.values()) {
    for (const code of user.findings) {
      uids.add(occurrenceUid(account.id, `user/${user.name}`, code as FindingCode));
    }
  }
  for (const credential of account.credentials.values()) {
    const kind = KIND_OF_TYPE.get(credential.type);
    const subject = credential.type === ACCESS_KEY
      ? `access-key/${credential.id}`
      : kind
      ? credentialSubject(kind, credential.id)
      : undefined;
    if (!subject) continue;
    for (const code of credential.findings) uids.add(occurrenceUid(account.id, subject, code as FindingCode));
  }
  return uids;
}

/**
 * When the findings of one account were first seen, as far as the earlier run tells.
 *
 * @param previous the earlier run
 * @param before the account as the earlier run reported it (none: not in it)
 * @returns the first-seen time of a finding by uid, or undefined when not seen before
 */
export function firstSeenIn(
  previous: PreviousRun,
  before: AccountSnapshot | undefined,
): (uid: string) => SeenTimes | undefined {
  const earlier = before && previous.findings ? findingUids(before) : new Set<string>();
  return (uid) => {
    const recorded = previous.firstSeen?.get(uid);
    if (recorded !== undefined && earlier.has(uid)) return { first: new Date(recorded) };
    return earlier.has(uid) ? { first: previous.startedAt } : undefined;
  };
}

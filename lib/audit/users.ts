/**
 * Third stage: the IAM users of one account with their access keys, the keys' last use, MFA devices,
 * console password and other long-lived credentials (`other_credentials.ts`).
 *
 * @module
 */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListMFADevices,
  paginateListUserPolicies,
  paginateListUsers,
  type User,
} from "@aws-sdk/client-iam";
import { isNoSuchEntity, summarizeError } from "../aws/service_errors.ts";
import { classifyMfa } from "./mfa.ts";
import { DeniedActions, readOtherCredentials } from "./other_credentials.ts";
import { orderedPooledMap } from "../util/pool.ts";
import type { KeyAudit, ReadError, UserAudit } from "../model/records.ts";

/** ListUsers' page when no `MaxItems` is given: a listing that goes on is taken to hold a page more. */
const LIST_PAGE = 100;

/** How far the reading of an account's users has gone, as {@link auditUsers} counts it. */
export class UsersProgress {
  /** Users ListUsers returned so far. */
  listed = 0;
  /** Users whose audit is complete. */
  audited = 0;
  /** Whether ListUsers returned its last page. */
  listingEnded = false;

  /**
   * The users still to audit, an estimate: those listed and not audited yet, and a page more while
   * ListUsers has more pages.
   */
  get left(): number {
    return this.listed - this.audited + (this.listingEnded ? 0 : LIST_PAGE);
  }
}

/**
 * Lists the IAM users of an account (`iam:ListUsers`), one page at a time.
 *
 * @param iam the account's IAM client
 * @param progress counts the users of each page as it arrives, and the listing's end
 * @yields each user as ListUsers returns it
 * @throws the SDK's error when a page cannot be read (after the client's retries)
 */
export async function* listUsers(iam: IAMClient, progress?: UsersProgress): AsyncGenerator<User> {
  for await (const page of paginateListUsers({ client: iam }, {})) {
    if (progress) {
      progress.listed += page.Users?.length ?? 0;
      progress.listingEnded = !page.IsTruncated;
    }
    yield* page.Users ?? [];
  }
  if (progress) progress.listingEnded = true;
}

/**
 * Audits every user of an account, several at once, in ListUsers order.
 *
 * A detail that cannot be read (after retries) is recorded in the user's `errors` and left unknown;
 * the user is still reported.
 *
 * @param iam the account's IAM client
 * @param options.concurrency users audited at once
 * @param options.readPolicies also read the user's attached and inline policies
 * @param options.denied where the actions the account's role is denied are remembered (shared by its users)
 * @param options.progress counts the users listed and audited, and the listing's end
 * @yields each user's audit
 * @throws the SDK's error when ListUsers itself fails (the users yielded so far stand)
 */
export function auditUsers(
  iam: IAMClient,
  options: { concurrency: number; readPolicies: boolean; denied?: DeniedActions; progress?: UsersProgress },
): AsyncGenerator<UserAudit> {
  const denied = options.denied ?? new DeniedActions();
  const progress = options.progress ?? new UsersProgress();
  return orderedPooledMap(
    options.concurrency,
    listUsers(iam, progress),
    async (user) => {
      try {
        return await auditUser(iam, user, options.readPolicies, denied);
      } finally {
        progress.audited++;
      }
    },
  );
}

/**
 * Reads the details of one user: keys and their last use, MFA devices, login profile, and its other
 * long-lived credentials.
 *
 * @param iam the account's IAM client
 * @param user the user as ListUsers returned it
 * @param readPolicies also read the policies attached to or embedded in the user
 * @param denied the actions the account's role was denied so far (shared by the account's users)
 * @returns what was read, with an `errors` entry for each part that could not be
 */
export async function auditUser(
  iam: IAMClient,
  user: User,
  readPolicies = false,
  denied: DeniedActions = new DeniedActions(),
): Promise<UserAudit> {
  const userName = user.UserName ?? "";
  const audit: UserAudit = {
    userName,
    arn: user.Arn,
    userId: user.UserId,
    createDate: user.CreateDate,
    passwordLastUsed: user.PasswordLastUsed,
    credentials: [],
    errors: [],
  };
  await Promise.all([
    readKeys(iam, userName).then((keys) => {
      audit.keys = keys;
      for (const key of keys) if (key.lastUsedError) audit.errors.push(key.lastUsedError);
    }, failed(audit, "ListAccessKeys")),
    readMfa(iam, userName).then((mfa) => (audit.mfa = mfa), failed(audit, "ListMFADevices")),
    readLoginProfile(iam, userName).then(
      (profile) => {
        audit.hasLoginProfile = profile !== undefined;
        audit.loginProfileCreateDate = profile?.createDate;
      },
      failed(audit, "GetLoginProfile"),
    ),
    readOtherCredentials(iam, userName, denied).then(({ credentials, errors }) => {
      audit.credentials = credentials;
      audit.errors.push(...errors);
    }),
    readPolicies
      ? readDirectPolicies(iam, userName).then(
        (names) => (audit.directPolicies = names),
        failed(audit, "ListAttachedUserPolicies/ListUserPolicies"),
      )
      : undefined,
  ]);
  return audit;
}

function failed(audit: UserAudit, action: string) {
  return (e: unknown) => {
    audit.errors.push(readError(action, e));
  };
}

function readError(action: string, e: unknown): ReadError {
  return { action, error: summarizeError(e) };
}

async function readKeys(iam: IAMClient, userName: string): Promise<KeyAudit[]> {
  const keys: KeyAudit[] = [];
  for await (const page of paginateListAccessKeys({ client: iam }, { UserName: userName })) {
    for (const key of page.AccessKeyMetadata ?? []) {
      keys.push({ accessKeyId: key.AccessKeyId ?? "", status: key.Status, createDate: key.CreateDate });
    }
  }
  await Promise.all(keys.map((key) => readLastUsed(iam, key)));
  return keys;
}

async function readLastUsed(iam: IAMClient, key: KeyAudit): Promise<void> {
  try {
    const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
    key.lastUsedDate = out.AccessKeyLastUsed?.LastUsedDate;
    key.lastUsedService = out.AccessKeyLastUsed?.ServiceName;
    key.lastUsedRegion = out.AccessKeyLastUsed?.Region;
  } catch (e) {
    key.lastUsedError = readError("GetAccessKeyLastUsed", e);
  }
}

async function readMfa(iam: IAMClient, userName: string) {
  const serials: string[] = [];
  for await (const page of paginateListMFADevices({ client: iam }, { UserName: userName })) {
    for (const device of page.MFADevices ?? []) serials.push(device.SerialNumber ?? "");
  }
  return classifyMfa(serials);
}

/** The user's console password, or undefined when there is none (`NoSuchEntity`). */
async function readLoginProfile(
  iam: IAMClient,
  userName: string,
): Promise<{ createDate?: Date } | undefined> {
  try {
    const out = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return { createDate: out.LoginProfile?.CreateDate };
  } catch (e) {
    if (isNoSuchEntity(e)) return undefined;
    throw e;
  }
}

/** Managed policies attached to the user (by name) and inline policies (`inline:NAME`). */
async function readDirectPolicies(iam: IAMClient, userName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListAttachedUserPolicies({ client: iam }, { UserName: userName })) {
    for (const policy of page.AttachedPolicies ?? []) names.push(policy.PolicyName ?? policy.PolicyArn ?? "");
  }
  for await (const page of paginateListUserPolicies({ client: iam }, { UserName: userName })) {
    for (const name of page.PolicyNames ?? []) names.push(`inline:${name}`);
  }
  return names;
}

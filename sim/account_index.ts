/**
 * Everything IAM needs about one account, precomputed once (on first use) so that each request is a
 * map lookup and a slice: users by name, access keys by id, rendered XML fragments, the summary map.
 *
 * @module
 */

import type { AccessKey, Account, RootUser, ServiceSpecificCredential, User } from "./scenario.ts";
import { uniqueId } from "./ids.ts";
import { isoSeconds, parseIsoMs } from "./time.ts";
import { el } from "./xml.ts";
import { indexTrail, type RegionTrail } from "./trail_index.ts";

/** A user with its derived identifiers and its rendered `User` XML body. */
export interface UserEntry {
  user: User;
  path: string;
  arn: string;
  id: string;
  /** `<Path>..</Path><UserName>..</UserName>...` (the members of an IAM `User`). */
  xml: string;
}

/** Root posture used when a scenario does not give one: no MFA, no keys, a password. */
export const DEFAULT_ROOT: Readonly<RootUser> = Object.freeze({ mfa: "none", accessKeysPresent: 0 });

/** A root posture with every default filled in. */
export type ResolvedRoot = Required<RootUser>;

/**
 * The root posture of `account` with defaults filled in: a root without `password` has one, as
 * every root had before the field existed.
 *
 * @param account the scenario account
 * @returns MFA kind, access key and signing certificate counts, and whether a password exists
 * @throws Error when a count is not an integer in 0..2
 */
export function resolveRoot(account: Account): ResolvedRoot {
  const root = account.root ?? DEFAULT_ROOT;
  const resolved: ResolvedRoot = {
    mfa: root.mfa,
    accessKeysPresent: root.accessKeysPresent,
    password: root.password ?? true,
    signingCertificates: root.signingCertificates ?? 0,
  };
  for (const field of ["accessKeysPresent", "signingCertificates"] as const) {
    const n = resolved[field];
    if (!Number.isInteger(n) || n < 0 || n > 2) {
      throw new Error(`account ${account.id}: root ${field} must be 0, 1 or 2: ${n}`);
    }
  }
  return resolved;
}

/** A service-specific credential and the user it belongs to. */
export interface ServiceCredentialEntry {
  user: UserEntry;
  credential: ServiceSpecificCredential;
}

/** Whether an MFA serial is a virtual device (listed by ListVirtualMFADevices). */
export function isVirtualMfa(serial: string): boolean {
  return /^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(serial);
}

function userXml(entry: Omit<UserEntry, "xml">): string {
  return el("Path", entry.path) + el("UserName", entry.user.name) + el("UserId", entry.id) +
    el("Arn", entry.arn) +
    el("CreateDate", isoSeconds(entry.user.createDate)) +
    el("PasswordLastUsed", entry.user.passwordLastUsed ? isoSeconds(entry.user.passwordLastUsed) : undefined);
}

/** IAM's view of one account. */
export class AccountIndex {
  readonly account: Account;
  readonly users: UserEntry[];
  readonly usersByName = new Map<string, UserEntry>();
  readonly keysById = new Map<string, { user: UserEntry; key: AccessKey }>();
  /** Every user's service-specific credentials, users in scenario order (ListServiceSpecificCredentials `AllUsers`). */
  readonly serviceCredentials: ServiceCredentialEntry[] = [];
  /** The root posture, defaults filled in. */
  readonly root: ResolvedRoot;
  /** Rendered `VirtualMFADevice` bodies of assigned virtual devices (root's first). */
  readonly virtualMfa: string[] = [];
  /** Rendered `<SummaryMap>` entries. */
  readonly summaryXml: string;
  /** CloudTrail history by region. */
  readonly trail: Map<string, RegionTrail>;
  /** When GenerateCredentialReport was first called (the report is ready from then on). */
  credentialReportStartedAt?: Date;

  /** Indexes `account`. */
  constructor(account: Account) {
    this.account = account;
    this.users = account.users.map((user) => {
      const path = user.path ?? "/";
      const base = {
        user,
        path,
        arn: `arn:aws:iam::${account.id}:user${path}${user.name}`,
        id: user.id ?? uniqueId("AIDA", `${account.id}/user/${user.name}`),
      };
      return { ...base, xml: userXml(base) };
    });
    for (const entry of this.users) {
      if (this.usersByName.has(entry.user.name)) {
        throw new Error(`account ${account.id}: duplicate user ${JSON.stringify(entry.user.name)}`);
      }
      this.usersByName.set(entry.user.name, entry);
      for (const key of entry.user.accessKeys) this.keysById.set(key.id, { user: entry, key });
      checkLongLivedCredentials(account.id, entry.user);
      for (const credential of entry.user.serviceSpecificCredentials ?? []) {
        this.serviceCredentials.push({ user: entry, credential });
      }
    }
    const root = this.root = resolveRoot(account);
    if (root.mfa === "virtual") {
      const rootUser = el("UserId", account.id) + el("Arn", `arn:aws:iam::${account.id}:root`) +
        el("CreateDate", isoSeconds(account.joinedTimestamp));
      this.virtualMfa.push(
        el("SerialNumber", `arn:aws:iam::${account.id}:mfa/root-account-mfa-device`) +
          `<User>${rootUser}</User>` + el("EnableDate", isoSeconds(account.joinedTimestamp)),
      );
    }
    for (const entry of this.users) {
      for (const device of entry.user.mfaDevices) {
        if (!isVirtualMfa(device.serialNumber)) continue;
        this.virtualMfa.push(
          el("SerialNumber", device.serialNumber) + `<User>${entry.xml}</User>` +
            el("EnableDate", isoSeconds(device.enableDate)),
        );
      }
    }
    this.summaryXml = this.#summary(root);
    this.trail = indexTrail(account.events);
  }

  #summary(root: ResolvedRoot): string {
    const users = this.account.users;
    const groups = new Set(users.flatMap((u) => u.groups ?? []));
    const attached = users.flatMap((u) => u.attachedPolicies ?? []);
    const customerPolicies = new Set(
      attached.filter((arn) => arn.includes(`:iam::${this.account.id}:policy/`)),
    );
    const mfaDevices = users.reduce((n, u) => n + u.mfaDevices.length, 0) + (root.mfa === "none" ? 0 : 1);
    const map: [string, number][] = [
      ["Users", users.length],
      ["UsersQuota", 5000],
      ["Groups", groups.size],
      ["GroupsQuota", 300],
      ["GroupsPerUserQuota", 10],
      ["Roles", this.account.roles.length],
      ["RolesQuota", 1000],
      ["Policies", customerPolicies.size],
      ["PoliciesQuota", 1500],
      ["PolicySizeQuota", 6144],
      ["PolicyVersionsInUse", attached.length],
      ["PolicyVersionsInUseQuota", 10000],
      ["VersionsPerPolicyQuota", 5],
      ["AttachedPoliciesPerUserQuota", 10],
      ["AttachedPoliciesPerGroupQuota", 10],
      ["AttachedPoliciesPerRoleQuota", 10],
      ["UserPolicySizeQuota", 2048],
      ["GroupPolicySizeQuota", 5120],
      ["RolePolicySizeQuota", 10240],
      ["AssumeRolePolicySizeQuota", 2048],
      ["AccessKeysPerUserQuota", 2],
      ["SigningCertificatesPerUserQuota", 2],
      ["ServerCertificates", 0],
      ["ServerCertificatesQuota", 20],
      ["InstanceProfiles", 0],
      ["InstanceProfilesQuota", 1000],
      ["Providers", 0],
      ["MFADevices", mfaDevices],
      ["MFADevicesInUse", mfaDevices],
      ["AccountMFAEnabled", root.mfa === "none" ? 0 : 1],
      ["AccountAccessKeysPresent", root.accessKeysPresent > 0 ? 1 : 0],
      ["AccountPasswordPresent", root.password ? 1 : 0],
      ["AccountSigningCertificatesPresent", root.signingCertificates > 0 ? 1 : 0],
      ["GlobalEndpointTokenVersion", 1],
    ];
    return map.map(([k, v]) => `<entry>${el("key", k)}${el("value", v)}</entry>`).join("");
  }
}

/** Rejects dates that do not parse and ids IAM would never issue, so scenario typos surface at start. */
function checkLongLivedCredentials(accountId: string, user: User): void {
  const where = (what: string, id: string) => `account ${accountId} user ${user.name} ${what} ${id}`;
  for (const c of user.serviceSpecificCredentials ?? []) {
    if (!/^\w{20,128}$/.test(c.id)) throw new Error(`${where("service-specific credential", c.id)}: bad id`);
    parseIsoMs(c.createDate, where("service-specific credential", c.id));
    if (c.expirationDate !== undefined) {
      parseIsoMs(c.expirationDate, where("service-specific credential", c.id));
    }
  }
  for (const k of user.sshPublicKeys ?? []) {
    if (!/^\w{20,128}$/.test(k.id)) throw new Error(`${where("SSH public key", k.id)}: bad id`);
    parseIsoMs(k.uploadDate, where("SSH public key", k.id));
  }
  for (const c of user.signingCertificates ?? []) {
    if (!/^\w{24,128}$/.test(c.id)) throw new Error(`${where("signing certificate", c.id)}: bad id`);
    parseIsoMs(c.uploadDate, where("signing certificate", c.id));
  }
}

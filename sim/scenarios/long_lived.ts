/**
 * A small organization holding every long-lived credential IAM has in 2026 and every state of the
 * root user, for tests of the audit and of the simulator (`sim/main.ts --scenario long-lived`).
 *
 * Dates are relative to `now`, so the credentials that expire do so around it whatever the day.
 *
 * @module
 */

import { NO_ROOT_CREDENTIALS, type RootUser, type Scenario, type User } from "../scenario.ts";

/** Account ids of the long-lived organization, by the root posture each one shows. */
export const LONG_LIVED_ACCOUNTS = {
  /** Management: root with a password and a hardware MFA device. */
  management: "210000000001",
  /** Every kind of long-lived user credential; root credentials removed centrally. */
  builders: "210000000002",
  /** Root with a password and nothing else (no MFA). */
  rootPasswordOnly: "210000000003",
  /** Root with a password and a virtual MFA device. */
  rootVirtualMfa: "210000000004",
  /** Root with a password, hardware MFA, two access keys and a signing certificate. */
  rootEverything: "210000000005",
  /** Root whose password was removed but an access key and two signing certificates were left. */
  rootKeysWithoutPassword: "210000000006",
  /** No root posture in the scenario: the legacy default (a password, no MFA, no keys). */
  rootLegacyDefault: "210000000007",
} as const;

/** The role every member account has. */
export const LONG_LIVED_ROLE = "OrganizationAccountAccessRole";

/** The root posture each account declares (undefined: absent from the scenario). */
export const LONG_LIVED_ROOTS: Record<keyof typeof LONG_LIVED_ACCOUNTS, RootUser | undefined> = {
  management: { mfa: "hardware", accessKeysPresent: 0, password: true },
  builders: NO_ROOT_CREDENTIALS,
  rootPasswordOnly: { mfa: "none", accessKeysPresent: 0, password: true },
  rootVirtualMfa: { mfa: "virtual", accessKeysPresent: 0, password: true },
  rootEverything: { mfa: "hardware", accessKeysPresent: 2, password: true, signingCertificates: 1 },
  rootKeysWithoutPassword: { mfa: "none", accessKeysPresent: 1, password: false, signingCertificates: 2 },
  rootLegacyDefault: undefined,
};

const DAY = 86_400_000;

/**
 * The users of the `builders` account: one per kind of long-lived credential, one with all of them
 * (more than a page of each), and one with none.
 *
 * @param now the organization's "today"
 * @returns the users
 */
export function longLivedUsers(now: Date): User[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
  const user = (name: string, fields: Partial<User>): User => ({
    name,
    createDate: at(-400),
    accessKeys: [],
    mfaDevices: [],
    ...fields,
  });
  return [
    user("git-alice", {
      loginProfile: { createDate: at(-400) },
      passwordLastUsed: at(-2),
      serviceSpecificCredentials: [
        {
          id: "ACCAGITALICE00000001",
          serviceName: "codecommit.amazonaws.com",
          status: "Active",
          createDate: at(-300),
        },
      ],
      sshPublicKeys: [
        { id: "APKAGITALICE00000001", status: "Active", uploadDate: at(-290) },
        { id: "APKAGITALICE00000002", status: "Inactive", uploadDate: at(-500) },
      ],
    }),
    user("keyspaces-app", {
      serviceSpecificCredentials: [
        {
          id: "ACCAKEYSPACES0000001",
          serviceName: "cassandra.amazonaws.com",
          status: "Active",
          createDate: at(-200),
        },
        {
          id: "ACCAKEYSPACES0000002",
          serviceName: "cassandra.amazonaws.com",
          status: "Inactive",
          createDate: at(-390),
        },
      ],
    }),
    user("BedrockAPIKey-forever", {
      serviceSpecificCredentials: [
        {
          id: "ACCABEDROCKFOREVER01",
          serviceName: "bedrock.amazonaws.com",
          status: "Active",
          createDate: at(-120),
        },
      ],
    }),
    user("BedrockAPIKey-30days", {
      serviceSpecificCredentials: [{
        id: "ACCABEDROCK30DAYS001",
        serviceName: "bedrock.amazonaws.com",
        status: "Active",
        createDate: at(-10),
        expirationDate: at(20),
      }],
    }),
    user("BedrockAPIKey-expired", {
      serviceSpecificCredentials: [
        // Active in the data, past its expiration: served as Expired.
        {
          id: "ACCABEDROCKEXPIRED01",
          serviceName: "bedrock.amazonaws.com",
          status: "Active",
          createDate: at(-35),
          expirationDate: at(-5),
        },
        {
          id: "ACCABEDROCKEXPIRED02",
          serviceName: "bedrock.amazonaws.com",
          status: "Expired",
          createDate: at(-100),
          expirationDate: at(-70),
        },
      ],
    }),
    user("BedrockAPIKey-inactive", {
      serviceSpecificCredentials: [{
        id: "ACCABEDROCKINACTIVE1",
        serviceName: "bedrock.amazonaws.com",
        status: "Inactive",
        createDate: at(-20),
        expirationDate: at(340),
      }],
    }),
    user("logs-shipper", {
      serviceSpecificCredentials: [{
        id: "ACCALOGSSHIPPER00001",
        serviceName: "logs.amazonaws.com",
        status: "Active",
        createDate: at(-30),
        expirationDate: at(60),
      }],
    }),
    user("soap-legacy", {
      signingCertificates: [
        { id: "CERTSOAPLEGACY0000000001", status: "Active", uploadDate: at(-900) },
        { id: "CERTSOAPLEGACY0000000002", status: "Inactive", uploadDate: at(-1200) },
      ],
    }),
    user("everything", {
      loginProfile: { createDate: at(-400) },
      accessKeys: [{ id: "AKIAEVERYTHING000001", status: "Active", createDate: at(-100) }],
      serviceSpecificCredentials: [
        {
          id: "ACCAEVERYTHING000001",
          serviceName: "codecommit.amazonaws.com",
          status: "Active",
          createDate: at(-90),
        },
        {
          id: "ACCAEVERYTHING000002",
          serviceName: "cassandra.amazonaws.com",
          status: "Active",
          createDate: at(-80),
        },
        {
          id: "ACCAEVERYTHING000003",
          serviceName: "bedrock.amazonaws.com",
          status: "Active",
          createDate: at(-70),
        },
        {
          id: "ACCAEVERYTHING000004",
          serviceName: "bedrock.amazonaws.com",
          status: "Active",
          createDate: at(-3),
          expirationDate: at(4),
        },
        {
          id: "ACCAEVERYTHING000005",
          serviceName: "logs.amazonaws.com",
          status: "Active",
          createDate: at(-60),
          expirationDate: at(-1),
        },
      ],
      sshPublicKeys: [
        { id: "APKAEVERYTHING000001", status: "Active", uploadDate: at(-50) },
        { id: "APKAEVERYTHING000002", status: "Active", uploadDate: at(-40) },
        { id: "APKAEVERYTHING000003", status: "Inactive", uploadDate: at(-30) },
      ],
      signingCertificates: [
        { id: "CERTEVERYTHING0000000001", status: "Active", uploadDate: at(-20) },
        { id: "CERTEVERYTHING0000000002", status: "Active", uploadDate: at(-10) },
      ],
    }),
    user("plain", {}),
  ];
}

/**
 * Builds the long-lived organization: centralized root access enabled with both features, and one
 * account per root posture (see {@link LONG_LIVED_ACCOUNTS}).
 *
 * @param now the organization's "today"; default 2026-11-25T12:00:00Z
 * @returns the scenario
 * @example
 * ```ts
 * const sim = await startSimulator(longLivedScenario(), { pageSize: 2 });
 * ```
 */
export function longLivedScenario(now: Date = new Date("2026-11-25T12:00:00Z")): Scenario {
  const ids = LONG_LIVED_ACCOUNTS;
  const accounts = (Object.keys(ids) as (keyof typeof ids)[]).map((key) => {
    const root = LONG_LIVED_ROOTS[key];
    return {
      id: ids[key],
      name: key[0].toUpperCase() + key.slice(1),
      email: `${key.toLowerCase()}@example.com`,
      state: "ACTIVE" as const,
      joinedTimestamp: "2024-01-01T00:00:00Z",
      roles: key === "management" ? [] : [LONG_LIVED_ROLE],
      users: key === "builders" ? longLivedUsers(now) : [],
      events: [],
      ...(root ? { root: { ...root } } : {}),
    };
  });
  accounts[0].users = [{
    name: "auditor",
    createDate: "2024-01-02T00:00:00Z",
    accessKeys: [{ id: "AKIALONGLIVEDMGMT001", status: "Active", createDate: "2024-01-02T00:00:00Z" }],
    mfaDevices: [],
  }];
  return {
    organizationId: "o-longlived01",
    managementAccountId: ids.management,
    managementCredentials: {
      accessKeyId: "AKIALONGLIVEDMGMT001",
      secretAccessKey: "long/lived/secret/000000000000000000000000",
      arn: `arn:aws:iam::${ids.management}:user/auditor`,
    },
    accounts,
    rootAccessManagement: { enabled: true, features: ["RootCredentialsManagement", "RootSessions"] },
  };
}

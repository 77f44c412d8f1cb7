/**
 * Test fixtures: a small, fully controlled scenario and AWS SDK clients pointed at a simulator.
 *
 * @module
 */

import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { CloudTrailEvent, Scenario, User } from "../../sim/scenario.ts";
import type { Simulator } from "../../sim/server.ts";

/** The fixture's "today". */
export const FIXTURE_NOW = new Date("2026-11-25T12:00:00Z");

/** Account ids of the fixture. */
export const IDS = {
  management: "100000000001",
  /** Many users and events; role present. */
  alpha: "100000000002",
  /** Role present, requires ExternalId {@link EXTERNAL_ID}. */
  beta: "100000000003",
  /** No role. */
  gamma: "100000000004",
  /** Suspended, no role. */
  delta: "100000000005",
} as const;

/** Role present in alpha and beta. */
export const ROLE = "OrganizationAccountAccessRole";

/** ExternalId beta requires. */
export const EXTERNAL_ID = "ext-2f9c";

/** User names that need escaping or look like spreadsheet formulas. */
export const TRICKY_NAMES = [`a&b<c>"d'e`, "=HYPERLINK", "@admin", "+plus", "-minus"];

function daysAgo(days: number, hours = 0): string {
  return new Date(FIXTURE_NOW.getTime() - days * 86_400_000 - hours * 3_600_000).toISOString();
}

function plainUser(name: string, index: number): User {
  return {
    name,
    createDate: "2025-01-01T00:00:00Z",
    accessKeys: [{
      id: `AKIAALPHA${String(index).padStart(11, "0")}`,
      status: "Active",
      createDate: "2025-01-02T00:00:00Z",
      lastUsed: { date: daysAgo(1), service: "s3", region: "us-east-1" },
    }],
    mfaDevices: [],
  };
}

function event(
  id: string,
  name: string,
  time: string,
  region = "us-east-1",
  extra: Partial<CloudTrailEvent> = {},
): CloudTrailEvent {
  return {
    eventId: id,
    eventName: name,
    eventTime: time,
    awsRegion: region,
    eventSource: name === "ConsoleLogin" ? "signin.amazonaws.com" : "iam.amazonaws.com",
    username: "admin",
    userIdentityType: "IAMUser",
    accessKeyId: "AKIAADMIN00000000001",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.22.4",
    readOnly: name.startsWith("List") || name.startsWith("Get"),
    resources: [{ type: "AWS::IAM::User", name: `target-${id}` }],
    ...extra,
  };
}

/** Alpha's events: 30 CreateUser a day apart, noise, another region, and one past the 90-day history. */
function alphaEvents(): CloudTrailEvent[] {
  const events: CloudTrailEvent[] = [];
  for (let i = 0; i < 30; i++) events.push(event(`create-${i}`, "CreateUser", daysAgo(i, 1)));
  events.push(event("delete-1", "DeleteUser", daysAgo(2)));
  events.push(event("key-1", "CreateAccessKey", daysAgo(3), "us-east-1", {
    resources: [{ type: "AWS::IAM::AccessKey", name: "AKIANEWKEY0000000001" }, {
      type: "AWS::IAM::User",
      name: "bob",
    }],
  }));
  events.push(event("list-1", "ListUsers", daysAgo(1)));
  events.push(event("login-root", "ConsoleLogin", daysAgo(4), "us-east-1", {
    username: "root",
    userIdentityType: "Root",
    accessKeyId: undefined,
    resources: [],
  }));
  events.push(event("eu-create", "CreateUser", daysAgo(5), "eu-west-1"));
  events.push(event("ancient", "CreateUser", daysAgo(120)));
  return events;
}

/** A small organization exercising every rule of the simulator. */
export function fixtureScenario(): Scenario {
  const alphaUsers: User[] = [];
  for (let i = 0; i < 25; i++) alphaUsers.push(plainUser(`user-${String(i).padStart(2, "0")}`, i));
  alphaUsers.push({
    name: "never-used",
    createDate: "2025-03-01T00:00:00Z",
    accessKeys: [{ id: "AKIANEVERUSED0000001", status: "Active", createDate: "2025-03-01T00:00:00Z" }],
    mfaDevices: [{
      serialNumber: `arn:aws:iam::${IDS.alpha}:mfa/never-used`,
      enableDate: "2025-03-02T00:00:00Z",
    }],
    loginProfile: { createDate: "2025-03-01T00:00:00Z", passwordResetRequired: true },
    attachedPolicies: [
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      `arn:aws:iam::${IDS.alpha}:policy/team/Deploy`,
    ],
    inlinePolicies: ["inline-s3"],
    groups: ["Developers"],
  });
  TRICKY_NAMES.forEach((name, i) => alphaUsers.push({ ...plainUser(name, 100 + i), accessKeys: [] }));
  const account = (id: string, name: string, extra: Partial<Scenario["accounts"][number]> = {}) => ({
    id,
    name,
    email: `${name.toLowerCase()}@example.com`,
    state: "ACTIVE" as const,
    joinedTimestamp: "2024-01-01T00:00:00Z",
    roles: [ROLE],
    users: [],
    events: [],
    ...extra,
  });
  return {
    organizationId: "o-fixture0001",
    managementAccountId: IDS.management,
    managementCredentials: {
      accessKeyId: "AKIAFIXTUREMGMT00001",
      secretAccessKey: "fixture/secret/key/0000000000000000000000",
      arn: `arn:aws:iam::${IDS.management}:user/auditor`,
    },
    root: {
      id: "r-fx01",
      name: "Root",
      accountIds: [IDS.management],
      children: [
        {
          id: "ou-fx01-workload",
          name: "Workloads",
          accountIds: [IDS.alpha],
          children: [{ id: "ou-fx01-nonprod1", name: "NonProd", accountIds: [IDS.beta], children: [] }],
        },
      ],
    },
    accounts: [
      account(IDS.management, "Management", { roles: [], users: [plainUser("auditor", 999)] }),
      account(IDS.alpha, "Alpha", {
        users: alphaUsers,
        events: alphaEvents(),
        root: { mfa: "virtual", accessKeysPresent: 0 },
      }),
      account(IDS.beta, "Beta", {
        externalId: EXTERNAL_ID,
        users: [plainUser("beta-only", 500)],
        events: [event("beta-1", "DeleteUser", daysAgo(1))],
        root: { mfa: "none", accessKeysPresent: 1 },
      }),
      account(IDS.gamma, "Gamma", { roles: [] }),
      account(IDS.delta, "Delta", { roles: [], state: "SUSPENDED" }),
    ],
  };
}

/** Static or temporary credentials for the SDK. */
export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** SDK clients of the four services, pointed at `sim`. */
export interface Clients {
  iam: IAMClient;
  sts: STSClient;
  org: OrganizationsClient;
  ct: CloudTrailClient;
  /** Closes the clients' connections. */
  destroy(): void;
}

/** Clients signing with `credentials` (default: the management credentials). */
export function clientsFor(
  sim: Simulator,
  credentials?: Creds,
  options: { region?: string; maxAttempts?: number; requestTimeoutMs?: number; systemClockOffset?: number } =
    {},
): Clients {
  const config = {
    endpoint: sim.url,
    region: options.region ?? "us-east-1",
    credentials: credentials ?? { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
    // How far the client's signing clock is from the real one (ms), to test stale signatures.
    ...(options.systemClockOffset ? { systemClockOffset: options.systemClockOffset } : {}),
    ...(options.requestTimeoutMs
      ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } }
      : {}),
  };
  const c = {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    org: new OrganizationsClient(config),
    ct: new CloudTrailClient(config),
  };
  return {
    ...c,
    destroy() {
      c.iam.destroy();
      c.sts.destroy();
      c.org.destroy();
      c.ct.destroy();
    },
  };
}

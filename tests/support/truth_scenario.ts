/**
 * A small organization whose every user, key and event is known, for end-to-end tests that compare
 * the reports with the truth. Dates are relative to `now`, so the default 90-day window always fits.
 *
 * @module
 */
import type { Account, CloudTrailEvent, Scenario, User } from "../../sim/scenario.ts";

export const MGMT = "111111111111";
export const PROD = "222222222222";
export const STAGING = "333333333333";
export const SANDBOX = "444444444444";
export const LEGACY = "555555555555";
export const OLD_STATUS = "666666666666";
export const CLOSING = "777777777777";
export const ROLE = "AuditRole";

/** A date `days` days before `now`, ISO 8601 UTC without milliseconds. */
export function ago(now: Date, days: number, hours = 0): string {
  return new Date(now.getTime() - days * 86_400_000 - hours * 3_600_000).toISOString().replace(
    /\.\d{3}Z$/,
    "Z",
  );
}

function user(name: string, fields: Partial<User> = {}): User {
  return { name, createDate: "2024-06-01T00:00:00Z", accessKeys: [], mfaDevices: [], ...fields };
}

function event(
  id: string,
  name: string,
  time: string,
  fields: Partial<CloudTrailEvent> = {},
): CloudTrailEvent {
  return {
    eventId: id,
    eventName: name,
    eventTime: time,
    awsRegion: "us-east-1",
    eventSource: "iam.amazonaws.com",
    username: "admin",
    userIdentityType: "IAMUser",
    accessKeyId: "ASIAEVENTKEY00000001",
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2.15.0",
    readOnly: false,
    resources: [],
    ...fields,
  };
}

/**
 * Builds the truth organization.
 *
 * @param now the reference instant (the test's start)
 * @returns the scenario
 */
export function truthScenario(now: Date): Scenario {
  const production: Account = {
    id: PROD,
    name: "Production",
    email: "prod@example.com",
    state: "ACTIVE",
    joinedTimestamp: "2023-01-01T00:00:00Z",
    roles: [ROLE],
    users: [
      user("alice", {
        loginProfile: { createDate: "2024-06-01T00:00:00Z" },
        passwordLastUsed: ago(now, 1),
        mfaDevices: [{ serialNumber: `arn:aws:iam::${PROD}:mfa/alice`, enableDate: "2024-06-02T00:00:00Z" }],
        accessKeys: [
          {
            id: "AKIAPRODALICE0000001",
            status: "Active",
            createDate: ago(now, 200),
            lastUsed: { date: ago(now, 2), service: "s3", region: "eu-west-1" },
          },
          { id: "AKIAPRODALICE0000002", status: "Active", createDate: ago(now, 10) },
        ],
      }),
      user("bob", {
        loginProfile: { createDate: "2024-06-01T00:00:00Z" },
        passwordLastUsed: ago(now, 3),
        mfaDevices: [{
          serialNumber: `arn:aws:iam::${PROD}:u2f/user/bob/yubikey-ABCDEFGHIJKLMNOPQRSTUVWXYZ`,
          enableDate: "2024-06-02T00:00:00Z",
        }],
      }),
      user("carol", {
        loginProfile: { createDate: "2025-06-01T00:00:00Z" },
        mfaDevices: [{ serialNumber: "GAHT12345678", enableDate: "2025-06-02T00:00:00Z" }],
      }),
      user("dave", {
        loginProfile: { createDate: "2024-06-01T00:00:00Z" },
        passwordLastUsed: ago(now, 100),
        accessKeys: [{
          id: "AKIAPRODDAVE00000001",
          status: "Inactive",
          createDate: ago(now, 400),
          lastUsed: { date: ago(now, 380), service: "ec2", region: "us-east-1" },
        }],
      }),
      user("erin", {
        path: "/engineering/",
        accessKeys: [{
          id: "AKIAPRODERIN00000001",
          status: "Active",
          createDate: ago(now, 30),
          lastUsed: { date: ago(now, 0, 5), service: "sts", region: "us-east-1" },
        }],
      }),
      user("frank", {
        loginProfile: { createDate: "2024-06-01T00:00:00Z" },
        passwordLastUsed: ago(now, 5),
        mfaDevices: [
          { serialNumber: `arn:aws:iam::${PROD}:mfa/frank-phone`, enableDate: "2024-06-02T00:00:00Z" },
          { serialNumber: "GAHT87654321", enableDate: "2024-06-03T00:00:00Z" },
        ],
      }),
      user('=HYPERLINK("http://x")', {
        accessKeys: [{ id: "AKIAPRODFORMULA00001", status: "Active", createDate: ago(now, 5) }],
      }),
    ],
    events: [
      event("ev-prod-1", "CreateUser", ago(now, 3), {
        resources: [{ type: "AWS::IAM::User", name: "erin" }],
      }),
      event("ev-prod-2", "DeleteAccessKey", ago(now, 2), {
        resources: [{ type: "AWS::IAM::User", name: "alice" }, {
          type: "AWS::IAM::AccessKey",
          name: "AKIAPRODALICE0000009",
        }],
      }),
      event("ev-prod-3", "CreateAccessKey", ago(now, 20), { errorCode: "LimitExceeded" }),
      event("ev-prod-4", "DeleteLoginProfile", ago(now, 40)),
      event("ev-prod-old", "CreateUser", ago(now, 120)),
      event("ev-prod-other-name", "ListUsers", ago(now, 1), { readOnly: true }),
      event("ev-prod-other-region", "CreateUser", ago(now, 1), { awsRegion: "eu-west-1" }),
      event("ev-prod-root", "ConsoleLogin", ago(now, 1), { userIdentityType: "Root", username: "root" }),
    ],
  };
  const staging: Account = {
    id: STAGING,
    name: "Staging",
    email: "staging@example.com",
    state: "ACTIVE",
    joinedTimestamp: "2023-01-01T00:00:00Z",
    roles: [ROLE],
    users: [
      user("ci-bot", {
        accessKeys: [{
          id: "AKIASTAGINGCI0000001",
          status: "Active",
          createDate: ago(now, 95),
          lastUsed: { date: ago(now, 1), service: "ecr", region: "us-west-2" },
        }],
      }),
      user("alice", {
        loginProfile: { createDate: "2024-06-01T00:00:00Z" },
        passwordLastUsed: ago(now, 7),
        mfaDevices: [{
          serialNumber: `arn:aws:iam::${STAGING}:mfa/alice`,
          enableDate: "2024-06-02T00:00:00Z",
        }],
      }),
    ],
    events: [
      event("ev-stg-1", "DeleteUser", ago(now, 4), {
        resources: [{ type: "AWS::IAM::User", name: "old-bot" }],
      }),
    ],
  };
  const management: Account = {
    id: MGMT,
    name: "Management",
    email: "mgmt@example.com",
    state: "ACTIVE",
    joinedTimestamp: "2022-01-01T00:00:00Z",
    roles: [],
    users: [
      user("auditor", {
        loginProfile: { createDate: "2023-01-01T00:00:00Z" },
        passwordLastUsed: ago(now, 0, 1),
        mfaDevices: [{
          serialNumber: `arn:aws:iam::${MGMT}:mfa/auditor`,
          enableDate: "2023-01-02T00:00:00Z",
        }],
        accessKeys: [{
          id: "AKIAMGMTAUDITOR00001",
          status: "Active",
          createDate: ago(now, 60),
          lastUsed: { date: ago(now, 0, 1), service: "organizations", region: "us-east-1" },
        }],
      }),
    ],
    events: [event("ev-mgmt-1", "CreateAccessKey", ago(now, 60))],
  };
  const blank = (
    id: string,
    name: string,
    state: Account["state"],
    extra: Partial<Account> = {},
  ): Account => ({
    id,
    name,
    email: `${name.toLowerCase()}@example.com`,
    state,
    joinedTimestamp: "2023-01-01T00:00:00Z",
    roles: [ROLE],
    users: [user(`${name.toLowerCase()}-user`, {
      accessKeys: [{ id: `AKIA${id}0001`, status: "Active", createDate: ago(now, 1) }],
    })],
    events: [],
    ...extra,
  });
  return {
    organizationId: "o-truth00001",
    managementAccountId: MGMT,
    managementCredentials: {
      accessKeyId: "AKIAMGMTCALLER000001",
      secretAccessKey: "mgmt/secret/DO-NOT-PRINT/0000000000000",
      arn: `arn:aws:iam::${MGMT}:user/auditor`,
    },
    accounts: [
      management,
      production,
      staging,
      blank(SANDBOX, "Sandbox", "ACTIVE", { roles: [] }),
      blank(LEGACY, "Legacy", "SUSPENDED"),
      blank(OLD_STATUS, "OldStatus", "ACTIVE", { omitState: true, status: "ACTIVE" }),
      blank(CLOSING, "Closing", "PENDING_CLOSURE"),
    ],
  };
}

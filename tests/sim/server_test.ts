import assert from "node:assert/strict";
import {
  CreateUserCommand,
  CredentialReportNotPresentException,
  DeleteAccessKeyCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
  paginateListUsers,
  UpdateLoginProfileCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from "@aws-sdk/client-sts";
import {
  AccessDeniedException,
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  ParentNotFoundException,
} from "@aws-sdk/client-organizations";
import {
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  paginateLookupEvents,
  StopLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { type Simulator, startSimulator } from "../../sim/server.ts";
import {
  type Clients,
  clientsFor,
  type Creds,
  EXTERNAL_ID,
  FIXTURE_NOW,
  fixtureScenario,
  IDS,
  ROLE,
  TRICKY_NAMES,
} from "./fixtures.ts";

async function withSim(fn: (sim: Simulator, mgmt: Clients) => Promise<void>, pageSize = 2): Promise<void> {
  const sim = await startSimulator(fixtureScenario(), { now: () => FIXTURE_NOW, pageSize });
  const mgmt = clientsFor(sim);
  try {
    await fn(sim, mgmt);
  } finally {
    mgmt.destroy();
    await sim.close();
  }
}

async function assume(mgmt: Clients, accountId: string, externalId?: string): Promise<Creds> {
  const out = await mgmt.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`,
      RoleSessionName: "iam-audit",
      ExternalId: externalId,
    }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

async function allUsers(clients: Clients): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListUsers({ client: clients.iam }, {})) {
    for (const u of page.Users ?? []) names.push(u.UserName!);
  }
  return names;
}

async function lookup(clients: Clients, input: LookupEventsCommandInput): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateLookupEvents({ client: clients.ct }, input)) {
    for (const e of page.Events ?? []) ids.push(e.EventId!);
  }
  return ids;
}

Deno.test("ListUsers paginates through every user, two at a time, and honours a smaller MaxItems", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      const names = await allUsers(alpha);
      const expected = fixtureScenario().accounts[1].users.map((u) => u.name);
      assert.deepEqual(names, expected);
      assert.equal(sim.stats.byAction["iam:ListUsers"], Math.ceil(expected.length / 2));
      const one = await alpha.iam.send(new ListUsersCommand({ MaxItems: 1 }));
      assert.equal(one.Users!.length, 1);
      assert.equal(one.IsTruncated, true);
      assert.ok(one.Marker);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("Organizations lists accounts, OUs and parents across pages", async () => {
  await withSim(async (_sim, mgmt) => {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: mgmt.org }, {})) {
      for (const a of page.Accounts ?? []) ids.push(a.Id!);
    }
    assert.deepEqual(ids, Object.values(IDS));
    const { Roots } = await mgmt.org.send(new ListRootsCommand({}));
    assert.equal(Roots![0].Id, "r-fx01");
    const ous: string[] = [];
    for await (
      const page of paginateListOrganizationalUnitsForParent({ client: mgmt.org }, { ParentId: "r-fx01" })
    ) {
      for (const ou of page.OrganizationalUnits ?? []) ous.push(ou.Id!);
    }
    assert.deepEqual(ous, ["ou-fx01-workload"]);
    // Accounts placed in no OU (gamma, delta) sit under the root.
    const underRoot: string[] = [];
    for await (const page of paginateListAccountsForParent({ client: mgmt.org }, { ParentId: "r-fx01" })) {
      for (const a of page.Accounts ?? []) underRoot.push(a.Id!);
    }
    assert.deepEqual(underRoot, [IDS.management, IDS.gamma, IDS.delta]);
    const children = await mgmt.org.send(
      new ListChildrenCommand({ ParentId: "ou-fx01-workload", ChildType: "ORGANIZATIONAL_UNIT" }),
    );
    assert.deepEqual(children.Children, [{ Id: "ou-fx01-nonprod1", Type: "ORGANIZATIONAL_UNIT" }]);
    const parents = await mgmt.org.send(new ListParentsCommand({ ChildId: IDS.beta }));
    assert.deepEqual(parents.Parents, [{ Id: "ou-fx01-nonprod1", Type: "ORGANIZATIONAL_UNIT" }]);
    const { Account } = await mgmt.org.send(new DescribeAccountCommand({ AccountId: IDS.delta }));
    assert.equal(Account!.State, "SUSPENDED");
    assert.equal(Account!.Status, "SUSPENDED");
    assert.equal(Account!.Arn, `arn:aws:organizations::${IDS.management}:account/o-fixture0001/${IDS.delta}`);
    assert.deepEqual(Account!.JoinedTimestamp, new Date("2024-01-01T00:00:00Z"));
  });
});

Deno.test("assumed credentials see only their own account", async () => {
  await withSim(async (_sim, mgmt) => {
    const beta = clientsFor(_sim, await assume(mgmt, IDS.beta, EXTERNAL_ID));
    try {
      const who = await beta.sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, IDS.beta);
      assert.equal(who.Arn, `arn:aws:sts::${IDS.beta}:assumed-role/${ROLE}/iam-audit`);
      assert.match(who.UserId!, /^AROA[A-Z2-7]{17}:iam-audit$/);
      assert.deepEqual(await allUsers(beta), ["beta-only"]);
      assert.deepEqual(await lookup(beta, {}), ["beta-1"]);
      await assert.rejects(
        beta.iam.send(new GetUserCommand({ UserName: "user-00" })),
        (e) =>
          e instanceof NoSuchEntityException && e.message === "The user with name user-00 cannot be found.",
      );
      const summary = await beta.iam.send(new GetAccountSummaryCommand({}));
      assert.equal(summary.SummaryMap!.AccountMFAEnabled, 0);
      assert.equal(summary.SummaryMap!.AccountAccessKeysPresent, 1);
      // A root posture written before `password` existed still has a password, and no certificates.
      assert.equal(summary.SummaryMap!.AccountPasswordPresent, 1);
      assert.equal(summary.SummaryMap!.AccountSigningCertificatesPresent, 0);
      assert.equal(summary.SummaryMap!.Users, 1);
      // The management credentials see the management account's own users.
      assert.deepEqual(await allUsers(mgmt), ["auditor"]);
    } finally {
      beta.destroy();
    }
  });
});

Deno.test("AssumeRole is AccessDenied, with AWS's message, for a missing role, a wrong ExternalId or a member caller", async () => {
  await withSim(async (sim, mgmt) => {
    const caller = `arn:aws:iam::${IDS.management}:user/auditor`;
    const denied = (account: string, role = ROLE) => (e: unknown) =>
      e instanceof STSServiceException && e.name === "AccessDenied" && e.$metadata.httpStatusCode === 403 &&
      e.message ===
        `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/${role}`;
    await assert.rejects(assume(mgmt, IDS.gamma), denied(IDS.gamma));
    await assert.rejects(assume(mgmt, IDS.delta), denied(IDS.delta));
    await assert.rejects(assume(mgmt, "999999999999"), denied("999999999999"));
    await assert.rejects(assume(mgmt, IDS.beta), denied(IDS.beta));
    await assert.rejects(assume(mgmt, IDS.beta, "wrong-id"), denied(IDS.beta));
    await assume(mgmt, IDS.beta, EXTERNAL_ID);
    // A session in a member account cannot chain into another account.
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha, "ignored-when-not-required"));
    try {
      await assert.rejects(
        alpha.sts.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${IDS.beta}:role/${ROLE}`, RoleSessionName: "x1" }),
        ),
        (e) =>
          e instanceof STSServiceException && e.name === "AccessDenied" &&
          e.message.startsWith(
            `User: arn:aws:sts::${IDS.alpha}:assumed-role/${ROLE}/iam-audit is not authorized`,
          ),
      );
    } finally {
      alpha.destroy();
    }
    await assert.rejects(
      mgmt.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${IDS.alpha}:role/${ROLE}`,
          RoleSessionName: "bad name",
        }),
      ),
      (e) => e instanceof STSServiceException && e.name === "ValidationError",
    );
    const a = sim.stats.assumeRole;
    assert.equal(a.calls, 9);
    assert.equal(a.succeeded, 2);
    assert.equal(a.denied, 6);
    assert.equal(a.byAccount[IDS.beta].denied, 3);
    assert.equal(a.byAccount.unknown.calls, 1);
    assert.deepEqual(a.byAccount[IDS.beta].last, {
      callerArn: `arn:aws:sts::${IDS.alpha}:assumed-role/${ROLE}/iam-audit`,
      targetAccountId: IDS.beta,
      roleName: ROLE,
      sessionName: "x1",
      externalId: undefined,
      outcome: "denied",
    });
    assert.deepEqual(a.recent.find((c) => c.externalId === EXTERNAL_ID), {
      callerArn: caller,
      targetAccountId: IDS.beta,
      roleName: ROLE,
      sessionName: "iam-audit",
      externalId: EXTERNAL_ID,
      outcome: "ok",
    });
  });
});

Deno.test("Organizations refuses member credentials except DescribeOrganization", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      await assert.rejects(
        alpha.org.send(new ListAccountsCommand({})),
        (e) =>
          e instanceof AccessDeniedException &&
          e.message === "You don't have permissions to access this resource.",
      );
      const { Organization } = await alpha.org.send(new DescribeOrganizationCommand({}));
      assert.equal(Organization!.MasterAccountId, IDS.management);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("errors parse into the SDK's typed exceptions", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      await assert.rejects(
        alpha.iam.send(new GetLoginProfileCommand({ UserName: "user-01" })),
        (e) =>
          e instanceof NoSuchEntityException && e.$metadata.httpStatusCode === 404 &&
          e.message === "Login Profile for User user-01 cannot be found.",
      );
      const profile = await alpha.iam.send(new GetLoginProfileCommand({ UserName: "never-used" }));
      assert.equal(profile.LoginProfile!.PasswordResetRequired, true);
      await assert.rejects(
        alpha.iam.send(new ListUsersCommand({ Marker: "bogus" })),
        (e) =>
          e instanceof IAMServiceException && e.name === "ValidationError" && e.message === "Invalid Marker.",
      );
      const twoAttributes = [
        { AttributeKey: "EventName" as const, AttributeValue: "CreateUser" },
        { AttributeKey: "Username" as const, AttributeValue: "admin" },
      ];
      await assert.rejects(
        lookup(alpha, { LookupAttributes: twoAttributes }),
        InvalidLookupAttributesException,
      );
      await assert.rejects(
        lookup(alpha, {
          StartTime: new Date("2026-11-20T00:00:00Z"),
          EndTime: new Date("2026-11-10T00:00:00Z"),
        }),
        InvalidTimeRangeException,
      );
      await assert.rejects(lookup(alpha, { MaxResults: 51 }), InvalidMaxResultsException);
      await assert.rejects(lookup(alpha, { NextToken: "not-a-token" }), InvalidNextTokenException);
      await assert.rejects(
        mgmt.org.send(new ListAccountsCommand({ NextToken: "garbage" })),
        (e) => e instanceof InvalidInputException && e.Reason === "INVALID_NEXT_TOKEN",
      );
      await assert.rejects(
        mgmt.org.send(new ListChildrenCommand({ ParentId: "ou-none-00000000", ChildType: "ACCOUNT" })),
        ParentNotFoundException,
      );
      // A token from one listing is not accepted by another.
      const first = await mgmt.org.send(new ListAccountsCommand({}));
      await assert.rejects(
        mgmt.org.send(
          new ListChildrenCommand({ ParentId: "r-fx01", ChildType: "ACCOUNT", NextToken: first.NextToken }),
        ),
        InvalidInputException,
      );
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("access keys, MFA devices and last use are reported as IAM reports them", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      const neverUsed = await alpha.iam.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIANEVERUSED0000001" }),
      );
      assert.equal(neverUsed.UserName, "never-used");
      assert.deepEqual(neverUsed.AccessKeyLastUsed, { ServiceName: "N/A", Region: "N/A" });
      const used = await alpha.iam.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAALPHA00000000003" }),
      );
      assert.equal(used.AccessKeyLastUsed!.ServiceName, "s3");
      assert.ok(used.AccessKeyLastUsed!.LastUsedDate instanceof Date);
      const keys = await alpha.iam.send(new ListAccessKeysCommand({ UserName: "never-used" }));
      assert.deepEqual(keys.AccessKeyMetadata!.map((k) => [k.UserName, k.AccessKeyId, k.Status]), [
        ["never-used", "AKIANEVERUSED0000001", "Active"],
      ]);
      const mfa = await alpha.iam.send(new ListMFADevicesCommand({ UserName: "never-used" }));
      assert.equal(mfa.MFADevices![0].SerialNumber, `arn:aws:iam::${IDS.alpha}:mfa/never-used`);
      const virtual = await alpha.iam.send(new ListVirtualMFADevicesCommand({}));
      assert.deepEqual(virtual.VirtualMFADevices!.map((d) => [d.SerialNumber, d.User?.Arn]), [
        [`arn:aws:iam::${IDS.alpha}:mfa/root-account-mfa-device`, `arn:aws:iam::${IDS.alpha}:root`],
        [`arn:aws:iam::${IDS.alpha}:mfa/never-used`, `arn:aws:iam::${IDS.alpha}:user/never-used`],
      ]);
      // Management's own credentials are an IAM user: ListAccessKeys without UserName lists its keys.
      const own = await mgmt.iam.send(new ListAccessKeysCommand({}));
      assert.equal(own.AccessKeyMetadata![0].UserName, "auditor");
      await assert.rejects(
        alpha.iam.send(new ListAccessKeysCommand({})),
        (e) => e instanceof IAMServiceException && e.name === "ValidationError",
      );
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("policies, groups and the credential report", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      const attached = await alpha.iam.send(new ListAttachedUserPoliciesCommand({ UserName: "never-used" }));
      assert.deepEqual(attached.AttachedPolicies, [
        { PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        { PolicyName: "Deploy", PolicyArn: `arn:aws:iam::${IDS.alpha}:policy/team/Deploy` },
      ]);
      assert.deepEqual(
        (await alpha.iam.send(new ListUserPoliciesCommand({ UserName: "never-used" }))).PolicyNames,
        [
          "inline-s3",
        ],
      );
      const groups = await alpha.iam.send(new ListGroupsForUserCommand({ UserName: "never-used" }));
      assert.equal(groups.Groups![0].Arn, `arn:aws:iam::${IDS.alpha}:group/Developers`);
      await assert.rejects(
        alpha.iam.send(new GetCredentialReportCommand({})),
        CredentialReportNotPresentException,
      );
      assert.equal((await alpha.iam.send(new GenerateCredentialReportCommand({}))).State, "STARTED");
      assert.equal((await alpha.iam.send(new GenerateCredentialReportCommand({}))).State, "COMPLETE");
      const report = await alpha.iam.send(new GetCredentialReportCommand({}));
      const rows = new TextDecoder().decode(report.Content).split("\n").map((line) => line.split(","));
      const header = rows[0];
      const row = (user: string) =>
        Object.fromEntries(rows.find((r) => r[0] === user)!.map((v, i) => [header[i], v]));
      assert.equal(row("<root_account>").mfa_active, "true");
      const neverUsed = row("never-used");
      assert.equal(neverUsed.password_enabled, "true");
      assert.equal(neverUsed.password_last_used, "no_information");
      assert.equal(neverUsed.access_key_1_active, "true");
      assert.equal(neverUsed.access_key_1_last_used_date, "N/A");
      assert.equal(row("user-00").password_enabled, "false");
      assert.equal(rows.length, 1 + 1 + fixtureScenario().accounts[1].users.length);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("user names that need escaping round-trip intact", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      const names = await allUsers(alpha);
      for (const name of TRICKY_NAMES) assert.ok(names.includes(name), name);
      const { User } = await alpha.iam.send(new GetUserCommand({ UserName: TRICKY_NAMES[0] }));
      assert.equal(User!.Arn, `arn:aws:iam::${IDS.alpha}:user/${TRICKY_NAMES[0]}`);
      await assert.rejects(
        alpha.iam.send(new GetLoginProfileCommand({ UserName: TRICKY_NAMES[0] })),
        (e) =>
          e instanceof NoSuchEntityException &&
          e.message === `Login Profile for User ${TRICKY_NAMES[0]} cannot be found.`,
      );
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("mutating actions are refused and recorded", async () => {
  await withSim(async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
    try {
      const refusedIam = (e: unknown) =>
        e instanceof IAMServiceException && e.name === "AccessDenied" && e.$metadata.httpStatusCode === 403 &&
        e.message.includes("simulator refused");
      await assert.rejects(alpha.iam.send(new CreateUserCommand({ UserName: "intruder" })), refusedIam);
      await assert.rejects(
        alpha.iam.send(
          new DeleteAccessKeyCommand({ UserName: "user-00", AccessKeyId: "AKIAALPHA00000000000" }),
        ),
        refusedIam,
      );
      await assert.rejects(
        alpha.iam.send(new UpdateLoginProfileCommand({ UserName: "never-used" })),
        refusedIam,
      );
      await assert.rejects(
        mgmt.org.send(new CreateAccountCommand({ Email: "x@example.com", AccountName: "x" })),
        (e) => e instanceof AccessDeniedException && e.message.includes("simulator refused"),
      );
      await assert.rejects(
        alpha.ct.send(new StopLoggingCommand({ Name: "trail" })),
        (e) => e instanceof Error && e.name === "AccessDeniedException",
      );
      assert.equal(sim.stats.refused, 5);
      assert.deepEqual(sim.stats.refusedActions, {
        "iam:CreateUser": 1,
        "iam:DeleteAccessKey": 1,
        "iam:UpdateLoginProfile": 1,
        "organizations:CreateAccount": 1,
        "cloudtrail:StopLogging": 1,
      });
      // Nothing changed.
      assert.equal((await allUsers(alpha)).length, fixtureScenario().accounts[1].users.length);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("LookupEvents filters by attribute, time window and region, newest first, within 90 days", async () => {
  await withSim(async (sim, mgmt) => {
    const creds = await assume(mgmt, IDS.alpha);
    const alpha = clientsFor(sim, creds);
    const alphaEu = clientsFor(sim, creds, { region: "eu-west-1" });
    try {
      const creates = await lookup(alpha, {
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateUser" }],
      });
      assert.deepEqual(creates, Array.from({ length: 30 }, (_, i) => `create-${i}`));
      const window = await lookup(alpha, {
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateUser" }],
        StartTime: new Date(FIXTURE_NOW.getTime() - 4 * 86_400_000),
        EndTime: new Date(FIXTURE_NOW.getTime() - 1 * 86_400_000),
      });
      assert.deepEqual(window, ["create-1", "create-2", "create-3"]);
      const all = await lookup(alpha, {});
      assert.equal(all.length, 34);
      assert.ok(!all.includes("ancient") && !all.includes("eu-create"));
      assert.deepEqual(await lookup(alphaEu, {}), ["eu-create"]);
      assert.deepEqual(
        await lookup(alpha, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "root" }] }),
        [
          "login-root",
        ],
      );
      assert.deepEqual(
        await lookup(alpha, {
          LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "AKIANEWKEY0000000001" }],
        }),
        ["key-1"],
      );
      assert.deepEqual(
        await lookup(alpha, { LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }] }),
        [
          "list-1",
        ],
      );
      const page = await alpha.ct.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventId", AttributeValue: "key-1" }],
        }),
      );
      const event = page.Events![0];
      assert.equal(event.ReadOnly, "false");
      assert.deepEqual(event.Resources, [
        { ResourceType: "AWS::IAM::AccessKey", ResourceName: "AKIANEWKEY0000000001" },
        { ResourceType: "AWS::IAM::User", ResourceName: "bob" },
      ]);
      const record = JSON.parse(event.CloudTrailEvent!);
      assert.equal(record.eventName, "CreateAccessKey");
      assert.equal(record.eventType, "AwsApiCall");
      assert.equal(record.recipientAccountId, IDS.alpha);
      assert.equal(record.userIdentity.userName, "admin");
      assert.deepEqual(record.requestParameters, { userName: "bob" });
      assert.equal(record.responseElements.accessKey.accessKeyId, "AKIANEWKEY0000000001");
      assert.equal(sim.stats.lookupEventsPeakPerSecond[IDS.alpha] >= 2, true);
      assert.equal(sim.stats.lookupEventsPeakPerSecondMax, sim.stats.lookupEventsPeakPerSecond[IDS.alpha]);
    } finally {
      alpha.destroy();
      alphaEu.destroy();
    }
  });
});

Deno.test("unknown keys, wrong secrets and missing session tokens are rejected per protocol", async () => {
  await withSim(async (sim, mgmt) => {
    const stranger = clientsFor(sim, { accessKeyId: "AKIAUNKNOWN000000001", secretAccessKey: "x" });
    const wrongSecret = clientsFor(sim, { accessKeyId: sim.accessKeyId, secretAccessKey: "not-the-secret" });
    const creds = await assume(mgmt, IDS.alpha);
    const noToken = clientsFor(sim, {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
    });
    try {
      await assert.rejects(
        stranger.sts.send(new GetCallerIdentityCommand({})),
        (e) => (e as Error).name === "InvalidClientTokenId",
      );
      await assert.rejects(
        stranger.org.send(new ListRootsCommand({})),
        (e) => (e as Error).name === "UnrecognizedClientException",
      );
      await assert.rejects(
        wrongSecret.iam.send(new ListUsersCommand({})),
        (e) => (e as Error).name === "SignatureDoesNotMatch",
      );
      await assert.rejects(
        wrongSecret.ct.send(new StopLoggingCommand({ Name: "x" })),
        (e) => (e as Error).name === "InvalidSignatureException",
      );
      await assert.rejects(
        noToken.iam.send(new ListUsersCommand({})),
        (e) => (e as Error).name === "InvalidClientTokenId",
      );
      assert.equal(sim.stats.refused, 0);
      assert.equal(sim.stats.errors.InvalidClientTokenId, 2);
    } finally {
      stranger.destroy();
      wrongSecret.destroy();
      noToken.destroy();
    }
  });
});

Deno.test("temporary credentials expire with the simulator's clock", async () => {
  let now = FIXTURE_NOW.getTime();
  const sim = await startSimulator(fixtureScenario(), { now: () => new Date(now) });
  const mgmt = clientsFor(sim);
  const alpha = clientsFor(sim, await assume(mgmt, IDS.alpha));
  try {
    await alpha.iam.send(new ListUsersCommand({}));
    now += 3600_000;
    await assert.rejects(
      alpha.iam.send(new ListUsersCommand({})),
      (e) => (e as Error).name === "ExpiredToken",
    );
    await assert.rejects(
      alpha.ct.send(new StopLoggingCommand({ Name: "x" })),
      (e) => (e as Error).name === "ExpiredTokenException",
    );
  } finally {
    alpha.destroy();
    mgmt.destroy();
    await sim.close();
  }
});

Deno.test("wire format: XML and JSON error bodies, request ids, and stats over HTTP", async () => {
  await withSim(async (sim) => {
    const xml = await fetch(sim.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=ListUsers&Version=2010-05-08",
    });
    assert.equal(xml.status, 403);
    assert.ok(xml.headers.get("x-amzn-requestid"));
    const xmlBody = await xml.text();
    assert.match(
      xmlBody,
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    const json = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSOrganizationsV20161128.ListAccounts",
      },
      body: "{}",
    });
    assert.equal(json.status, 400);
    assert.deepEqual(await json.json(), {
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    assert.equal(stats.totalRequests, 2);
    assert.deepEqual(stats.actionsCalled, ["organizations:ListAccounts", "query:ListUsers"]);
  });
});

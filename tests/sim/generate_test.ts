import assert from "node:assert/strict";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { paginateListUsers } from "@aws-sdk/client-iam";
import { GENERATED_ROLE, generateOrganization } from "../../sim/generate.ts";
import { OrgModel } from "../../sim/org_model.ts";
import { startSimulator } from "../../sim/server.ts";
import { clientsFor } from "./fixtures.ts";
import type { OrganizationalUnit } from "../../sim/scenario.ts";

function depth(unit: OrganizationalUnit): number {
  return 1 + Math.max(0, ...unit.children.map(depth));
}

Deno.test("the same seed gives the same organization; another seed another", () => {
  const a = generateOrganization({ accounts: 20, usersPerAccount: 10, seed: 7 });
  const b = generateOrganization({ accounts: 20, usersPerAccount: 10, seed: 7 });
  const c = generateOrganization({ accounts: 20, usersPerAccount: 10, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("1,000 accounts x 100 users generate quickly, consistently and with every kind of user", () => {
  const started = performance.now();
  const s = generateOrganization({
    accounts: 1000,
    usersPerAccount: 100,
    seed: "scale",
    eventsPerAccount: 10,
  });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
  assert.equal(s.accounts.length, 1000);
  assert.ok(s.accounts.every((a) => a.users.length === 100 && a.events.length === 10));
  new OrgModel(s); // validates ids, OU placement and dates
  assert.ok(depth(s.root!) >= 3, "nested OU tree");
  const users = s.accounts.flatMap((a) => a.users);
  const count = (pred: (u: typeof users[number]) => boolean) => users.filter(pred).length;
  assert.ok(count((u) => u.mfaDevices.some((d) => d.serialNumber.includes(":mfa/"))) > 0);
  assert.ok(count((u) => u.mfaDevices.some((d) => d.serialNumber.includes(":u2f/"))) > 0);
  assert.ok(count((u) => u.mfaDevices.some((d) => d.serialNumber.startsWith("GAHT"))) > 0);
  assert.ok(count((u) => u.mfaDevices.length === 2) > 0);
  assert.ok(count((u) => !!u.loginProfile && u.mfaDevices.length === 0) > 0);
  assert.ok(count((u) => !u.loginProfile && u.accessKeys.length === 2) > 0);
  assert.ok(count((u) => u.accessKeys.some((k) => k.status === "Inactive")) > 0);
  assert.ok(count((u) => u.accessKeys.some((k) => !k.lastUsed)) > 0);
  assert.ok(count((u) => !!u.loginProfile && !u.passwordLastUsed) > 0);
  assert.ok(count((u) => /^[=@+-]/.test(u.name)) > 0);
  assert.ok(users.every((u) => u.accessKeys.every((k) => /^AKIA[A-Z2-7]{16}$/.test(k.id))));
  const states = new Set(s.accounts.map((a) => a.state));
  assert.ok(states.has("ACTIVE") && states.has("SUSPENDED"));
  assert.ok(
    s.accounts.some((a) => a.state === "ACTIVE" && a.roles.length === 0 && a.id !== s.managementAccountId),
  );
  const now = Date.parse("2026-11-25T00:00:00Z");
  const events = s.accounts.flatMap((a) => a.events);
  assert.ok(
    events.every((e) => now - Date.parse(e.eventTime) < 90 * 86_400_000 && Date.parse(e.eventTime) < now),
  );
  for (
    const name of [
      "CreateUser",
      "DeleteUser",
      "CreateAccessKey",
      "DeleteAccessKey",
      "DeleteLoginProfile",
      "ConsoleLogin",
    ]
  ) {
    assert.ok(events.some((e) => e.eventName === name), name);
  }
});

Deno.test("a generated organization is served by the simulator", async () => {
  const scenario = generateOrganization({ accounts: 30, usersPerAccount: 7, seed: 3 });
  const sim = await startSimulator(scenario, { pageSize: 10, now: () => new Date("2026-11-25T00:00:00Z") });
  const mgmt = clientsFor(sim);
  try {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: mgmt.org }, {})) {
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    assert.deepEqual(ids, scenario.accounts.map((a) => a.id));
    const member = scenario.accounts.find((a) => a.roles.includes(GENERATED_ROLE))!;
    const out = await mgmt.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${member.id}:role/${GENERATED_ROLE}`,
        RoleSessionName: "gen",
      }),
    );
    const c = out.Credentials!;
    const clients = clientsFor(sim, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    try {
      const names: string[] = [];
      for await (const page of paginateListUsers({ client: clients.iam }, {})) {
        names.push(...page.Users!.map((u) => u.UserName!));
      }
      assert.deepEqual(names, member.users.map((u) => u.name));
    } finally {
      clients.destroy();
    }
  } finally {
    mgmt.destroy();
    await sim.close();
  }
});

Deno.test("a generated organization has a few of every long-lived credential and roots without credentials", () => {
  const now = Date.parse("2026-11-25T00:00:00Z");
  const s = generateOrganization({ accounts: 200, usersPerAccount: 50, seed: "long-lived" });
  new OrgModel(s).index(s.accounts[1].id); // validates the new credentials' ids and dates
  const users = s.accounts.flatMap((a) => a.users);
  const credentials = users.flatMap((u) => u.serviceSpecificCredentials ?? []);
  const withAny = users.filter((u) =>
    u.serviceSpecificCredentials?.length || u.sshPublicKeys?.length || u.signingCertificates?.length
  );
  assert.ok(
    withAny.length > 0 && withAny.length < users.length * 0.2,
    `${withAny.length} of ${users.length}`,
  );
  for (const service of ["codecommit", "cassandra", "bedrock", "logs"]) {
    assert.ok(credentials.some((c) => c.serviceName === `${service}.amazonaws.com`), service);
  }
  const bedrock = credentials.filter((c) => c.serviceName === "bedrock.amazonaws.com");
  assert.ok(bedrock.some((c) => c.expirationDate === undefined), "a Bedrock key without expiry");
  assert.ok(
    bedrock.some((c) => c.status === "Active" && Date.parse(c.expirationDate ?? "") > now),
    "expiring",
  );
  assert.ok(
    bedrock.some((c) => c.status === "Active" && Date.parse(c.expirationDate ?? "") < now),
    "expired",
  );
  assert.ok(credentials.some((c) => c.status === "Expired"));
  assert.ok(credentials.some((c) => c.status === "Inactive"));
  assert.ok(credentials.every((c) => /^ACCA[A-Z2-7]{17}$/.test(c.id)));
  assert.ok(users.some((u) => u.sshPublicKeys?.some((k) => /^APKA[A-Z2-7]{16}$/.test(k.id))));
  assert.ok(users.some((u) => u.signingCertificates?.length));
  const roots = s.accounts.map((a) => a.root!);
  assert.ok(roots.some((r) => r.password === false), "a member account without root credentials");
  assert.equal(s.accounts[0].root!.password, undefined, "the management account's root keeps its password");
  assert.ok(
    roots.every((r) => r.password !== false || (r.mfa === "none" && r.accessKeysPresent === 0)),
    "a root without a password has nothing else either",
  );
  assert.deepEqual(s.rootAccessManagement, {
    enabled: true,
    features: ["RootCredentialsManagement", "RootSessions"],
  });
});

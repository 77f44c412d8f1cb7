import assert from "node:assert/strict";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import { loadScenario } from "../../sim/main.ts";
import { OrgModel } from "../../sim/org_model.ts";
import { startSimulator } from "../../sim/server.ts";
import { clientsFor } from "./fixtures.ts";

const TODAY = new Date("2026-11-25T12:00:00Z");
const ROLE = "OrganizationAccountAccessRole";

Deno.test("the demo organization holds every kind of user the audit must recognise", async () => {
  const scenario = await loadScenario("demo");
  new OrgModel(scenario);
  const users = scenario.accounts.flatMap((a) => a.users);
  const has = (what: string, pred: (u: typeof users[number]) => boolean) => assert.ok(users.some(pred), what);
  has(
    "console + virtual MFA",
    (u) => !!u.loginProfile && u.mfaDevices.some((d) => d.serialNumber.includes(":mfa/")),
  );
  has(
    "console + FIDO",
    (u) => !!u.loginProfile && u.mfaDevices.some((d) => d.serialNumber.includes(":u2f/")),
  );
  has(
    "console + hardware TOTP",
    (u) => !!u.loginProfile && u.mfaDevices.some((d) => d.serialNumber.startsWith("GAHT")),
  );
  has("console without MFA", (u) => !!u.loginProfile && u.mfaDevices.length === 0);
  has(
    "programmatic with two active keys",
    (u) => !u.loginProfile && u.accessKeys.filter((k) => k.status === "Active").length === 2,
  );
  has("inactive key", (u) => u.accessKeys.some((k) => k.status === "Inactive"));
  has("never-used key", (u) => u.accessKeys.some((k) => !k.lastUsed));
  has("console-only without keys", (u) => !!u.loginProfile && u.accessKeys.length === 0);
  has("password never used", (u) => !!u.loginProfile && !u.passwordLastUsed);
  has("two MFA devices", (u) => u.mfaDevices.length === 2);
  has("name starting with = or @", (u) => /^[=@]/.test(u.name));
  const accessKeyIds = users.flatMap((u) => u.accessKeys.map((k) => k.id));
  assert.ok(accessKeyIds.every((id) => /^AKIA[A-Z0-9]{16}$/.test(id)));
  const secret = scenario.managementCredentials.secretAccessKey;
  assert.equal(JSON.stringify(scenario).split(secret).length, 2, "the secret appears once");
  assert.deepEqual(
    new Set(scenario.accounts.map((a) => a.root?.mfa ?? "none")),
    new Set(["virtual", "hardware", "none"]),
  );
  assert.ok(scenario.accounts.some((a) => (a.root?.accessKeysPresent ?? 0) > 0));
});

Deno.test("the demo organization is reachable exactly where the role exists", async () => {
  const scenario = await loadScenario("demo");
  const sim = await startSimulator(scenario, { now: () => TODAY });
  const mgmt = clientsFor(sim);
  try {
    const accounts = [];
    for await (const page of paginateListAccounts({ client: mgmt.org }, {})) accounts.push(...page.Accounts!);
    assert.equal(accounts.length, 9);
    assert.deepEqual(
      accounts.map((a) => [a.Name, a.State, a.Status]),
      [
        ["Management", "ACTIVE", "ACTIVE"],
        ["Production", "ACTIVE", "ACTIVE"],
        ["Staging", "ACTIVE", "ACTIVE"],
        ["Development", "ACTIVE", "ACTIVE"],
        ["Sandbox", "ACTIVE", "ACTIVE"],
        ["Legacy", "SUSPENDED", "SUSPENDED"],
        ["Decommissioned", "PENDING_CLOSURE", "PENDING_CLOSURE"],
        ["Security", undefined, "ACTIVE"],
        ["ML Platform", "ACTIVE", "ACTIVE"],
      ],
    );
    const reachable: string[] = [];
    for (const account of accounts) {
      try {
        const out = await mgmt.sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account.Id}:role/${ROLE}`,
            RoleSessionName: "demo",
          }),
        );
        reachable.push(account.Name!);
        const c = out.Credentials!;
        const member = clientsFor(sim, {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken!,
        });
        try {
          const names = new Set<string>();
          for await (const page of paginateLookupEvents({ client: member.ct }, {})) {
            for (const e of page.Events!) names.add(e.EventName!);
          }
          // ML Platform holds the long-lived credentials other than access keys, and no event.
          for (
            const name of account.Name === "ML Platform" ? [] : [
              "CreateUser",
              "DeleteUser",
              "CreateAccessKey",
              "DeleteAccessKey",
              "DeleteLoginProfile",
            ]
          ) {
            assert.ok(names.has(name), `${account.Name}: ${name}`);
          }
        } finally {
          member.destroy();
        }
      } catch (e) {
        assert.equal((e as Error).name, "AccessDenied");
      }
    }
    assert.deepEqual(reachable, ["Production", "Staging", "Development", "Security", "ML Platform"]);
  } finally {
    mgmt.destroy();
    await sim.close();
  }
});

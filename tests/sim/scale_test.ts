import assert from "node:assert/strict";
import { GetAccessKeyLastUsedCommand, ListMFADevicesCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GENERATED_ROLE, generateOrganization } from "../../sim/generate.ts";
import { startSimulator } from "../../sim/server.ts";
import { type Clients, clientsFor } from "./fixtures.ts";

Deno.test("a large organization is served at a steady rate with bounded stats", async () => {
  const scenario = generateOrganization({ accounts: 400, usersPerAccount: 100, seed: "scale-test" });
  const sim = await startSimulator(scenario, { pageSize: 20, now: () => new Date("2026-11-25T00:00:00Z") });
  const mgmt = clientsFor(sim);
  const members: { clients: Clients; user: string; key: string }[] = [];
  try {
    const reachable = scenario.accounts.filter((a) => a.roles.includes(GENERATED_ROLE)).slice(-8);
    for (const account of reachable) {
      const out = await mgmt.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${account.id}:role/${GENERATED_ROLE}`,
          RoleSessionName: "scale",
        }),
      );
      const c = out.Credentials!;
      const withKey = account.users.find((u) => u.accessKeys.length > 0)!;
      members.push({
        clients: clientsFor(sim, {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken!,
        }),
        user: withKey.name,
        key: withKey.accessKeys[0].id,
      });
    }
    const total = 1600;
    let issued = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, async (_, worker) => {
      while (issued < total) {
        const n = issued++;
        const m = members[(worker + n) % members.length];
        switch (n % 4) {
          case 0:
            await m.clients.iam.send(new ListUsersCommand({}));
            break;
          case 1:
            await m.clients.iam.send(new ListMFADevicesCommand({ UserName: m.user }));
            break;
          case 2:
            await m.clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: m.key }));
            break;
          default:
            await m.clients.ct.send(new LookupEventsCommand({}));
        }
      }
    }));
    const perSecond = total / ((performance.now() - started) / 1000);
    // Client and server share one thread here; the bound only catches per-request scans of the org.
    assert.ok(perSecond > 300, `${perSecond.toFixed(0)} requests/s`);
    assert.equal(sim.stats.errors.Throttling ?? 0, 0);
    assert.equal(Object.keys(sim.stats.byAccount).length, members.length + 1);
    assert.ok(sim.stats.assumeRole.recent.length <= 100);
  } finally {
    for (const m of members) m.clients.destroy();
    mgmt.destroy();
    await sim.close();
  }
});

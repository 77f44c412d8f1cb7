import assert from "node:assert/strict";
import {
  GetAccountSummaryCommand,
  IAMServiceException,
  ListMFADevicesCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { type RateLimits, type Simulator, startSimulator } from "../../sim/server.ts";
import { type Clients, clientsFor, FIXTURE_NOW, fixtureScenario, IDS, ROLE } from "./fixtures.ts";

async function withAlpha(
  rateLimits: RateLimits,
  fn: (alpha: Clients, sim: Simulator) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator(fixtureScenario(), { now: () => FIXTURE_NOW, rateLimits });
  const mgmt = clientsFor(sim);
  try {
    const out = await mgmt.sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${IDS.alpha}:role/${ROLE}`, RoleSessionName: "models" }),
    );
    const c = out.Credentials!;
    const alpha = clientsFor(sim, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    try {
      await fn(alpha, sim);
    } finally {
      alpha.destroy();
    }
  } finally {
    mgmt.destroy();
    await sim.close();
  }
}

function settle(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => "ok", (e: Error) => e.name);
}

/** Two ListUsers, a ListMFADevices and a GetAccountSummary at once: three IAM actions. */
function mixedIam(alpha: Clients): Promise<string[]> {
  return Promise.all([
    settle(alpha.iam.send(new ListUsersCommand({}))),
    settle(alpha.iam.send(new ListUsersCommand({}))),
    settle(alpha.iam.send(new ListMFADevicesCommand({ UserName: "never-used" }))),
    settle(alpha.iam.send(new GetAccountSummaryCommand({}))),
  ]);
}

Deno.test("iamModel perAction (the default) gives each IAM action its own budget", async () => {
  await withAlpha({ iamPerSecond: 2 }, async (alpha, sim) => {
    assert.deepEqual(await mixedIam(alpha), ["ok", "ok", "ok", "ok"]);
    assert.equal(await settle(alpha.iam.send(new ListUsersCommand({}))), "Throttling");
    assert.equal(sim.stats.throttled, 1);
  });
});

Deno.test("iamModel perAccount makes all IAM actions of an account share one budget", async () => {
  await withAlpha({ iamPerSecond: 3, iamModel: "perAccount", cloudTrailPerSecond: 5 }, async (alpha, sim) => {
    const outcomes = await mixedIam(alpha);
    assert.equal(outcomes.filter((o) => o === "ok").length, 3);
    assert.deepEqual(outcomes.filter((o) => o !== "ok"), ["Throttling"]);
    // Other services keep their own budgets.
    await alpha.ct.send(new LookupEventsCommand({}));
    assert.deepEqual(sim.stats.throttledByService, { iam: 1 });
    assert.deepEqual(sim.stats.throttledByAccount, { [IDS.alpha]: 1 });
  });
});

Deno.test("iamModel bursty lets a burst above the rate through, then throttles", async () => {
  await withAlpha({ iamPerSecond: 1, iamModel: "bursty", iamBurst: 6 }, async (alpha, sim) => {
    const burst = await Promise.all(
      Array.from({ length: 9 }, () => settle(alpha.iam.send(new ListUsersCommand({})))),
    );
    assert.equal(burst.filter((o) => o === "ok").length, 6);
    await assert.rejects(
      alpha.iam.send(new GetAccountSummaryCommand({})),
      (e) => e instanceof IAMServiceException && e.name === "Throttling" && e.message === "Rate exceeded",
    );
    assert.equal(sim.stats.throttledByService.iam, 4);
    assert.equal(sim.stats.throttledByAccount[IDS.alpha], 4);
  });
});

Deno.test("a bursty IAM in a brownout has a fraction of its burst", async () => {
  // The brownout covers all of every hour but its first 5 ms: this test runs inside one.
  const brownout = { everyMs: 3_600_000, forMs: 3_600_000 - 5, factor: 0.25 };
  await withAlpha(
    { iamPerSecond: 1, iamModel: "bursty", iamBurst: 8, iamBrownout: brownout },
    async (alpha) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => settle(alpha.iam.send(new ListUsersCommand({})))),
      );
      assert.equal(outcomes.filter((o) => o === "ok").length, 2);
    },
  );
});

Deno.test("rate limits that cannot work are refused at start", async () => {
  const bad: RateLimits[] = [
    { iamModel: "perAccount" },
    { iamPerSecond: 5, iamModel: "sideways" as "perAccount" },
    { iamPerSecond: 5, iamBurst: 10 },
    { iamPerSecond: 5, iamModel: "bursty", iamBurst: 0 },
    { iamPerSecond: 5, iamModel: "bursty", iamBrownout: { everyMs: 10, forMs: 20, factor: 0.5 } },
    { iamPerSecond: -1 },
  ];
  for (const rateLimits of bad) {
    await assert.rejects(
      startSimulator(fixtureScenario(), { rateLimits }),
      Error,
      JSON.stringify(rateLimits),
    );
  }
});

import assert from "node:assert/strict";
import { GetAccountSummaryCommand, IAMServiceException, ListUsersCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  ListAccountsCommand,
  ListRootsCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { LookupEventsCommand, ThrottlingException } from "@aws-sdk/client-cloudtrail";
import { type SimOptions, startSimulator } from "../../sim/server.ts";
import { type Clients, clientsFor, type Creds, FIXTURE_NOW, fixtureScenario, IDS, ROLE } from "./fixtures.ts";

async function withSim(
  options: SimOptions,
  fn: (sim: Awaited<ReturnType<typeof startSimulator>>, mgmt: Clients) => Promise<void>,
  clientOptions: Parameters<typeof clientsFor>[2] = {},
): Promise<void> {
  const sim = await startSimulator(fixtureScenario(), { now: () => FIXTURE_NOW, ...options });
  const mgmt = clientsFor(sim, undefined, clientOptions);
  try {
    await fn(sim, mgmt);
  } finally {
    mgmt.destroy();
    await sim.close();
  }
}

async function assume(mgmt: Clients, accountId = IDS.alpha): Promise<Creds> {
  const out = await mgmt.sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: "faults" }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

function settle(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => "ok", (e: Error) => e.name);
}

Deno.test("latencyMs delays every API request", async () => {
  await withSim({ latencyMs: 60 }, async (_sim, mgmt) => {
    const started = performance.now();
    await mgmt.sts.send(new GetCallerIdentityCommand({}));
    assert.ok(performance.now() - started >= 60);
  });
});

Deno.test("per-account rate limits answer each service's own throttling error", async () => {
  const rateLimits = {
    cloudTrailPerSecond: 2,
    iamPerSecond: 3,
    organizationsPerSecond: 1,
    stsPerSecond: 100,
  };
  await withSim({ rateLimits }, async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt));
    try {
      const lookups = await Promise.all(
        Array.from({ length: 5 }, () => settle(alpha.ct.send(new LookupEventsCommand({})))),
      );
      assert.deepEqual(lookups.filter((r) => r === "ok").length, 2);
      assert.ok(lookups.filter((r) => r !== "ok").every((r) => r === "ThrottlingException"));
      await assert.rejects(alpha.ct.send(new LookupEventsCommand({})), ThrottlingException);
      const iam = await Promise.all(
        Array.from({ length: 4 }, () => settle(alpha.iam.send(new ListUsersCommand({})))),
      );
      assert.deepEqual(iam.sort(), ["Throttling", "ok", "ok", "ok"]);
      await mgmt.org.send(new ListRootsCommand({}));
      await assert.rejects(
        mgmt.org.send(new ListRootsCommand({})),
        (e) => e instanceof TooManyRequestsException && e.$metadata.httpStatusCode === 400,
      );
      // Limits are per account: the management account's IAM budget is untouched.
      await mgmt.iam.send(new ListUsersCommand({}));
      assert.equal(sim.stats.throttled, 3 + 1 + 1 + 1);
      assert.equal(sim.stats.errors.ThrottlingException, 4);
      assert.equal(sim.stats.lookupEventsPeakPerSecond[IDS.alpha], 6);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("the SDK's retries ride over injected throttles and server errors", async () => {
  await withSim(
    { faults: { seed: 5, throttleFraction: 0.1, serverErrorFraction: 0.4 } },
    async (sim, mgmt) => {
      for (let i = 0; i < 5; i++) await mgmt.iam.send(new GetAccountSummaryCommand({}));
      assert.ok(sim.stats.faults.throttle + sim.stats.faults.serverError > 0);
      assert.equal(
        sim.stats.byAction["iam:GetAccountSummary"],
        5 + sim.stats.faults.throttle + sim.stats.faults.serverError,
      );
    },
    { maxAttempts: 20 },
  );
});

Deno.test("injected faults are deterministic for a seed and shaped per protocol", async () => {
  const outcomes = async (seed: number) => {
    const results: string[] = [];
    await withSim(
      { faults: { seed, throttleFraction: 0.25, serverErrorFraction: 0.5 } },
      async (_sim, mgmt) => {
        for (let i = 0; i < 12; i++) {
          results.push(
            await settle(
              i % 2 ? mgmt.iam.send(new ListUsersCommand({})) : mgmt.org.send(new ListRootsCommand({})),
            ),
          );
        }
      },
    );
    return results;
  };
  const first = await outcomes(11);
  assert.deepEqual(await outcomes(11), first);
  assert.notDeepEqual(await outcomes(12), first);
  const names = new Set(first);
  for (const name of names) {
    assert.ok(
      ["ok", "Throttling", "TooManyRequestsException", "InternalFailure", "ServiceUnavailable"].includes(
        name,
      ),
      name,
    );
  }
  await withSim({ faults: { serverErrorFraction: 1 } }, async (_sim, mgmt) => {
    const seen = new Set<number>();
    for (let i = 0; i < 8; i++) {
      await mgmt.iam.send(new ListUsersCommand({})).catch((e: IAMServiceException) =>
        seen.add(e.$metadata.httpStatusCode!)
      );
    }
    assert.deepEqual([...seen].sort(), [500, 503]);
  });
});

Deno.test("reset, slow and malformed responses fail the SDK call without an AWS error", async () => {
  await withSim({ faults: { resetFraction: 1 } }, async (sim, mgmt) => {
    await assert.rejects(
      mgmt.sts.send(new GetCallerIdentityCommand({})),
      (e) => !(e instanceof IAMServiceException),
    );
    assert.equal(sim.stats.faults.reset, 1);
  });
  await withSim({ faults: { slowFraction: 1, slowMs: 5_000 } }, async (sim, mgmt) => {
    const started = performance.now();
    await assert.rejects(
      mgmt.org.send(new ListAccountsCommand({})),
      (e) => (e as Error).name === "TimeoutError",
    );
    assert.ok(performance.now() - started < 2_000);
    assert.equal(sim.stats.faults.slow, 1);
  }, { requestTimeoutMs: 150 });
  await withSim({ faults: { malformedFraction: 1 } }, async (sim, mgmt) => {
    await assert.rejects(mgmt.iam.send(new ListUsersCommand({})));
    await assert.rejects(mgmt.org.send(new ListAccountsCommand({})));
    assert.equal(sim.stats.faults.malformed, 2);
  });
});

Deno.test("accessDeniedAccounts denies everything but GetCallerIdentity", async () => {
  await withSim({ faults: { accessDeniedAccounts: [IDS.alpha] } }, async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt));
    try {
      await assert.rejects(
        alpha.iam.send(new ListUsersCommand({})),
        (e) =>
          e instanceof IAMServiceException && e.name === "AccessDenied" &&
          e.message.includes("explicit deny"),
      );
      await assert.rejects(
        alpha.ct.send(new LookupEventsCommand({})),
        (e) => (e as Error).name === "AccessDeniedException",
      );
      assert.equal((await alpha.sts.send(new GetCallerIdentityCommand({}))).Account, IDS.alpha);
      await mgmt.iam.send(new ListUsersCommand({}));
      assert.equal(sim.stats.faults.accessDenied, 2);
    } finally {
      alpha.destroy();
    }
  });
});

Deno.test("expireAfterCalls expires temporary credentials; a new AssumeRole gives working ones", async () => {
  await withSim({ faults: { expireAfterCalls: 2 } }, async (sim, mgmt) => {
    const alpha = clientsFor(sim, await assume(mgmt));
    const fresh = clientsFor(sim, await assume(mgmt));
    try {
      await alpha.iam.send(new ListUsersCommand({}));
      await alpha.ct.send(new LookupEventsCommand({}));
      await assert.rejects(
        alpha.iam.send(new ListUsersCommand({})),
        (e) => (e as Error).name === "ExpiredToken",
      );
      await assert.rejects(
        alpha.ct.send(new LookupEventsCommand({})),
        (e) => (e as Error).name === "ExpiredTokenException",
      );
      await fresh.iam.send(new ListUsersCommand({}));
      // The management account's static credentials never expire.
      for (let i = 0; i < 3; i++) await mgmt.sts.send(new GetCallerIdentityCommand({}));
      assert.equal(sim.stats.faults.expired, 2);
    } finally {
      alpha.destroy();
      fresh.destroy();
    }
  });
});

Deno.test("faults never touch /__sim/stats", async () => {
  await withSim({ faults: { resetFraction: 0.5, malformedFraction: 0.5 }, latencyMs: 1000 }, async (sim) => {
    for (let i = 0; i < 5; i++) {
      const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
      assert.equal(stats.totalRequests, 0);
    }
  });
});

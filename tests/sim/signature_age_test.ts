import assert from "node:assert/strict";
import { IAMServiceException, ListUsersCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ListRootsCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { type SimOptions, type Simulator, startSimulator } from "../../sim/server.ts";
import { signatureTimeProblem } from "../../sim/sigv4.ts";
import { clientsFor, FIXTURE_NOW, fixtureScenario, IDS, ROLE } from "./fixtures.ts";

const MINUTE = 60_000;
const STAMP = String.raw`\d{8}T\d{6}Z`;

async function withSim(options: SimOptions, fn: (sim: Simulator) => Promise<void>): Promise<void> {
  // The scenario clock is pinned far from the real one: signature age must ignore it.
  const sim = await startSimulator(fixtureScenario(), { now: () => FIXTURE_NOW, ...options });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

Deno.test("signatureTimeProblem() words the limit as AWS does, both ways", () => {
  const now = Date.UTC(2026, 11, 2, 0, 20);
  assert.equal(
    signatureTimeProblem(Date.UTC(2026, 11, 2, 0, 10), now, 5 * MINUTE),
    "Signature expired: 20261202T001000Z is now earlier than 20261202T001500Z (20261202T002000Z - 5 min.)",
  );
  assert.equal(
    signatureTimeProblem(Date.UTC(2026, 11, 2, 0, 30), now, 5 * MINUTE),
    "Signature not yet current: 20261202T003000Z is still later than 20261202T002500Z (20261202T002000Z + 5 min.)",
  );
  assert.equal(signatureTimeProblem(now - 5 * MINUTE, now, 5 * MINUTE), undefined);
  assert.equal(signatureTimeProblem(now + 5 * MINUTE, now, 5 * MINUTE), undefined);
  assert.match(signatureTimeProblem(now - 2000, now, 1500)!, /\(20261202T002000Z - 1\.5 sec\.\)$/);
});

Deno.test("a client whose clock is 10 minutes slow is refused per protocol, and counted by account", async () => {
  await withSim({}, async (sim) => {
    const slow = clientsFor(sim, undefined, { systemClockOffset: -10 * MINUTE });
    const fast = clientsFor(sim, undefined, { systemClockOffset: 10 * MINUTE });
    const onTime = clientsFor(sim);
    try {
      await assert.rejects(
        slow.iam.send(new ListUsersCommand({})),
        (e) =>
          e instanceof IAMServiceException && e.name === "SignatureDoesNotMatch" &&
          e.$metadata.httpStatusCode === 403 &&
          new RegExp(`^Signature expired: ${STAMP} is now earlier than ${STAMP} \\(${STAMP} - 5 min\\.\\)$`)
            .test(e.message),
      );
      await assert.rejects(
        slow.org.send(new ListRootsCommand({})),
        (e) =>
          (e as Error).name === "InvalidSignatureException" &&
          (e as IAMServiceException).$metadata.httpStatusCode === 400 &&
          (e as Error).message.startsWith("Signature expired: "),
      );
      await assert.rejects(
        fast.sts.send(new GetCallerIdentityCommand({})),
        (e) =>
          (e as Error).name === "SignatureDoesNotMatch" &&
          new RegExp(
            `^Signature not yet current: ${STAMP} is still later than ${STAMP} \\(${STAMP} \\+ 5 min\\.\\)$`,
          )
            .test((e as Error).message),
      );
      // Four minutes off is within AWS's five.
      const close = clientsFor(sim, undefined, { systemClockOffset: -4 * MINUTE });
      try {
        await close.iam.send(new ListUsersCommand({}));
      } finally {
        close.destroy();
      }
      await onTime.iam.send(new ListUsersCommand({}));
      assert.equal(sim.stats.signatureExpired, 3);
      assert.deepEqual(sim.stats.signatureExpiredByAccount, { [IDS.management]: 3 });
      assert.equal(sim.stats.errors.SignatureDoesNotMatch, 2);
      assert.equal(sim.stats.errors.InvalidSignatureException, 1);
      assert.equal(sim.stats.byAccount[IDS.management], 2, "refused requests are not authenticated ones");
    } finally {
      slow.destroy();
      fast.destroy();
      onTime.destroy();
    }
  });
});

Deno.test("a short maxSignatureAgeMs refuses slightly stale signatures of any account", async () => {
  await withSim({ maxSignatureAgeMs: 5_000 }, async (sim) => {
    const mgmt = clientsFor(sim);
    try {
      const out = await mgmt.sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${IDS.alpha}:role/${ROLE}`,
          RoleSessionName: "skewed",
        }),
      );
      const c = out.Credentials!;
      const creds = {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      };
      const stale = clientsFor(sim, creds, { systemClockOffset: -20_000 });
      try {
        await assert.rejects(
          stale.iam.send(new ListUsersCommand({})),
          (e) => (e as Error).name === "SignatureDoesNotMatch",
        );
      } finally {
        stale.destroy();
      }
      assert.deepEqual(sim.stats.signatureExpiredByAccount, { [IDS.alpha]: 1 });
    } finally {
      mgmt.destroy();
    }
  });
  await withSim({ maxSignatureAgeMs: Infinity }, async (sim) => {
    const ancient = clientsFor(sim, undefined, { systemClockOffset: -3 * 86_400_000 });
    try {
      await ancient.iam.send(new ListUsersCommand({}));
      assert.equal(sim.stats.signatureExpired, 0);
    } finally {
      ancient.destroy();
    }
  });
});

Deno.test("the SDK resets its clock offset from the simulator's Date header: the next call is accepted", async () => {
  await withSim({}, async (sim) => {
    const slow = clientsFor(sim, undefined, { systemClockOffset: -10 * MINUTE });
    try {
      await assert.rejects(
        slow.iam.send(new ListUsersCommand({})),
        (e) => (e as Error).name === "SignatureDoesNotMatch",
      );
      await slow.iam.send(new ListUsersCommand({}));
      assert.equal(sim.stats.signatureExpired, 1);
      assert.equal(sim.stats.byAction["iam:ListUsers"], 2);
    } finally {
      slow.destroy();
    }
  });
});

Deno.test("a request without X-Amz-Date, or with a malformed one, is an incomplete signature", async () => {
  await withSim({}, async (sim) => {
    const authorization =
      `AWS4-HMAC-SHA256 Credential=${sim.accessKeyId}/20261202/us-east-1/iam/aws4_request, ` +
      `SignedHeaders=host, Signature=${"0".repeat(64)}`;
    for (
      const [headers, message] of [
        [{}, /requires existence of either a 'X-Amz-Date' or a 'Date' header/],
        [{ "x-amz-date": "2026-12-02T00:15:00Z" }, /^Date must be in ISO-8601 'basic format'/],
      ] as const
    ) {
      const response = await fetch(sim.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization, ...headers },
        body: "Action=ListUsers&Version=2010-05-08",
      });
      assert.equal(response.status, 403);
      const body = await response.text();
      assert.match(body, /<Code>IncompleteSignature<\/Code>/);
      assert.match(/<Message>([^<]*)<\/Message>/.exec(body)![1].replaceAll("&apos;", "'"), message);
    }
  });
});

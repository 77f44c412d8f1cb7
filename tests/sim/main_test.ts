import assert from "node:assert/strict";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ListAccountsCommand } from "@aws-sdk/client-organizations";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { loadScenario, parseCommandLine } from "../../sim/main.ts";
import { AWS_LIKE_RATE_LIMITS } from "../../sim/server.ts";

Deno.test("the command line maps onto simulator options", async () => {
  const { scenario, options } = parseCommandLine([
    "--scenario",
    "gen:3:2:seed",
    "--port",
    "0",
    "--latency",
    "5",
    "--rate-limits",
    "--page-size",
    "7",
    "--now",
    "2026-11-25T00:00:00Z",
    "--faults",
    '{"throttleFraction":0.1}',
  ]);
  assert.equal(scenario, "gen:3:2:seed");
  assert.equal(options.latencyMs, 5);
  assert.equal(options.pageSize, 7);
  assert.deepEqual(options.rateLimits, AWS_LIKE_RATE_LIMITS);
  assert.deepEqual(options.faults, { throttleFraction: 0.1 });
  assert.ok(Math.abs(options.now!().getTime() - Date.parse("2026-11-25T00:00:00Z")) < 60_000);
  assert.equal((await loadScenario("gen:3:2:seed")).accounts.length, 3);
  assert.equal((await loadScenario("demo")).managementAccountId, "111111111111");
  assert.equal((await loadScenario("long-lived")).organizationId, "o-longlived01");
  assert.throws(() => parseCommandLine([]), /--scenario/);
});

Deno.test("main.ts prints one JSON line once listening, serves, and stops on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../sim/main.ts", import.meta.url).pathname,
      "--scenario",
      "demo",
      "--page-size",
      "3",
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!output.includes("\n")) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`simulator exited before listening: ${output}`);
    output += chunk.value;
  }
  assert.equal(output.indexOf("\n"), output.length - 1, "exactly one line");
  const info = JSON.parse(output);
  assert.deepEqual(Object.keys(info).sort(), [
    "accessKeyId",
    "managementAccountId",
    "secretAccessKey",
    "url",
  ]);
  const config = {
    endpoint: info.url,
    region: "us-east-1",
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  };
  const sts = new STSClient(config);
  const org = new OrganizationsClient(config);
  const iam = new IAMClient(config);
  try {
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, info.managementAccountId);
    assert.equal((await org.send(new ListAccountsCommand({}))).Accounts!.length, 3);
    assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName), [
      "auditor",
      "admin-jane",
    ]);
  } finally {
    sts.destroy();
    org.destroy();
    iam.destroy();
  }
  child.kill("SIGTERM");
  const rest = await reader.read();
  assert.equal(rest.done, true, `unexpected output: ${rest.value}`);
  assert.equal((await child.status).code, 0);
});

Deno.test("--max-signature-age sets the signature age limit in ms, or turns it off", () => {
  assert.equal(parseCommandLine(["--scenario", "demo"]).options.maxSignatureAgeMs, undefined);
  assert.equal(
    parseCommandLine(["--scenario", "demo", "--max-signature-age", "1500"]).options.maxSignatureAgeMs,
    1500,
  );
  assert.equal(
    parseCommandLine(["--scenario", "demo", "--max-signature-age", "off"]).options.maxSignatureAgeMs,
    Infinity,
  );
  assert.throws(() => parseCommandLine(["--scenario", "demo", "--max-signature-age", "0"]), /positive/);
  assert.throws(() => parseCommandLine(["--scenario", "demo", "--max-signature-age", "soon"]), /integer/);
});

Deno.test("the IAM throttling flags choose the model on top of --rate-limits, or alone", () => {
  const parse = (...flags: string[]) => parseCommandLine(["--scenario", "demo", ...flags]).options.rateLimits;
  assert.deepEqual(parse("--rate-limits", "--iam-throttle", "perAccount"), {
    ...AWS_LIKE_RATE_LIMITS,
    iamModel: "perAccount",
  });
  assert.deepEqual(
    parse(
      "--iam-rate",
      "2.5",
      "--iam-throttle",
      "bursty",
      "--iam-burst",
      "10",
      "--iam-brownout",
      "60000:15000:0.2",
    ),
    {
      iamPerSecond: 2.5,
      iamModel: "bursty",
      iamBurst: 10,
      iamBrownout: { everyMs: 60_000, forMs: 15_000, factor: 0.2 },
    },
  );
  assert.deepEqual(parse("--rate-limits", "--iam-rate", "5"), { ...AWS_LIKE_RATE_LIMITS, iamPerSecond: 5 });
  assert.equal(parse(), undefined);
  assert.throws(() => parse("--iam-throttle", "bursty"), /need --rate-limits or --iam-rate/);
  assert.throws(() => parse("--rate-limits", "--iam-throttle", "sometimes"), /perAction, perAccount, bursty/);
  assert.throws(() => parse("--rate-limits", "--iam-brownout", "1m:10s"), /EVERY_MS:FOR_MS:FACTOR/);
  assert.throws(() => parse("--iam-rate", "0"), /positive/);
});

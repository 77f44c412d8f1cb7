/**
 * Scale behaviour, end to end (not timed): the in-flight bound holds, pacing keeps AWS's limits, and
 * a concurrent audit reports exactly what a sequential one does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { generateOrganization } from "../sim/generate.ts";
import { AWS_LIKE_RATE_LIMITS, type SimOptions } from "../sim/server.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";

const NOW = new Date().toISOString();

function audit(accounts: number, users: number, options: SimOptions, args: string[]) {
  const scenario = awayFromDayBoundaries(
    generateOrganization({ accounts, usersPerAccount: users, seed: 21, now: NOW }),
  );
  return withSimulator(scenario, options, async ({ sim, env, out }) => {
    const result = await runCli(
      [
        "--profile",
        "sim-mgmt",
        "--role",
        "OrganizationAccountAccessRole",
        "--output-dir",
        out,
        "--no-html",
        ...args,
      ],
      env,
    );
    assert.ok(result.code === 0 || result.code === 3, result.stderr);
    const read = (prefix: string) => {
      const name = [...Deno.readDirSync(out)].find((e) => e.name.startsWith(prefix))!.name;
      return parse(Deno.readTextFileSync(join(out, name)), { columns: true }) as Record<string, string>[];
    };
    return {
      code: result.code,
      stderr: result.stderr,
      stats: sim.stats,
      iam: read("iam_audit_report_"),
      events: read("cloudtrail_events_"),
      accounts: read("accounts_"),
    };
  });
}

/**
 * The scenario with every timestamp that is a whole number of days (give or take 5 minutes) before now
 * moved 15 minutes earlier. Ages in days (`key_age_days`, and the findings of age thresholds) are counted
 * from the run's own clock: two runs seconds apart, compared row for row, would see a key created at this
 * time of day a day apart in age.
 */
function awayFromDayBoundaries<T>(scenario: T): T {
  const now = Date.now();
  const day = 86_400_000, margin = 5 * 60_000;
  return JSON.parse(JSON.stringify(scenario), (_, value) => {
    if (typeof value !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return value;
    const t = Date.parse(value);
    const offset = ((now - t) % day + day) % day;
    return offset < margin || offset > day - margin ? new Date(t - 3 * margin).toISOString() : value;
  });
}

const canonical = (rows: Record<string, string>[], drop: string[] = []) =>
  rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !drop.includes(k)))).sort();

Deno.test("--concurrency bounds the requests in flight over the whole run", async () => {
  const { stats, accounts } = await audit(8, 6, { latencyMs: 20 }, [
    "--concurrency",
    "3",
    "--events",
    "CreateUser",
  ]);
  assert.equal(stats.maxInFlight, 3, "three at once, never more");
  assert.ok(accounts.filter((a) => a.audit_result === "audited").length >= 5);
});

Deno.test("pacing keeps CloudTrail at 2 per second per account and IAM under its limits: no throttling", async () => {
  const { stats, accounts } = await audit(6, 12, {
    latencyMs: 5,
    pageSize: 50,
    rateLimits: AWS_LIKE_RATE_LIMITS,
  }, []);
  assert.ok(
    stats.byAction["cloudtrail:LookupEvents"] >= 6 * 5,
    "every event name looked up in every account",
  );
  assert.ok(
    stats.lookupEventsPeakPerSecondMax <= 2,
    `LookupEvents peak ${stats.lookupEventsPeakPerSecondMax}/s`,
  );
  assert.equal(stats.throttled, 0);
  assert.ok(accounts.every((a) => a.throttled_calls === "" || a.throttled_calls === "0"));
});

Deno.test("a concurrent audit reports exactly what --concurrency 1 reports", async () => {
  const args = ["--events", "CreateUser,DeleteUser"];
  const parallel = await audit(8, 7, { latencyMs: 5 }, args);
  const sequential = await audit(8, 7, { latencyMs: 5 }, [...args, "--concurrency", "1"]);
  assert.ok(parallel.stats.maxInFlight > 1);
  assert.equal(sequential.stats.maxInFlight, 1);
  assert.deepEqual(canonical(parallel.iam), canonical(sequential.iam));
  assert.deepEqual(canonical(parallel.events), canonical(sequential.events));
  assert.deepEqual(canonical(parallel.accounts, ["seconds"]), canonical(sequential.accounts, ["seconds"]));
  assert.ok(parallel.iam.length > 30);
});

Deno.test("audited over worker threads, the reports are exactly those of one thread, and --verbose shows the workers' calls", async () => {
  // More than 16 accounts: the workers start and audit them all.
  const args = ["--events", "CreateUser", "--verbose", "--lang", "en"];
  const threaded = await audit(24, 4, { latencyMs: 5 }, [...args, "--threads", "2"]);
  const single = await audit(24, 4, { latencyMs: 5 }, [...args, "--threads", "1"]);
  assert.deepEqual(canonical(threaded.iam), canonical(single.iam));
  assert.deepEqual(canonical(threaded.events), canonical(single.events));
  assert.deepEqual(canonical(threaded.accounts, ["seconds"]), canonical(single.accounts, ["seconds"]));
  const called = (stderr: string) =>
    new Set(stderr.split("\n").map((line) => /^\s*iam:ListUsers (\d{12}) /.exec(line)?.[1]).filter(Boolean));
  const audited = threaded.accounts.filter((a) => a.audit_result === "audited").map((a) => a.account_id);
  assert.deepEqual([...called(threaded.stderr)].sort(), audited.sort());
  assert.ok(!threaded.stderr.includes("Warning"), threaded.stderr);
});

Deno.test("--user-concurrency bounds the users in flight inside one account", async () => {
  // IAM's pace well above what the users ask, so that what the simulator sees is the users' doing; and
  // a latency long beside a request's CPU, so that a machine busy with other tests does not hold eight
  // users' requests under the one user's bound (at 20 ms the peak was 8 to 12, and 7 once under load).
  const args = ["--no-cloudtrail", "--concurrency", "64", "--iam-rps", "1000"];
  const one = await audit(4, 12, { latencyMs: 100 }, [...args, "--user-concurrency", "1"]);
  const eight = await audit(4, 12, { latencyMs: 100 }, [...args, "--user-concurrency", "8"]);
  const peak = (stats: typeof one.stats, exclude: string) =>
    Math.max(
      ...Object.entries(stats.maxInFlightByAccount).filter(([id]) => id !== exclude).map(([, n]) => n),
    );
  const management = one.accounts.find((a) => a.account_name === "Management")!.account_id;
  // One user at a time: its keys, MFA devices, login profile, service-specific credentials, SSH keys
  // and signing certificates (6 calls), plus the root posture.
  assert.ok(peak(one.stats, management) <= 7, `peak ${peak(one.stats, management)}`);
  assert.ok(peak(eight.stats, management) > 7, `peak ${peak(eight.stats, management)}`);
  assert.deepEqual(canonical(one.iam), canonical(eight.iam));
});

Deno.test("when each account's rate binds, more accounts are audited at once than half the request cap", async () => {
  const concurrency = 8;
  const { code, stderr, accounts } = await audit(24, 5, { latencyMs: 20 }, [
    "--no-cloudtrail",
    "--concurrency",
    String(concurrency),
    // 4 requests per second per account use a fraction of a slot each: the slots wait for accounts.
    "--iam-rps",
    "4",
    "--verbose",
    "--lang",
    "en",
  ]);
  assert.equal(code, 3, stderr);
  // An account is in flight at least from its first answered call to its last: the most such spans
  // that overlap, in the order --verbose reports the calls, is a floor on the accounts audited at once.
  const most = accountsAtOnce(stderr);
  assert.ok(most > concurrency / 2, `${most} accounts at once`);
  assert.ok(accounts.filter((a) => a.audit_result === "audited").length >= 20);
  assert.ok(accounts.every((a) => a.throttled_calls === "" || a.throttled_calls === "0"));
});

/** The most accounts whose spans of IAM calls, in the order `--verbose` reports them, overlap. */
function accountsAtOnce(stderr: string): number {
  const spans = new Map<string, [number, number]>();
  stderr.split("\n").forEach((line, i) => {
    const id = /^\s*iam:\w+ (\d{12}) /.exec(line)?.[1];
    if (id) spans.set(id, [spans.get(id)?.[0] ?? i, i]);
  });
  let most = 0;
  for (const [first] of spans.values()) {
    most = Math.max(most, [...spans.values()].filter(([a, b]) => a <= first && first <= b).length);
  }
  return most;
}

Deno.test("the organization's last accounts start together, not as the first ones end, though the slots are busy", async () => {
  // 8 accounts (one without the audit role) and 12 request slots: 6 accounts to begin with, whose users,
  // unpaced, keep all 12 slots busy (no growth for idle slots); the 2 left are a third of those in flight,
  // so they start at once instead of as the first ones end.
  const { stderr, accounts } = await audit(8, 12, { latencyMs: 30 }, [
    "--no-cloudtrail",
    "--concurrency",
    "12",
    "--iam-rps",
    "1000",
    "--verbose",
    "--lang",
    "en",
  ]);
  const audited = accounts.filter((a) => a.audit_result === "audited").length;
  assert.ok(audited >= 7, `${audited} accounts audited`);
  assert.equal(accountsAtOnce(stderr), audited, "every audited account was in flight at one moment");
});

Deno.test("a small organization against IAM far below --iam-rps: one scout learns the limit, under 1% of calls throttled", async () => {
  // 30 accounts start together against 5 requests per second per account where iam-audit is told 20:
  // without the scouted start each took two or three throttles before the run learned the limit.
  const run = await audit(30, 4, {
    latencyMs: 5,
    rateLimits: { ...AWS_LIKE_RATE_LIMITS, iamModel: "perAccount", iamPerSecond: 5 },
  }, ["--no-cloudtrail"]);
  const iamThrottled = run.stats.throttledByService.iam ?? 0;
  const label = `${iamThrottled} of ${run.stats.totalRequests}`;
  assert.ok(iamThrottled > 0, `the limit bound (${label})`);
  assert.ok(iamThrottled < 0.01 * run.stats.totalRequests, `under 1% throttled (${label})`);
  assert.ok(run.accounts.every((a) => !/throttl|TooManyRequests/i.test(a.reason)), label);
});

Deno.test("IAM limits lower than configured, per account in total or bursty: the rate is learned, throttles are retried and counted, no account fails by them", async () => {
  // 5 requests per second per account where iam-audit is told 20: without adaptation three calls in four
  // would be throttled; learning costs each account a few.
  const accounts = 5;
  for (
    const limits of [
      { ...AWS_LIKE_RATE_LIMITS, iamModel: "perAccount" as const, iamPerSecond: 5 },
      { ...AWS_LIKE_RATE_LIMITS, iamModel: "bursty" as const, iamPerSecond: 5, iamBurst: 10 },
    ]
  ) {
    const run = await audit(accounts, 6, { latencyMs: 5, rateLimits: limits }, ["--no-cloudtrail"]);
    const iamThrottled = run.stats.throttledByService.iam ?? 0;
    const label = `${limits.iamModel}: ${iamThrottled} of ${run.stats.totalRequests}`;
    assert.ok(iamThrottled > 0, `the limit bound (${label})`);
    assert.ok(iamThrottled <= 4 * (accounts + 1), `learned, not throttled call after call (${label})`);
    for (const account of run.accounts) {
      assert.doesNotMatch(account.reason, /throttl|TooManyRequests/i, label);
    }
    const counted = run.accounts.reduce((sum, a) => sum + Number(a.throttled_calls || 0), 0);
    assert.ok(
      counted >= iamThrottled,
      `every throttle counted in the accounts report (${counted}, ${label})`,
    );
  }
});

/**
 * Reliability under faults, end to end: the real command against a simulated organization of 30+
 * accounts where every fault happens at once — throttling, 500/503, reset connections, responses
 * slower than the request timeout, truncated bodies, an account where everything is AccessDenied,
 * and assumed credentials that expire after a few calls. Nothing lost, nothing leaked.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { generateOrganization } from "../sim/generate.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";

type CsvRow = Record<string, string>;

Deno.test("under every fault at once, every reachable user is reported exactly once and nothing leaks", async () => {
  const scenario = generateOrganization({
    accounts: 32,
    usersPerAccount: 4,
    seed: 11,
    now: new Date().toISOString(),
  });
  const denied = scenario.accounts.find((a) =>
    a.state === "ACTIVE" && a.roles.length > 0 && a.id !== scenario.managementAccountId
  )!;
  await withSimulator(scenario, {
    pageSize: 2,
    faults: {
      seed: 5,
      throttleFraction: 0.05,
      serverErrorFraction: 0.05,
      resetFraction: 0.02,
      slowFraction: 0.01,
      slowMs: 2_500,
      malformedFraction: 0.02,
      accessDeniedAccounts: [denied.id],
      expireAfterCalls: 15,
    },
  }, async ({ sim, env, out }) => {
    const result = await runCli([
      "--profile",
      "sim-mgmt",
      "--role",
      "OrganizationAccountAccessRole",
      "--output-dir",
      out,
      "--request-timeout",
      "1",
      "--events",
      "CreateUser,DeleteAccessKey",
      "--lang",
      "en",
    ], env);
    assert.equal(result.code, 3, result.stderr);

    // The faults really happened.
    const f = sim.stats.faults;
    for (
      const kind of [
        "throttle",
        "serverError",
        "reset",
        "slow",
        "malformed",
        "accessDenied",
        "expired",
      ] as const
    ) {
      assert.ok(f[kind] > 0, `fault ${kind} was injected`);
    }

    const files = [...Deno.readDirSync(out)].map((e) => e.name);
    const read = async (prefix: string) =>
      parse(
        await Deno.readTextFile(join(out, files.find((n) => n.startsWith(prefix) && n.endsWith(".csv"))!)),
        {
          columns: true,
          relax_column_count: false,
        },
      ) as CsvRow[];
    const iam = await read("iam_audit_report_");
    const accounts = await read("accounts_");

    // Every account of the organization has a row; the unreachable ones say why.
    assert.deepEqual(accounts.map((a) => a.account_id).sort(), scenario.accounts.map((a) => a.id).sort());
    const byId = new Map(accounts.map((a) => [a.account_id, a]));
    const deniedRow = byId.get(denied.id)!;
    assert.equal(deniedRow.audit_result, "failed");
    assert.match(deniedRow.reason, /AccessDenied/);
    assert.match(result.stderr, new RegExp(`\\(${denied.id}\\) \\[[a-z-]+\\]: .*AccessDenied`));
    for (const account of scenario.accounts) {
      const row = byId.get(account.id)!;
      if (account.state !== "ACTIVE" && !(account.omitState && account.status === "ACTIVE")) {
        assert.equal(row.audit_result, "skipped", account.id);
      } else if (account.roles.length === 0 && account.id !== scenario.managementAccountId) {
        assert.equal(row.audit_result, "failed", account.id);
        assert.match(row.reason, /^assume-role: AccessDenied/);
      }
    }

    // Every user of every reachable account exactly once (one row per key, or one keyless row), in
    // the right account; a user whose details could not all be read says so instead of vanishing.
    const reachable = scenario.accounts.filter((a) =>
      a.id !== denied.id && (a.roles.length > 0 || a.id === scenario.managementAccountId) &&
      (a.state === "ACTIVE" || (a.omitState && a.status === "ACTIVE"))
    );
    for (const account of reachable) {
      const rows = iam.filter((r) => r.account_id === account.id);
      for (const user of account.users) {
        const mine = rows.filter((r) => r.username.replace(/^'/, "") === user.name);
        const expected = Math.max(1, user.accessKeys.length);
        if (mine.length === 1 && mine[0].read_errors !== "" && mine[0].access_key_id === "") {
          assert.match(
            mine[0].read_errors,
            /ListAccessKeys/,
            `${account.id}/${user.name}: keys unknown, and said`,
          );
          continue;
        }
        assert.equal(mine.length, expected, `${account.id}/${user.name}`);
        assert.deepEqual(
          mine.map((r) => r.access_key_id).filter((k) => k).sort(),
          user.accessKeys.map((k) => k.id).sort(),
        );
      }
      assert.equal(
        rows.length,
        new Set(rows.map((r) => `${r.username}|${r.access_key_id}`)).size,
        "no duplicates",
      );
    }
    // Failures that retries could not absorb are reported, not hidden.
    const partial = iam.filter((r) => r.read_errors !== "");
    for (const row of partial) assert.equal(byId.get(row.account_id)!.audit_result, "failed");

    // No secret anywhere: the management secret, and every secret key and session token issued.
    let everything = result.stdout + result.stderr;
    for (const name of files) everything += await Deno.readTextFile(join(out, name));
    const secrets = [scenario.managementCredentials.secretAccessKey, ...sim.issuedSecrets()];
    assert.ok(secrets.length > 30);
    for (const secret of secrets) assert.ok(!everything.includes(secret), "a secret leaked");
    assert.doesNotMatch(everything, /IQoJb3JpZ2luX2VjE/, "no session token");

    // Only read-only actions.
    for (const action of sim.stats.actionsCalled) {
      assert.match(
        action,
        /^(iam|sts|organizations|cloudtrail):(List|Get|Describe|Lookup)\w+$|^sts:AssumeRole$/,
      );
    }
  });
});

/**
 * Runs the command with its output folder on a small tmpfs of its own (a private mount namespace,
 * so nothing of the machine is touched), then copies what it wrote to `keep`.
 */
async function auditOnSmallDisk(kilobytes: number, args: string[]) {
  const scenario = generateOrganization({
    accounts: 30,
    usersPerAccount: 20,
    seed: 5,
    now: new Date().toISOString(),
  });
  return await withSimulator(scenario, { pageSize: 50 }, async ({ env, dir }) => {
    const disk = join(dir, "disk");
    const keep = join(dir, "keep");
    await Deno.mkdir(disk);
    await Deno.mkdir(keep);
    const script = `mount -t tmpfs -o size=${kilobytes}k iam-audit-test "$0" || exit 99; ` +
      `"$@"; code=$?; cp -a "$0"/. "${keep}"/; exit $code`;
    const result = await runCli(
      [
        "--profile",
        "sim-mgmt",
        "--role",
        "OrganizationAccountAccessRole",
        "--output-dir",
        disk,
        "--lang",
        "en",
        ...args,
      ],
      env,
      undefined,
      undefined,
      ["unshare", "--mount", "--map-root-user", "sh", "-c", script, disk],
    );
    assert.notEqual(result.code, 99, `tmpfs could not be mounted: ${result.stderr}`);
    const files = [...Deno.readDirSync(keep)].map((e) => e.name).sort();
    const read = (prefix: string) =>
      Deno.readTextFileSync(join(keep, files.find((f) => f.startsWith(prefix))!));
    return { result, files, read, scenario };
  });
}

Deno.test("a disk that fills up: whole rows only, each account in every report or none, partial names, exit 4", async () => {
  const { result, files, read } = await auditOnSmallDisk(320, ["--concurrency", "4", "--ocsf"]);
  assert.equal(result.code, 4, result.stderr);
  assert.match(
    result.stderr,
    /^iam-audit: Cannot write the report ".*\.partial\.(csv|html|ocsf\.jsonl)" \(No space left on device/m,
  );
  assert.match(
    result.stderr,
    /The reports are incomplete and keep their \.partial names:\n {2}.*\.partial\.csv/,
  );
  assert.ok(files.length >= 3, files.join());
  for (const name of files) assert.match(name, /\.partial\.(csv|html|json|ocsf\.jsonl)$/);
  const csv = (prefix: string) => {
    const text = read(prefix);
    assert.ok(text.endsWith("\r\n"), `${prefix} ends at a row boundary`);
    return parse(text, { columns: true }) as Record<string, string>[];
  };
  const accounts = csv("accounts_");
  const iam = csv("iam_audit_report_");
  csv("cloudtrail_events_");
  assert.ok(
    accounts.length > 0 && accounts.length < 30,
    `${accounts.length} accounts written before the disk filled`,
  );
  const written = new Set(accounts.map((a) => a.account_id));
  assert.ok(
    iam.every((row) => written.has(row.account_id)),
    "no IAM row of an account missing from the accounts report",
  );
  // The OCSF findings too: whole lines, only of accounts written to the other reports.
  const ocsf = read("findings_");
  assert.ok(ocsf === "" || ocsf.endsWith("\n"), "the OCSF file ends at a line boundary");
  const ocsfAccounts = new Set(
    ocsf.trim().split("\n").filter((l) => l).map((l) => JSON.parse(l).cloud.account.uid),
  );
  assert.ok(
    [...ocsfAccounts].every((id) => written.has(id)),
    "no OCSF record of an account not in the reports",
  );
  for (const a of accounts.filter((a) => a.audit_result === "audited")) {
    const users = new Set(iam.filter((row) => row.account_id === a.account_id).map((row) => row.username));
    assert.equal(users.size, Number(a.users), `account ${a.account_id}: all its users or none`);
  }
});

Deno.test("a disk too full for the reports at all: none is left behind, exit 1", async () => {
  const { result, files } = await auditOnSmallDisk(8, []);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^iam-audit: Cannot create the report ".*" \(No space left on device/m);
  assert.deepEqual(files, [], "all or none");
});

Deno.test("a request waits for its pacing before it is signed: no signature ages in the queue", async () => {
  // Three users at once, each asking for its keys, MFA devices, login profile and other credentials
  // together: about twenty requests wait on the account's IAM pace of two a second (all actions
  // together), the last ones eight seconds or more. AWS (and here the simulator, its limit cut to four
  // seconds) rejects a signature that old, so a request signed before it waited would fail. Four, not
  // less: X-Amz-Date counts whole seconds, and a machine busy with other tests may hold a request a
  // second or two between signing and arrival.
  const scenario = generateOrganization({
    accounts: 1,
    usersPerAccount: 3,
    seed: 9,
    now: new Date().toISOString(),
  });
  await withSimulator(scenario, { pageSize: 10, maxSignatureAgeMs: 4_000 }, async ({ sim, env, out }) => {
    const r = await runCli(
      [
        "--profile",
        "sim-mgmt",
        "--role",
        "OrganizationAccountAccessRole",
        "--output-dir",
        out,
        "--iam-rps",
        "2",
        "--user-concurrency",
        "3",
        "--no-cloudtrail",
        "--no-html",
        "--max-attempts",
        "1",
      ],
      env,
    );
    assert.equal(
      sim.stats.signatureExpired,
      0,
      `stale signatures: ${JSON.stringify(sim.stats.signatureExpiredByAccount)} ${r.stderr}`,
    );
    assert.equal(r.code, 0, r.stderr);
  });
});

Deno.test("--verbose numbers each call's attempts: a retry after a throttle is attempt 2", async () => {
  const scenario = generateOrganization({ accounts: 3, usersPerAccount: 3, seed: 2 });
  await withSimulator(scenario, { faults: { seed: 3, throttleFraction: 0.3 } }, async ({ sim, env, out }) => {
    const result = await runCli([
      "--profile",
      "sim-mgmt",
      "--role",
      "OrganizationAccountAccessRole",
      "--output-dir",
      out,
      "--no-cloudtrail",
      "--verbose",
      "--lang",
      "en",
    ], env);
    assert.ok([0, 3].includes(result.code), result.stderr);
    const lines = result.stderr.split("\n").filter((l) => /^\s+\w+:\w+ /.test(l));
    const retries = lines.filter((l) => / attempt \d+ /.test(l));
    const throttled = lines.filter((l) => l.endsWith("(throttled)"));
    assert.equal(lines.length, sim.stats.totalRequests, "one line per attempt");
    assert.ok(throttled.length > 0 && retries.length > 0);
    // Every retry follows a failed attempt: as many retries as failures that were retried, at most.
    assert.ok(retries.length <= throttled.length, `${retries.length} retries, ${throttled.length} throttled`);
    assert.ok(retries.some((l) => / attempt 2 /.test(l)));
  });
});

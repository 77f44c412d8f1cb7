/**
 * The command's behaviour on bad input and on the seed's common errors: one clear line on stderr, a
 * documented exit code, no stack trace, and no report files.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { runCli as run } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";
import { generateOrganization } from "../sim/generate.ts";
import { MGMT, ROLE, truthScenario } from "./support/truth_scenario.ts";

/** Runs the command in English (`--lang en`): these tests check the English messages. */
function runCli(args: string[], ...rest: Parameters<typeof run> extends [unknown, ...infer R] ? R : never) {
  return run([...args, "--lang", "en"], ...rest);
}

/** Asserts a failed run printed exactly one `iam-audit:` line on stderr and no stack. */
function assertOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n").filter((l) => !/^(Warning|Aviso)/.test(l));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^iam-audit: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
}

/** Runs `fn` against the truth organization, with the simulator's faults if given. */
function withSim<T>(
  fn: (env: Record<string, string>, dir: string) => Promise<T>,
  faults?: { accessDeniedAccounts?: string[] },
) {
  return withSimulator(truthScenario(new Date()), { faults }, ({ env, dir }) => fn(env, dir));
}

Deno.test("a missing --role is a usage error: exit 2", async () => {
  const r = await runCli(["--profile", "x"], {});
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assertOneLineError(r.stderr, /--role is required/);
});

Deno.test("an unknown flag is a usage error: exit 2", async () => {
  const r = await runCli(["--role", "A", "--acounts", "1"], {});
  assert.equal(r.code, 2);
  assertOneLineError(r.stderr, /unknown flag --acounts/);
});

Deno.test("a date that does not parse is a usage error: exit 2", async () => {
  const r = await runCli(["--role", "A", "--since", "18/02/2026"], {});
  assert.equal(r.code, 2);
  assertOneLineError(r.stderr, /--since "18\/02\/2026" is not a date/);
});

Deno.test("--help lists every option with its default, --version prints the version", async () => {
  const help = await runCli(["--help"], {});
  assert.equal(help.code, 0);
  for (const flag of ["--role", "--profile", "--output-dir", "--region", "--since", "--until", "--lang"]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.match(help.stdout, /Default: us-east-1/);
  const version = await runCli(["--version"], {});
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^iam-audit \d+\.\d+\.\d+\n$/);
});

Deno.test("a profile that does not exist: exit 1 and what to do", async () => {
  await withSim(async (env, dir) => {
    const r = await runCli(["--profile", "nope", "--role", ROLE, "--output-dir", dir], env);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /AWS profile "nope" was not found.*aws configure list-profiles/);
    assert.ok(![...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".csv")), "no reports");
  });
});

Deno.test("no credentials at all: exit 1 and what to do", async () => {
  const home = await Deno.makeTempDir();
  const r = await runCli(["--role", ROLE, "--output-dir", home], {
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
  });
  assert.equal(r.code, 1);
  assertOneLineError(r.stderr, /No AWS credentials were found/);
});

Deno.test("an expired SSO session: exit 1 and the aws sso login command", async () => {
  const home = await Deno.makeTempDir();
  await Deno.mkdir(join(home, ".aws/sso/cache"), { recursive: true });
  await Deno.writeTextFile(
    join(home, ".aws/config"),
    "[profile corp-mgmt]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Audit\n" +
      "region = us-east-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n" +
      "sso_region = us-east-1\n",
  );
  const cacheFile = createHash("sha1").update("corp").digest("hex") + ".json";
  await Deno.writeTextFile(
    join(home, ".aws/sso/cache", cacheFile),
    JSON.stringify({
      accessToken: "expired-token",
      expiresAt: "2020-01-01T00:00:00Z",
      region: "us-east-1",
      startUrl: "https://example.awsapps.com/start",
    }),
  );
  const r = await runCli(["--profile", "corp-mgmt", "--role", ROLE, "--output-dir", home], {
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  });
  assert.equal(r.code, 1);
  assertOneLineError(
    r.stderr,
    /SSO session of profile "corp-mgmt" has expired.*aws sso login --profile corp-mgmt/,
  );
});

Deno.test("credentials that cannot list the organization: exit 1 and the permission to add", async () => {
  await withSim(async (env, dir) => {
    const r = await runCli(["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", dir], env);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /organizations:ListAccounts was denied/);
    assert.ok(![...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".csv")), "no reports");
  }, { accessDeniedAccounts: [MGMT] });
});

Deno.test("an output folder that does not exist: exit 1, before any AWS call", async () => {
  const r = await runCli(["--role", ROLE, "--output-dir", "/nonexistent/reports"], {});
  assert.equal(r.code, 1);
  assertOneLineError(r.stderr, /--output-dir "\/nonexistent\/reports" does not exist/);
});

Deno.test("a malformed AWS config file: exit 1 naming the broken line", async () => {
  const home = await Deno.makeTempDir();
  await Deno.writeTextFile(join(home, "config"), "[profile mgmt]\nregion = us-east-1\n[profile broken\n");
  const r = await runCli(["--profile", "mgmt", "--role", ROLE, "--output-dir", home], {
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    AWS_EC2_METADATA_DISABLED: "true",
  });
  assert.equal(r.code, 1);
  assertOneLineError(r.stderr, /config line 3 is not valid \("\[profile broken"\)/);
});

Deno.test("an output folder that cannot be written, or is a file: exit 1 before any AWS call", async () => {
  // Root ignores file modes, so the folder is made unwritable by Deno's permissions instead.
  const dir = await Deno.makeTempDir();
  const unwritable = await runCli(["--role", ROLE, "--output-dir", dir], {}, undefined, [
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-sys",
    "--allow-write=/nonexistent-elsewhere",
  ]);
  assert.equal(unwritable.code, 1);
  assertOneLineError(unwritable.stderr, /--output-dir ".*" is not writable/);
  const file = await Deno.makeTempFile();
  const notDir = await runCli(["--role", ROLE, "--output-dir", file], {});
  assert.equal(notDir.code, 1);
  assertOneLineError(notDir.stderr, /is not a folder/);
});

Deno.test("a temporary folder that cannot be used: exit 1 before any AWS call, no report files", async () => {
  await withSimulator(truthScenario(new Date()), {}, async ({ sim, env, out }) => {
    const r = await runCli(["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out], {
      ...env,
      TMPDIR: "/nonexistent-iam-audit-tmp",
    });
    assert.equal(r.code, 1, r.stderr);
    assertOneLineError(
      r.stderr,
      /Cannot create a temporary folder in "\/nonexistent-iam-audit-tmp" \(.+\): set TMPDIR to a writable folder\.$/,
    );
    assert.equal(sim.stats.totalRequests, 0, "no AWS call");
    assert.deepEqual([...Deno.readDirSync(out)], []);
  });
});

Deno.test("an invalid role name and reversed dates are usage errors", async () => {
  const role = await runCli(["--role", "Audit Role!"], {});
  assert.equal(role.code, 2);
  assertOneLineError(role.stderr, /--role "Audit Role!" is not a valid IAM role name/);
  const dates = await runCli(["--role", ROLE, "--since", "2026-11-01", "--until", "2026-10-01"], {});
  assert.equal(dates.code, 2);
  assertOneLineError(dates.stderr, /--since 2026-11-01T00:00:00Z is after --until 2026-10-01T00:00:00Z/);
  const future = await runCli(["--role", ROLE, "--since", "2999-01-01"], {});
  assert.equal(future.code, 2);
  assertOneLineError(future.stderr, /is in the future/);
});

Deno.test("AWS that cannot be reached: exit 1 and what to check", async () => {
  const home = await Deno.makeTempDir();
  const r = await runCli(["--role", ROLE, "--output-dir", home, "--max-attempts", "1"], {
    AWS_ACCESS_KEY_ID: "AKIAUNREACHABLE00001",
    AWS_SECRET_ACCESS_KEY: "unreachable-secret",
    AWS_ENDPOINT_URL: "http://127.0.0.1:1",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  assert.equal(r.code, 1);
  assertOneLineError(r.stderr, /Could not reach AWS .*HTTPS_PROXY/);
  assert.ok(!r.stderr.includes("unreachable-secret"));
});

Deno.test("a listing that breaks off after the reports were opened: exit 1, the reports kept as partial", async () => {
  const scenario = truthScenario(new Date());
  await withSimulator(
    scenario,
    { pageSize: 2, faults: { organizationsFailAfterCalls: 2 } },
    async ({ env, out }) => {
      const r = await runCli(
        ["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, "--max-attempts", "1", "--no-html"],
        env,
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^iam-audit: Could not list the organization's accounts: InternalFailure/m);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
      assert.equal(files.length, 5, files.join());
      for (const name of files) assert.match(name, /\.partial\.(csv|json)$/);
      const manifest = JSON.parse(Deno.readTextFileSync(join(out, files.find((f) => f.startsWith("run_"))!)));
      assert.equal(manifest.complete, false, "the manifest of a run that broke off says so");
      // The accounts listed before the listing broke off were audited and are in the reports.
      const read = (prefix: string) =>
        Deno.readTextFileSync(join(out, files.find((f) => f.startsWith(prefix))!)).trim().split("\r\n");
      const accounts = read("accounts_").slice(1);
      assert.ok(accounts.length >= 2, accounts.join("\n"));
      for (const row of accounts) assert.match(row, /,(audited|failed|skipped),/);
      const audited = accounts.filter((row) => row.includes(",audited,")).map((row) => row.slice(0, 12));
      const iam = read("iam_audit_report_").slice(1);
      for (const id of audited) assert.ok(iam.some((row) => row.startsWith(id)), `${id} has IAM rows`);
    },
  );
});

Deno.test("a listing that breaks off while worker threads audit: the accounts listed are reported, exit 1", async () => {
  const scenario = generateOrganization({
    accounts: 40,
    usersPerAccount: 2,
    seed: 9,
    now: new Date().toISOString(),
  });
  await withSimulator(
    scenario,
    { pageSize: 2, faults: { organizationsFailAfterCalls: 14 } },
    async ({ env, out }) => {
      const r = await run(
        [
          ...["--profile", "sim-mgmt", "--role", "OrganizationAccountAccessRole", "--output-dir", out],
          ...["--max-attempts", "1", "--no-html", "--threads", "2", "--lang", "en"],
        ],
        env,
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^iam-audit: Could not list the organization's accounts: InternalFailure/m);
      const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
      for (const name of files) assert.match(name, /\.partial\.(csv|json)$/);
      const read = (prefix: string) =>
        Deno.readTextFileSync(join(out, files.find((f) => f.startsWith(prefix))!)).trim().split("\r\n").slice(
          1,
        );
      const accounts = read("accounts_");
      // More than the 16 accounts a run audits in its main thread: the workers had started.
      assert.ok(accounts.length > 16 && accounts.length < 40, `${accounts.length} accounts`);
      const iam = read("iam_audit_report_");
      for (const id of accounts.filter((row) => row.includes(",audited,")).map((row) => row.slice(0, 12))) {
        assert.ok(iam.some((row) => row.startsWith(id)), `${id} has IAM rows`);
      }
    },
  );
});

Deno.test("messages follow --lang, Spanish by default: usage, credentials and help", async () => {
  const missing = await run(["--profile", "x"], {});
  assert.equal(missing.code, 2);
  assertOneLineError(missing.stderr, /--role es obligatorio/);
  const unknown = await run(["--role", "A", "--acounts", "1"], {});
  assert.equal(unknown.code, 2);
  assertOneLineError(unknown.stderr, /opción desconocida --acounts; vea --help/);
  const before = await run(["--bogus", "--lang", "en", "--role", "A"], {});
  assertOneLineError(before.stderr, /unknown flag --bogus/);
  const help = await run(["--help"], {});
  assert.match(help.stdout, /Por defecto: us-east-1/);
  assert.match(help.stdout, /Códigos de salida/);
  await withSim(async (env, dir) => {
    const r = await run(["--profile", "nope", "--role", ROLE, "--output-dir", dir], env);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /El perfil de AWS "nope" no está en ~\/.aws\/config/);
  });
  await withSim(async (env, dir) => {
    const r = await run(["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", dir], env);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /se denegó organizations:ListAccounts/);
  }, { accessDeniedAccounts: [MGMT] });
});

Deno.test("a broken credentials file is named by file, line and setting, never by its secret", async () => {
  const home = await Deno.makeTempDir();
  const secret = "+g6VtkS8rPz4Qy1bN0cLm3XwJd5hUa7eF2oRiTs9";
  const env = {
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };
  await Deno.writeTextFile(env.AWS_CONFIG_FILE, "[profile mgmt]\nregion = us-east-1\n");
  for (
    const credentials of [
      `[mgmt]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key: ${secret}\n`,
      `[mgmt]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key\n${secret}\n`,
    ]
  ) {
    await Deno.writeTextFile(env.AWS_SHARED_CREDENTIALS_FILE, credentials);
    // runCli's own leak check fails the test if any 16 characters of the secret appear.
    const r = await runCli(["--profile", "mgmt", "--role", ROLE, "--output-dir", home, "--debug"], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /credentials line (3|4) is not valid/);
    assert.ok(!r.stderr.includes(secret.slice(0, 8)), r.stderr);
  }
});

Deno.test("a proxy password is never printed, whatever the URL's form", async () => {
  const home = await Deno.makeTempDir();
  for (const proxy of ["user:S3cret-pw@127.0.0.1:9", "http://user:p@ss/w0rd-secret@127.0.0.1:9"]) {
    const r = await runCli(["--role", ROLE, "--output-dir", home, "--max-attempts", "1", "--debug"], {
      AWS_ACCESS_KEY_ID: "AKIAUNREACHABLE00001",
      AWS_SECRET_ACCESS_KEY: "unreachable-secret-value",
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
      AWS_EC2_METADATA_DISABLED: "true",
    });
    assert.equal(r.code, 1, r.stderr);
    for (const piece of ["S3cret-pw", "p@ss/w0rd", "w0rd-secret", "unreachable-secret"]) {
      assert.ok(!r.stderr.includes(piece), `${piece} in ${r.stderr}`);
    }
  }
});

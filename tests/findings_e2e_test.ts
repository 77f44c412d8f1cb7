/**
 * Findings, scoping and JSON Lines, end to end through the real command and the simulator: each
 * finding code appears exactly when its condition holds, on users built at each side of each
 * threshold; scoping flags select exactly the right accounts; JSON Lines equals the CSV.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Account, Scenario, User } from "../sim/scenario.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";

const NOW = new Date();
const MGMT = "100000000001";
const ROLE = "AuditRole";

/** `days` days and one hour before now (so the whole-day age is exactly `days`). */
function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000 - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let keySerial = 0;
function key(status: "Active" | "Inactive", createdDaysAgo: number, usedDaysAgo?: number) {
  keySerial++;
  return {
    id: `AKIATHRESHOLD${String(keySerial).padStart(7, "0")}`,
    status,
    createDate: daysAgo(createdDaysAgo),
    ...(usedDaysAgo === undefined
      ? {}
      : { lastUsed: { date: daysAgo(usedDaysAgo), service: "s3", region: "us-east-1" } }),
  };
}

function user(name: string, fields: Partial<User>): User {
  return { name, createDate: daysAgo(400), accessKeys: [], mfaDevices: [], ...fields };
}

const MFA = (
  account: string,
  name: string,
) => [{ serialNumber: `arn:aws:iam::${account}:mfa/${name}`, enableDate: daysAgo(300) }];

function account(id: string, name: string, users: User[], extra: Partial<Account> = {}): Account {
  return {
    id,
    name,
    email: `${name}@example.com`,
    state: "ACTIVE",
    joinedTimestamp: "2024-01-01T00:00:00Z",
    roles: [ROLE],
    users,
    events: [],
    root: { mfa: "hardware", accessKeysPresent: 0 },
    ...extra,
  };
}

/** Users at each side of each threshold, in account 100000000002; scoping accounts in an OU tree. */
function thresholdScenario(): Scenario {
  const A = "100000000002";
  const users: User[] = [
    user("age-89", { accessKeys: [key("Active", 89, 1)] }),
    user("age-90", { accessKeys: [key("Active", 90, 1)] }),
    user("age-91", { accessKeys: [key("Active", 91, 1)] }),
    user("inactive-old", { accessKeys: [key("Inactive", 300, 200)] }),
    user("used-44", { accessKeys: [key("Active", 60, 44)] }),
    user("used-45", { accessKeys: [key("Active", 60, 45)] }),
    user("used-46", { accessKeys: [key("Active", 60, 46)] }),
    user("never-44", { accessKeys: [key("Active", 44)] }),
    user("never-45", { accessKeys: [key("Active", 45)] }),
    user("two-active", { accessKeys: [key("Active", 10, 1), key("Active", 20, 1)] }),
    user("active-inactive", { accessKeys: [key("Active", 10, 1), key("Inactive", 20, 15)] }),
    user("pwd-44", {
      loginProfile: { createDate: daysAgo(400) },
      passwordLastUsed: daysAgo(44),
      mfaDevices: MFA(A, "p44"),
    }),
    user("pwd-45", {
      loginProfile: { createDate: daysAgo(400) },
      passwordLastUsed: daysAgo(45),
      mfaDevices: MFA(A, "p45"),
    }),
    user("pwd-never-46", { loginProfile: { createDate: daysAgo(46) }, mfaDevices: MFA(A, "pn46") }),
    user("console-no-mfa", { loginProfile: { createDate: daysAgo(400) }, passwordLastUsed: daysAgo(1) }),
    user("console-mfa", {
      loginProfile: { createDate: daysAgo(400) },
      passwordLastUsed: daysAgo(1),
      mfaDevices: MFA(A, "cm"),
    }),
    {
      ...user("setup-key", {
        loginProfile: { createDate: daysAgo(5) },
        passwordLastUsed: daysAgo(1),
        mfaDevices: MFA(A, "sk"),
      }),
      createDate: daysAgo(5),
      accessKeys: [{ id: "AKIASETUPKEY00000001", status: "Active", createDate: daysAgo(5) }],
    },
    user("direct-policy", {
      attachedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      inlinePolicies: ["x"],
    }),
    user("clean", {}),
  ];
  const rootConsoleLogin = {
    eventId: "root-login-1",
    eventName: "ConsoleLogin",
    eventTime: daysAgo(3),
    awsRegion: "us-east-1",
    eventSource: "signin.amazonaws.com",
    username: "root",
    userIdentityType: "Root" as const,
    sourceIPAddress: "198.51.100.7",
    userAgent: "Mozilla/5.0",
    readOnly: false,
    resources: [],
  };
  return {
    organizationId: "o-threshold01",
    managementAccountId: MGMT,
    managementCredentials: {
      accessKeyId: "AKIAMGMTTHRESHOLD001",
      secretAccessKey: "threshold/mgmt/secret/000000000000000000",
      arn: `arn:aws:iam::${MGMT}:user/auditor`,
    },
    root: {
      id: "r-thr1",
      name: "Root",
      accountIds: [MGMT],
      children: [
        {
          id: "ou-thr1-aaaaaaaa",
          name: "Workloads",
          accountIds: [A],
          children: [{
            id: "ou-thr1-bbbbbbbb",
            name: "Prod",
            accountIds: ["100000000003"],
            children: [{ id: "ou-thr1-cccccccc", name: "Deep", accountIds: ["100000000004"], children: [] }],
          }],
        },
        { id: "ou-thr1-dddddddd", name: "Sandbox", accountIds: ["100000000005"], children: [] },
      ],
    },
    accounts: [
      account(MGMT, "Management", [], { roles: [], root: { mfa: "hardware", accessKeysPresent: 0 } }),
      account(A, "Thresholds", users, { root: { mfa: "virtual", accessKeysPresent: 0 } }),
      account("100000000003", "RootKeys", [user("p3", {})], {
        root: { mfa: "hardware", accessKeysPresent: 1 },
      }),
      account("100000000004", "RootNoMfa", [user("p4", {})], {
        root: { mfa: "none", accessKeysPresent: 0 },
        events: [rootConsoleLogin],
      }),
      account("100000000005", "Sandbox", [user("p5", {})]),
    ],
  };
}

function audit(scenario: Scenario, args: string[]) {
  return withSimulator(scenario, { pageSize: 3 }, async ({ env, out }) => {
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, "--no-html", "--lang", "en", ...args],
      env,
    );
    assert.ok(result.code === 0 || result.code === 3, result.stderr);
    const text = (prefix: string) => {
      const name = [...Deno.readDirSync(out)].find((e) => e.name.startsWith(prefix))!.name;
      return Deno.readTextFileSync(join(out, name));
    };
    return { result, text };
  });
}

type Row = Record<string, string>;
const csv = (text: string) => parse(text, { columns: true }) as Row[];

Deno.test("each finding code appears exactly when its condition holds, at each side of each threshold", async () => {
  const { result, text } = await audit(thresholdScenario(), ["--policies"]);
  const rows = csv(text("iam_audit_report_"));
  const findings = (name: string) => rows.filter((r) => r.username === name).map((r) => r.findings);
  assert.deepEqual(findings("age-89"), [""]);
  assert.deepEqual(findings("age-90"), [""]);
  assert.deepEqual(findings("age-91"), ["KEY_NOT_ROTATED"]);
  assert.deepEqual(findings("inactive-old"), ["INACTIVE_KEY"]);
  assert.deepEqual(findings("used-44"), [""]);
  assert.deepEqual(findings("used-45"), ["KEY_UNUSED"]);
  assert.deepEqual(findings("used-46"), ["KEY_UNUSED"]);
  assert.deepEqual(findings("never-44"), [""]);
  assert.deepEqual(findings("never-45"), ["KEY_UNUSED"]);
  assert.deepEqual(findings("two-active"), ["MULTIPLE_ACTIVE_KEYS", "MULTIPLE_ACTIVE_KEYS"]);
  assert.deepEqual(findings("active-inactive"), ["", "INACTIVE_KEY"]);
  assert.deepEqual(findings("pwd-44"), [""]);
  assert.deepEqual(findings("pwd-45"), ["PASSWORD_UNUSED"]);
  assert.deepEqual(findings("pwd-never-46"), ["PASSWORD_UNUSED"]);
  assert.deepEqual(findings("console-no-mfa"), ["CONSOLE_WITHOUT_MFA"]);
  assert.deepEqual(findings("console-mfa"), [""]);
  assert.deepEqual(findings("setup-key"), ["KEY_CREATED_WITH_USER"]);
  assert.deepEqual(findings("direct-policy"), ["DIRECT_POLICIES"]);
  assert.equal(
    rows.find((r) => r.username === "direct-policy")!.direct_policies,
    "AdministratorAccess;inline:x",
  );
  assert.deepEqual(findings("clean"), [""]);

  const accounts = Object.fromEntries(csv(text("accounts_")).map((a) => [a.account_name, a]));
  assert.equal(accounts.Thresholds.findings, "ROOT_VIRTUAL_MFA");
  assert.equal(accounts.Thresholds.root_mfa, "Virtual");
  assert.equal(accounts.RootKeys.findings, "ROOT_ACCESS_KEYS");
  assert.equal(accounts.RootKeys.root_access_keys, "1");
  assert.equal(accounts.RootNoMfa.findings, "ROOT_NO_MFA;ROOT_USED");
  assert.equal(accounts.RootNoMfa.root_last_console_login, daysAgo(3));
  // The simulated organization has not turned on central root access management.
  assert.equal(accounts.Management.findings, "ORG_ROOT_MANAGEMENT_OFF");
  assert.equal(accounts.Management.root_mfa, "Hardware");

  // The summary counts them, citing CIS v7.0 by default (which has no "one active key" any more), and
  // ranks the accounts.
  assert.match(result.stdout, /^Findings \(CIS AWS Foundations Benchmark v7\.0\.0\):$/m);
  assert.match(result.stdout, /^ {2}KEY_UNUSED +CIS 2\.11 +keys: 3 +users: 3 +accounts: 1$/m);
  assert.match(result.stdout, /^ {2}MULTIPLE_ACTIVE_KEYS +iam-audit +users: 1 +accounts: 1$/m);
  assert.match(result.stdout, /^ {2}ROOT_NO_MFA +CIS 2\.5 +accounts: 1$/m);
  assert.match(result.stdout, /^Accounts with the most findings:\n {2}Thresholds \(100000000002\): 13$/m);
});

Deno.test("--cis cites each version's numbers, or iam-audit's own where the version has none", async () => {
  const scenario = thresholdScenario();
  const expected: Record<string, [string, string, string, string]> = {
    // KEY_NOT_ROTATED, MULTIPLE_ACTIVE_KEYS, ROOT_NO_MFA, ORG_ROOT_MANAGEMENT_OFF
    "3.0": ["CIS 1.14", "CIS 1.13", "CIS 1.5", "iam-audit"],
    "4.0": ["CIS 1.14", "CIS 1.13", "CIS 1.5", "iam-audit"],
    "5.0": ["CIS 1.13", "CIS 1.12", "CIS 1.4", "iam-audit"],
    "6.0": ["CIS 2.13", "CIS 2.12", "CIS 2.4", "iam-audit"],
    "7.0": ["CIS 2.12", "iam-audit", "CIS 2.5", "CIS 2.1.1"],
  };
  for (const [version, refs] of Object.entries(expected)) {
    const { result } = await audit(scenario, ["--cis", version, "--no-html", "--no-cloudtrail"]);
    const codes = ["KEY_NOT_ROTATED", "MULTIPLE_ACTIVE_KEYS", "ROOT_NO_MFA", "ORG_ROOT_MANAGEMENT_OFF"];
    codes.forEach((code, i) => {
      const ref = refs[i].replace(/\./g, "\\.");
      assert.match(result.stdout, new RegExp(`^ {2}${code} +${ref} +`, "m"), `${version} ${code}`);
    });
    assert.match(result.stdout, new RegExp(`Benchmark v${version.replace(".", "\\.")}\\.[01]\\):`));
  }
});

Deno.test("thresholds follow --max-key-age and --max-unused-days", async () => {
  const { text } = await audit(thresholdScenario(), [
    "--max-key-age",
    "89",
    "--max-unused-days",
    "46",
    "--accounts",
    "100000000002",
  ]);
  const rows = csv(text("iam_audit_report_"));
  const findings = (name: string) => rows.find((r) => r.username === name)!.findings;
  assert.equal(findings("age-89"), "");
  assert.equal(findings("age-90"), "KEY_NOT_ROTATED");
  assert.equal(findings("used-45"), "");
  assert.equal(findings("used-46"), "KEY_UNUSED");
});

Deno.test("scoping flags select exactly the right accounts, OUs nested several levels deep", async () => {
  const scenario = thresholdScenario();
  const scope = async (args: string[]) => {
    const { text } = await audit(scenario, [...args, "--no-cloudtrail"]);
    return csv(text("accounts_")).map((a) => a.account_id).sort();
  };
  assert.deepEqual(await scope(["--ou", "ou-thr1-aaaaaaaa"]), [
    "100000000002",
    "100000000003",
    "100000000004",
  ]);
  assert.deepEqual(await scope(["--ou", "ou-thr1-bbbbbbbb"]), ["100000000003", "100000000004"]);
  assert.deepEqual(await scope(["--ou", "ou-thr1-cccccccc,ou-thr1-dddddddd"]), [
    "100000000004",
    "100000000005",
  ]);
  assert.deepEqual(await scope(["--ou", "ou-thr1-aaaaaaaa", "--exclude-accounts", "100000000003"]), [
    "100000000002",
    "100000000004",
  ]);
  assert.deepEqual(await scope(["--accounts", `${MGMT},100000000005`]), [MGMT, "100000000005"]);
  const file = await Deno.makeTempFile();
  await Deno.writeTextFile(file, "# audit these\n100000000003\n100000000004 # deep\n");
  assert.deepEqual(await scope(["--accounts", `@${file}`]), ["100000000003", "100000000004"]);
  assert.deepEqual(await scope(["--ou", "r-thr1", "--exclude-accounts", `${MGMT},100000000002`]), [
    "100000000003",
    "100000000004",
    "100000000005",
  ]);
});

Deno.test("an --ou that does not exist is a usage error", async () => {
  await withSimulator(thresholdScenario(), {}, async ({ env, dir }) => {
    const r = await runCli([
      "--profile",
      "sim-mgmt",
      "--role",
      ROLE,
      "--output-dir",
      dir,
      "--ou",
      "ou-thr1-zzzzzzzz",
      "--lang",
      "en",
    ], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^iam-audit: --ou ou-thr1-zzzzzzzz: no such organizational unit/m);
  });
});

Deno.test("JSON Lines parse line by line and equal the CSV, with types and finding booleans", async () => {
  const scenario = thresholdScenario();
  const asCsv = await audit(scenario, ["--policies"]);
  const asJsonl = await audit(scenario, ["--policies", "--format", "jsonl"]);
  for (const prefix of ["iam_audit_report_", "cloudtrail_events_", "accounts_", "credentials_"]) {
    const rows = csv(asCsv.text(prefix));
    const lines = asJsonl.text(prefix).trimEnd().split("\n").filter((l) => l !== "");
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(records.length, rows.length, prefix);
    const flat = (r: Record<string, unknown>) => {
      const o: Row = {};
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith("finding_")) continue;
        o[k] = v === null ? "" : Array.isArray(v) ? v.join(";") : String(v);
      }
      return o;
    };
    const unescape = (r: Row) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replace(/^'(?=[=+\-@\t\r])/, "")]));
    const key = (r: Row) => JSON.stringify(Object.entries(r).filter(([k]) => k !== "seconds"));
    assert.deepEqual(records.map(flat).map(key).sort(), rows.map(unescape).map(key).sort(), prefix);
    for (const record of records) {
      for (const [field, value] of Object.entries(record)) {
        if (typeof value === "boolean" && field !== "root_password") {
          assert.match(field, /^finding_/);
          const code = field.replace(/^finding_/, "").toUpperCase();
          assert.equal(value, (record.findings as string[]).includes(code), `${prefix} ${field}`);
        }
      }
    }
  }
  const iam = asJsonl.text("iam_audit_report_").trim().split("\n").map((l) => JSON.parse(l));
  const age91 = iam.find((r) => r.username === "age-91");
  assert.equal(age91.key_age_days, 91);
  assert.equal(age91.finding_key_not_rotated, true);
  assert.equal(age91.finding_key_unused, false);
  assert.deepEqual(age91.findings, ["KEY_NOT_ROTATED"]);
  assert.equal(iam.find((r) => r.username === "clean").access_key_id, null);
});

Deno.test("--external-id, --session-name and --events reach AWS as given", async () => {
  const scenario = thresholdScenario();
  scenario.accounts.find((a) => a.id === "100000000003")!.externalId = "corp-audit-7";
  scenario.accounts.find((a) => a.id === "100000000004")!.events.push({
    eventId: "ev-create-login",
    eventName: "CreateLoginProfile",
    eventTime: daysAgo(2),
    awsRegion: "us-east-1",
    eventSource: "iam.amazonaws.com",
    username: "admin",
    sourceIPAddress: "198.51.100.8",
    userAgent: "console.amazonaws.com",
    readOnly: false,
    resources: [{ type: "AWS::IAM::User", name: "p4" }],
  });
  const args = ["--accounts", "100000000003,100000000004"];
  await withSimulator(scenario, {}, async ({ sim, env, out }) => {
    const without = await runCli(
      ["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, ...args],
      env,
    );
    assert.equal(without.code, 3, "the account that requires an ExternalId fails without it");
    assert.match(without.stderr, /RootKeys \(100000000003\) \[assume-role\]: AccessDenied/);

    const dir = join(out, "with");
    await Deno.mkdir(dir);
    const flags = [
      "--external-id",
      "corp-audit-7",
      "--session-name",
      "Q4-review",
      "--events",
      "CreateLoginProfile",
    ];
    const run = await runCli(
      ["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", dir, "--lang", "en", ...args, ...flags],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const last = sim.stats.assumeRole.recent.slice(-2);
    assert.ok(last.every((c) => c.sessionName === "Q4-review" && c.outcome === "ok"));
    assert.equal(last.find((c) => c.targetAccountId === "100000000003")!.externalId, "corp-audit-7");
    const name = [...Deno.readDirSync(dir)].find((e) => e.name.startsWith("cloudtrail_events_"))!.name;
    const events = csv(Deno.readTextFileSync(join(dir, name)));
    assert.deepEqual(events.map((e) => `${e.eventName} ${e.event_id}`), [
      "CreateLoginProfile ev-create-login",
    ]);
  });
});

Deno.test("an empty scope is a usage error naming the ids that matched nothing, and writes no report", async () => {
  await withSimulator(thresholdScenario(), {}, async ({ env, dir, out }) => {
    const run = (args: string[]) =>
      runCli(["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, "--lang", "en", ...args], env);
    const typo = await run(["--accounts", "999999999999,999999999998"]);
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(
      typo.stderr,
      /^iam-audit: no account to audit: --accounts 999999999999, 999999999998 are not in the organization/m,
    );
    const both = await run(["--accounts", "100000000002", "--exclude-accounts", "100000000002"]);
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /--exclude-accounts removes 100000000002/);
    const outside = await run(["--ou", "ou-thr1-dddddddd", "--accounts", "100000000002"]);
    assert.equal(outside.code, 2, outside.stderr);
    assert.equal([...Deno.readDirSync(out)].length, 0, "no report for an empty scope");
    const spanish = await runCli([
      "--profile",
      "sim-mgmt",
      "--role",
      ROLE,
      "--output-dir",
      dir,
      "--accounts",
      "999999999999",
    ], env);
    assert.equal(spanish.code, 2);
    assert.match(
      spanish.stderr,
      /ninguna cuenta que auditar: --accounts 999999999999 no está en la organización/,
    );
    // A partial match is audited, with a warning for the rest.
    const partial = await run(["--accounts", "100000000002,999999999999", "--no-cloudtrail", "--no-html"]);
    assert.equal(partial.code, 0, partial.stderr);
    assert.match(partial.stderr, /--accounts not in the organization \(or outside --ou\): 999999999999/);
  });
});

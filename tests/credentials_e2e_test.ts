/**
 * Every long-lived credential and the root user as AWS has them in 2026, through the real command
 * against the simulated organization that holds each kind of credential and each root state
 * (`sim/scenarios/long_lived.ts`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Scenario } from "../sim/scenario.ts";
import { LONG_LIVED_ACCOUNTS, LONG_LIVED_ROLE, longLivedScenario } from "../sim/scenarios/long_lived.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";

type Row = Record<string, string>;
const NOW = new Date();
const iso = (date: string | undefined) => date ? new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z") : "";

/** Runs the audit of `scenario` and reads its reports. */
async function audit(scenario: Scenario, args: string[] = [], simOptions = {}) {
  return await withSimulator(scenario, { pageSize: 2, ...simOptions }, async ({ sim, env, out }) => {
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", LONG_LIVED_ROLE, "--output-dir", out, "--lang", "en", ...args],
      env,
    );
    const files = [...Deno.readDirSync(out)].map((e) => e.name);
    const text = (prefix: string, ext = ".csv") =>
      Deno.readTextFileSync(join(out, files.find((f) => f.startsWith(prefix) && f.endsWith(ext))!));
    const csv = (prefix: string) => parse(text(prefix), { columns: true }) as Row[];
    return { result, files, text, csv, stats: sim.stats };
  });
}

/** What the simulator serves for each credential: its status, an active one past its expiry as Expired. */
function expectedCredentials(scenario: Scenario): Row[] {
  const rows: Row[] = [];
  for (const account of scenario.accounts) {
    for (const user of account.users) {
      for (const c of user.serviceSpecificCredentials ?? []) {
        const expired = c.status === "Active" && c.expirationDate &&
          Date.parse(c.expirationDate) <= NOW.getTime();
        rows.push({
          account_id: account.id,
          username: user.name,
          credential_type: "service_specific_credential",
          credential_id: c.id,
          status: expired ? "Expired" : c.status,
          created_date: iso(c.createDate),
          expiration_date: iso(c.expirationDate),
          service_name: c.serviceName,
        });
      }
      for (const k of user.sshPublicKeys ?? []) {
        rows.push({
          account_id: account.id,
          username: user.name,
          credential_type: "ssh_public_key",
          credential_id: k.id,
          status: k.status,
          created_date: iso(k.uploadDate),
          expiration_date: "",
          service_name: "",
        });
      }
      for (const c of user.signingCertificates ?? []) {
        rows.push({
          account_id: account.id,
          username: user.name,
          credential_type: "signing_certificate",
          credential_id: c.id,
          status: c.status,
          created_date: iso(c.uploadDate),
          expiration_date: "",
          service_name: "",
        });
      }
    }
  }
  return rows;
}

const pick = (r: Row) => ({
  account_id: r.account_id,
  username: r.username,
  credential_type: r.credential_type,
  credential_id: r.credential_id,
  status: r.status,
  created_date: r.created_date,
  expiration_date: r.expiration_date,
  service_name: r.service_name,
});
const byId = (a: Row, b: Row) => a.credential_id.localeCompare(b.credential_id);

Deno.test("every credential of every kind is reported exactly once, in CSV, JSON Lines and the HTML page", async () => {
  const scenario = longLivedScenario(NOW);
  const expected = expectedCredentials(scenario).sort(byId);
  assert.ok(expected.length > 20, "the organization holds many credentials, more than a page of each");
  const run = await audit(scenario);
  assert.equal(run.result.code, 0, run.result.stderr);
  const rows = run.csv("credentials_");
  assert.deepEqual(rows.map(pick).sort(byId), expected);
  assert.equal(new Set(rows.map((r) => r.credential_id)).size, rows.length, "each once");
  assert.match(
    run.result.stdout,
    new RegExp(`^Total other long-lived credentials found .*: ${expected.length}$`, "m"),
  );
  // The access keys stay in the IAM report, with the original's columns; the credentials report does not repeat them.
  assert.ok(run.csv("iam_audit_report_").some((r) => r.access_key_id === "AKIAEVERYTHING000001"));
  assert.ok(!rows.some((r) => r.credential_id.startsWith("AKIA")));
  // The same rows in JSON Lines, typed.
  const jsonl = await audit(scenario, ["--format", "jsonl", "--no-html"]);
  const records = jsonl.text("credentials_", ".jsonl").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(records.length, expected.length);
  const forever = records.find((r) => r.credential_id === "ACCABEDROCKFOREVER01");
  assert.equal(forever.expiration_date, null);
  assert.equal(forever.age_days, 120);
  assert.equal(forever.finding_bedrock_api_key, true);
  // And once in the page's data.
  const html = run.text("iam_audit_report_", ".html");
  const inPage = [...html.matchAll(/"(ACCA|APKA|CERT)[A-Z0-9]+"/g)].map((m) => m[0]);
  assert.equal(inPage.length, expected.length, "each credential once in the HTML data");
});

Deno.test("credential findings: Bedrock keys, keys that never expire, old, inactive and expired credentials", async () => {
  const run = await audit(longLivedScenario(NOW), ["--no-html"]);
  const findings = Object.fromEntries(run.csv("credentials_").map((r) => [r.credential_id, r.findings]));
  assert.equal(findings.ACCABEDROCKFOREVER01, "BEDROCK_API_KEY;CREDENTIAL_NO_EXPIRY;CREDENTIAL_NOT_ROTATED");
  assert.equal(findings.ACCABEDROCK30DAYS001, "BEDROCK_API_KEY");
  assert.equal(findings.ACCABEDROCKEXPIRED01, "INACTIVE_CREDENTIAL");
  assert.equal(findings.ACCABEDROCKINACTIVE1, "INACTIVE_CREDENTIAL");
  assert.equal(findings.ACCALOGSSHIPPER00001, "");
  // CodeCommit credentials cannot expire: flagged when old, not for lacking an expiry.
  assert.equal(findings.ACCAGITALICE00000001, "CREDENTIAL_NOT_ROTATED");
  assert.equal(findings.APKAGITALICE00000002, "INACTIVE_CREDENTIAL");
  assert.equal(findings.CERTSOAPLEGACY0000000001, "CREDENTIAL_NOT_ROTATED");
  assert.equal(findings.APKAEVERYTHING000001, "");
  assert.match(
    run.result.stdout,
    /^ {2}BEDROCK_API_KEY +iam-audit +credentials: \d+ +users: \d+ +accounts: 1$/m,
  );
});

Deno.test("each root state with its findings: no ROOT_NO_MFA where root has no credentials", async () => {
  // Central root access management off: the states by credentials and MFA.
  const off = longLivedScenario(NOW);
  delete off.rootAccessManagement;
  const run = await audit(off, ["--no-html", "--no-cloudtrail"]);
  const accounts = Object.fromEntries(run.csv("accounts_").map((a) => [a.account_id, a]));
  const at = (key: keyof typeof LONG_LIVED_ACCOUNTS) => accounts[LONG_LIVED_ACCOUNTS[key]];
  const expect = (key: keyof typeof LONG_LIVED_ACCOUNTS, state: string, findings: string) => {
    assert.equal(at(key).root_state, state, key);
    assert.equal(at(key).findings, findings, key);
    assert.equal(at(key).central_root_management, "disabled", key);
  };
  expect("management", "hardware_mfa", "ORG_ROOT_MANAGEMENT_OFF");
  expect("builders", "no_credentials", "");
  expect("rootPasswordOnly", "no_mfa", "ROOT_NO_MFA");
  expect("rootVirtualMfa", "virtual_mfa", "ROOT_VIRTUAL_MFA");
  expect("rootEverything", "hardware_mfa", "ROOT_ACCESS_KEYS;ROOT_SIGNING_CERTIFICATES");
  expect("rootKeysWithoutPassword", "no_mfa", "ROOT_ACCESS_KEYS;ROOT_NO_MFA;ROOT_SIGNING_CERTIFICATES");
  expect("rootLegacyDefault", "no_mfa", "ROOT_NO_MFA");
  assert.equal(at("builders").root_password, "false");
  assert.equal(at("rootEverything").root_signing_certificates, "1");

  // Central root access management on: members that kept credentials are flagged, the management
  // account (whose root AWS never removes) is judged by its MFA, and the organization is not flagged.
  const on = await audit(longLivedScenario(NOW), ["--no-html", "--no-cloudtrail"]);
  const onAccounts = Object.fromEntries(on.csv("accounts_").map((a) => [a.account_id, a]));
  const onAt = (key: keyof typeof LONG_LIVED_ACCOUNTS) => onAccounts[LONG_LIVED_ACCOUNTS[key]];
  assert.equal(onAt("management").root_state, "hardware_mfa");
  assert.equal(onAt("management").findings, "");
  assert.equal(onAt("builders").root_state, "no_credentials");
  assert.equal(onAt("builders").findings, "");
  assert.equal(onAt("rootPasswordOnly").root_state, "credentials_remain");
  assert.equal(onAt("rootPasswordOnly").findings, "ROOT_NO_MFA;ROOT_CREDENTIALS_REMAIN");
  assert.equal(onAt("rootVirtualMfa").findings, "ROOT_VIRTUAL_MFA;ROOT_CREDENTIALS_REMAIN");
  for (const a of Object.values(onAccounts)) assert.equal(a.central_root_management, "enabled");
  assert.doesNotMatch(on.result.stdout, /ORG_ROOT_MANAGEMENT_OFF/);
});

Deno.test("an audit role older than the new actions: the account is still audited, and says what it could not read", async () => {
  const scenario = longLivedScenario(NOW);
  const builders = scenario.accounts.find((a) => a.id === LONG_LIVED_ACCOUNTS.builders)!;
  builders.deniedActions = ["iam:ListSSHPublicKeys", "iam:ListServiceSpecificCredentials"];
  const run = await audit(scenario, ["--no-html", "--no-cloudtrail"]);
  assert.equal(run.result.code, 3, run.result.stderr);
  const account = run.csv("accounts_").find((a) => a.account_id === LONG_LIVED_ACCOUNTS.builders)!;
  assert.equal(account.audit_result, "failed");
  assert.match(account.reason, /ListSSHPublicKeys: AccessDenied/);
  assert.match(account.reason, /ListServiceSpecificCredentials: AccessDenied/);
  // Everything else was read: every user is in the IAM report, the certificates in the credentials report.
  const users = new Set(
    run.csv("iam_audit_report_").filter((r) => r.account_id === builders.id).map((r) => r.username),
  );
  assert.equal(users.size, builders.users.length);
  const credentials = run.csv("credentials_").filter((r) => r.account_id === builders.id);
  assert.ok(credentials.length > 0 && credentials.every((r) => r.credential_type === "signing_certificate"));
  const iam = run.csv("iam_audit_report_").find((r) => r.username === "git-alice")!;
  assert.match(iam.read_errors, /ListSSHPublicKeys: AccessDenied/);
  // One refused call per action for the account, not one per user (the other call is the management
  // account's one user's).
  assert.equal(run.stats.byAction["iam:ListSSHPublicKeys"], 2);
});

Deno.test("central root access management that cannot be read: a warning, and the column says so", async () => {
  const scenario = longLivedScenario(NOW);
  scenario.accounts.find((a) => a.id === LONG_LIVED_ACCOUNTS.management)!.deniedActions = [
    "iam:ListOrganizationsFeatures",
  ];
  const run = await audit(scenario, ["--no-html", "--no-cloudtrail"]);
  assert.equal(run.result.code, 0, run.result.stderr);
  assert.match(
    run.result.stderr,
    /^Warning: whether the organization manages root access centrally could not be read/m,
  );
  for (const a of run.csv("accounts_")) assert.equal(a.central_root_management, "unknown");
  assert.doesNotMatch(run.text("accounts_"), /ORG_ROOT_MANAGEMENT_OFF|ROOT_CREDENTIALS_REMAIN/);
});

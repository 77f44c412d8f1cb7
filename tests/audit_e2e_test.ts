/**
 * End to end: the real command, in its own process, through the real SDK over HTTP, against the
 * simulated organization; the reports are compared with the scenario's truth.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Scenario } from "../sim/scenario.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";
import {
  ago,
  CLOSING,
  LEGACY,
  MGMT,
  OLD_STATUS,
  PROD,
  ROLE,
  SANDBOX,
  STAGING,
  truthScenario,
} from "./support/truth_scenario.ts";

const NOW = new Date();
const DAY = 86_400_000;

type CsvRow = Record<string, string>;

async function readCsv(path: string): Promise<CsvRow[]> {
  return parse(await Deno.readTextFile(path), { columns: true, bom: false }) as CsvRow[];
}

/** Runs the command against a simulator serving `scenario`; returns the result, the files and the simulator's stats. */
function audit(scenario: Scenario, args: string[] = []) {
  return withSimulator(scenario, { pageSize: 2 }, async ({ sim, env, out, dir }) => {
    const result = await runCli(["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, ...args], env);
    const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    const find = (prefix: string) => {
      const name = files.find((f) => f.startsWith(prefix));
      return name ? join(out, name) : undefined;
    };
    return { result, files, out, find, stats: sim.stats, dir };
  });
}

/** The IAM report the truth scenario must produce, built from the scenario alone. */
function expectedIamRows(scenario: Scenario, audited: string[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const account of scenario.accounts.filter((a) => audited.includes(a.id))) {
    for (const u of account.users) {
      const serials = u.mfaDevices.map((d) => d.serialNumber);
      const mfa = serials.length === 0
        ? "None"
        : serials.some((s) => !s.includes(":mfa/"))
        ? "Hardware"
        : "Virtual";
      const base = {
        account_id: account.id,
        account_name: account.name,
        username: u.name.startsWith("=") ? `'${u.name}` : u.name,
        password_status: u.loginProfile ? "Configurada" : "No configurada",
        password_last_used: u.passwordLastUsed ?? "Nunca",
        mfa_status: mfa,
        user_arn: `arn:aws:iam::${account.id}:user${u.path ?? "/"}${u.name}`,
        user_created: u.createDate,
        mfa_devices: String(serials.length),
        read_errors: "",
        direct_policies: "",
      };
      if (u.accessKeys.length === 0) {
        rows.push({
          ...base,
          access_key_id: "",
          status: "",
          created_date: "",
          last_used_date: "",
          service_name: "",
          key_age_days: "",
          last_used_region: "",
        });
      }
      for (const k of u.accessKeys) {
        rows.push({
          ...base,
          access_key_id: k.id,
          status: k.status,
          created_date: k.createDate,
          last_used_date: k.lastUsed?.date ?? "Nunca utilizada",
          service_name: k.lastUsed?.service ?? "N/A",
          key_age_days: String(Math.floor((NOW.getTime() - Date.parse(k.createDate)) / DAY)),
          last_used_region: k.lastUsed?.region ?? "",
        });
      }
    }
  }
  return rows;
}

const byKey = (r: CsvRow) => `${r.account_id}|${r.username}|${r.access_key_id}`;
const sortRows = (rows: CsvRow[]) => [...rows].sort((a, b) => byKey(a).localeCompare(byKey(b)));

Deno.test("the audit reports every user and key of every reachable account exactly once, as the scenario says", async () => {
  const scenario = truthScenario(NOW);
  const { result, files, find, stats, out } = await audit(scenario);
  assert.equal(result.code, 3, result.stderr);

  const stamp = /^iam_audit_report_(\d{8}_\d{6})\.csv$/.exec(files.find((f) => f.startsWith("iam_"))!)![1];
  assert.deepEqual(files, [
    `accounts_${stamp}.csv`,
    `cloudtrail_events_${stamp}.csv`,
    `credentials_${stamp}.csv`,
    `iam_audit_report_${stamp}.csv`,
    `iam_audit_report_${stamp}.html`,
    `run_${stamp}.json`,
  ]);
  for (const f of files) assert.equal((await Deno.stat(join(out, f))).mode! & 0o777, 0o600, f);
  // The manifest: a complete run, what it was asked, and its reports' names.
  const manifest = JSON.parse(await Deno.readTextFile(join(out, `run_${stamp}.json`)));
  assert.equal(manifest.tool, "iam-audit");
  assert.equal(manifest.complete, true);
  assert.deepEqual(manifest.thresholds, { maxKeyAgeDays: 90, maxUnusedDays: 45 });
  assert.deepEqual(
    Object.values(manifest.files).sort(),
    files.filter((f) => !f.startsWith("run_")),
  );

  const iam = await readCsv(find("iam_audit_report_")!);
  const expected = expectedIamRows(scenario, [MGMT, PROD, STAGING, OLD_STATUS]);
  // Findings have their own tests (findings_e2e_test.ts); here, the inventory.
  const inventory = iam.map(({ findings: _, ...rest }) => rest);
  assert.deepEqual(sortRows(inventory), sortRows(expected));
  const header = (await Deno.readTextFile(find("iam_audit_report_")!)).split("\r\n")[0];
  assert.ok(
    header.startsWith(
      "account_id,account_name,username,password_status,password_last_used,access_key_id,status,created_date," +
        "last_used_date,service_name,mfa_status,",
    ),
    header,
  );

  // Each account's rows stay together.
  const order = iam.map((r) => r.account_id).filter((id, i, all) => i === 0 || all[i - 1] !== id);
  assert.equal(new Set(order).size, order.length);

  // The seed's console messages.
  const keys = expected.filter((r) => r.access_key_id !== "").length;
  for (
    const [id, name] of [[MGMT, "Management"], [PROD, "Production"], [STAGING, "Staging"], [
      SANDBOX,
      "Sandbox",
    ]]
  ) {
    assert.match(result.stdout, new RegExp(`^Auditando cuenta: ${name} \\(${id}\\)$`, "m"));
  }
  assert.match(result.stdout, /^ {2}Consultando CloudTrail en cuenta: Production \(222222222222\)$/m);
  assert.doesNotMatch(result.stdout, /Legacy|Closing/);
  assert.match(result.stdout, new RegExp(`^Total de Access Keys encontradas: ${keys}$`, "m"));
  assert.match(result.stdout, new RegExp(`^Reporte exportado: .*iam_audit_report_${stamp}\\.csv$`, "m"));
  assert.match(result.stdout, /^Total de eventos CloudTrail encontrados: 6$/m);
  assert.match(
    result.stdout,
    new RegExp(`^Reporte de eventos CloudTrail exportado: .*cloudtrail_events_${stamp}\\.csv$`, "m"),
  );

  // The account without the role failed with AWS's reason; the others are complete.
  assert.match(
    result.stderr,
    /Sandbox \(444444444444\) \[assume-role\]: AccessDenied: User: arn:aws:iam::111111111111:user\/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444444444444:role\/AuditRole/,
  );

  const accounts = await readCsv(find("accounts_")!);
  const result_ = Object.fromEntries(accounts.map((a) => [a.account_id, a.audit_result]));
  assert.deepEqual(result_, {
    [MGMT]: "audited",
    [PROD]: "audited",
    [STAGING]: "audited",
    [SANDBOX]: "failed",
    [LEGACY]: "skipped",
    [OLD_STATUS]: "audited",
    [CLOSING]: "skipped",
  });
  // The accounts report's totals match the console's.
  const total = (column: string) => accounts.reduce((n, a) => n + (Number(a[column]) || 0), 0);
  assert.equal(total("access_keys"), keys);
  assert.equal(total("cloudtrail_events"), 6);
  const prod = accounts.find((a) => a.account_id === PROD)!;
  assert.equal(prod.users, "7");
  assert.equal(prod.access_keys, "5");
  assert.equal(prod.cloudtrail_events, "4");
  assert.equal(accounts.find((a) => a.account_id === LEGACY)!.account_state, "SUSPENDED");

  // The management account is audited with the profile's own credentials; each member's role is
  // assumed once, with the seed's session name.
  const assumed = stats.assumeRole.byAccount;
  assert.deepEqual(Object.keys(assumed).sort(), [PROD, STAGING, SANDBOX, OLD_STATUS].sort());
  for (const id of [PROD, STAGING, OLD_STATUS]) {
    assert.equal(assumed[id].calls, 1, `one AssumeRole into ${id}`);
  }
  assert.ok(stats.assumeRole.recent.every((c) => c.sessionName === "SecurityAudit" && c.roleName === ROLE));
});

Deno.test("the CloudTrail report holds the five IAM event names inside the window, in the right account", async () => {
  const scenario = truthScenario(NOW);
  const { result, find } = await audit(scenario, ["--since", ago(NOW, 30)]);
  assert.equal(result.code, 3, result.stderr);
  const events = await readCsv(find("cloudtrail_events_")!);
  assert.deepEqual(
    events.map((e) => `${e.account_id} ${e.eventName} ${e.event_id}`).sort(),
    [
      `${PROD} CreateAccessKey ev-prod-3`,
      `${PROD} CreateUser ev-prod-1`,
      `${PROD} DeleteAccessKey ev-prod-2`,
      `${STAGING} DeleteUser ev-stg-1`,
    ],
  );
  const deleted = events.find((e) => e.event_id === "ev-prod-2")!;
  assert.equal(deleted.account_name, "Production");
  assert.equal(deleted.resources, "alice, AKIAPRODALICE0000009");
  assert.equal(deleted.username, "admin");
  assert.equal(deleted.source_ip, "203.0.113.10");
  assert.equal(deleted.user_agent, "aws-cli/2.15.0");
  assert.equal(deleted.aws_region, "us-east-1");
  assert.equal(deleted.access_key_id, "ASIAEVENTKEY00000001");
  assert.equal(deleted.eventTime, ago(NOW, 2));
  assert.equal(events.find((e) => e.event_id === "ev-prod-3")!.error_code, "LimitExceeded");
});

Deno.test("--lang en prints and writes the English words", async () => {
  const { result, find } = await audit(truthScenario(NOW), ["--lang", "en"]);
  assert.equal(result.code, 3);
  assert.match(result.stdout, /^Auditing account: Production \(222222222222\)$/m);
  assert.match(result.stdout, /^Total Access Keys found: \d+$/m);
  const iam = await readCsv(find("iam_audit_report_")!);
  const alice = iam.filter((r) => r.account_id === PROD && r.username === "alice");
  assert.equal(alice[0].password_status, "Configured");
  assert.equal(alice.find((r) => r.access_key_id === "AKIAPRODALICE0000002")!.last_used_date, "Never used");
  assert.equal(iam.find((r) => r.username === "carol")!.password_last_used, "Never");
  assert.equal(iam.find((r) => r.username === "erin")!.password_status, "Not configured");
});

Deno.test("an organization without keys still gets both reports with headers, and the original's message", async () => {
  const scenario = truthScenario(NOW);
  scenario.accounts = scenario.accounts.filter((a) => a.id === MGMT);
  scenario.accounts[0].users = [{
    name: "console-only",
    createDate: "2024-01-01T00:00:00Z",
    accessKeys: [],
    mfaDevices: [],
    loginProfile: { createDate: "2024-01-01T00:00:00Z" },
  }];
  scenario.accounts[0].events = [];
  const { result, find } = await audit(scenario);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^No se encontraron Access Keys\.$/m);
  assert.match(result.stdout, /^Total de eventos CloudTrail encontrados: 0$/m);
  assert.equal((await readCsv(find("iam_audit_report_")!)).length, 1, "the console-only user has a row");
  assert.equal(
    await Deno.readTextFile(find("cloudtrail_events_")!),
    "eventTime,eventName,username,account_id,account_name,resources,event_id,access_key_id,source_ip," +
      "user_agent,error_code,aws_region\r\n",
  );
});

Deno.test("the audit never writes a secret and calls only read-only actions", async () => {
  const scenario = truthScenario(NOW);
  const { result, out, stats } = await audit(scenario);
  let all = result.stdout + result.stderr;
  for (const entry of Deno.readDirSync(out)) all += await Deno.readTextFile(join(out, entry.name));
  assert.ok(!all.includes(scenario.managementCredentials.secretAccessKey));
  assert.doesNotMatch(all, /secret|session.?token/i);
  const readOnly = /^(iam|sts|organizations|cloudtrail):(List|Get|Describe|Lookup)\w+$|^sts:AssumeRole$/;
  for (const action of stats.actionsCalled) assert.match(action, readOnly);
  assert.equal(stats.refused, 0);
});

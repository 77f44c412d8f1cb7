/**
 * `--ocsf` through the real command against the simulator: the findings file is written beside the other
 * reports with one valid OCSF 1.6.0 Detection Finding per finding where it occurs; with `--compare-with`
 * a finding keeps the time it was first seen, run after run.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Scenario } from "../sim/scenario.ts";
import { LONG_LIVED_ROLE, longLivedScenario } from "../sim/scenarios/long_lived.ts";
import { runCli } from "./support/cli.ts";
import { assertValid } from "./support/ocsf/validate.ts";
import { withSimulator } from "./support/sim_run.ts";
import { PROD, ROLE, truthScenario } from "./support/truth_scenario.ts";

type Row = Record<string, string>;
// deno-lint-ignore no-explicit-any
type Record_ = any;
const NOW = new Date();

/** One audit with `--ocsf`, its reports copied into `keep`. */
async function audit(scenario: Scenario, keep: string, args: string[] = [], role = ROLE) {
  return await withSimulator(scenario, { pageSize: 3 }, async ({ env, out }) => {
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", role, "--output-dir", out, "--lang", "en", "--ocsf", ...args],
      env,
    );
    const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    await Deno.mkdir(keep, { recursive: true });
    for (const name of files) await Deno.copyFile(join(out, name), join(keep, name));
    const read = (prefix: string, ext: string) =>
      Deno.readTextFileSync(join(out, files.find((f) => f.startsWith(prefix) && f.endsWith(ext))!));
    const ocsfName = files.find((f) => /^findings_\d{8}_\d{6}\.ocsf\.jsonl$/.test(f));
    const mode = ocsfName ? (await Deno.stat(join(out, ocsfName))).mode! & 0o777 : 0;
    return {
      result,
      files,
      mode,
      records: ocsfName ? read("findings_", ".ocsf.jsonl").trim().split("\n").map((l) => JSON.parse(l)) : [],
      csv: (prefix: string) => parse(read(prefix, ".csv"), { columns: true }) as Row[],
    };
  });
}

/** The findings the tabular reports hold, each once where it occurs, as `ACCOUNT SUBJECT CODE`. */
function occurrencesInReports(iam: Row[], credentials: Row[], accounts: Row[]): string[] {
  const out = new Set<string>();
  const isKeyCode = (code: string) => code.startsWith("KEY_") || code === "INACTIVE_KEY";
  for (const r of iam) {
    for (const code of r.findings.split(";").filter((c) => c !== "")) {
      out.add(
        isKeyCode(code)
          ? `${r.account_id} access-key/${r.access_key_id} ${code}`
          : `${r.account_id} user/${r.username} ${code}`,
      );
    }
  }
  const subjects: Record<string, string> = {
    service_specific_credential: "service-specific-credential",
    ssh_public_key: "ssh-public-key",
    signing_certificate: "signing-certificate",
  };
  for (const r of credentials) {
    for (const code of r.findings.split(";").filter((c) => c !== "")) {
      out.add(`${r.account_id} ${subjects[r.credential_type]}/${r.credential_id} ${code}`);
    }
  }
  for (const r of accounts) {
    for (const code of r.findings.split(";").filter((c) => c !== "")) {
      out.add(`${r.account_id} ${code.startsWith("ORG_") ? "organization" : "root"} ${code}`);
    }
  }
  return [...out].sort();
}

const asOccurrence = (r: Record_) => {
  const [, account, subject, code] = r.finding_info.uid.split(":");
  return `${account} ${subject} ${code}`;
};

Deno.test("--ocsf writes one valid OCSF Detection Finding per finding of the reports, and nothing else", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-ocsf-" });
  try {
    for (
      const [scenario, role] of [[truthScenario(NOW), ROLE], [
        longLivedScenario(NOW),
        LONG_LIVED_ROLE,
      ]] as const
    ) {
      const run = await audit(scenario, join(dir, role), [], role);
      assert.ok([0, 3].includes(run.result.code), run.result.stderr);
      assert.equal(run.mode, 0o600);
      assert.match(run.result.stdout, /OCSF findings exported: .*findings_\d{8}_\d{6}\.ocsf\.jsonl/);
      // Each kind of resource the scenario has a finding on is there.
      const types = new Set(run.records.map((r: Record_) => r.resources[0].type));
      for (
        const type of role === ROLE
          ? ["AwsIamAccessKey", "AwsIamUser", "AwsAccount"]
          : ["AwsIamServiceSpecificCredential"]
      ) {
        assert.ok(types.has(type), `${type} in ${[...types]}`);
      }
      for (const record of run.records) assertValid(record);
      assert.deepEqual(
        run.records.map(asOccurrence).sort(),
        occurrencesInReports(run.csv("iam_audit_report_"), run.csv("credentials_"), run.csv("accounts_")),
      );
      const uids = run.records.map((r: Record_) => r.finding_info.uid);
      assert.equal(new Set(uids).size, uids.length, "each finding once");
      // Without an earlier run, every finding is first seen now.
      for (const r of run.records) assert.equal(r.finding_info.first_seen_time, r.time);
      const manifest = JSON.parse(
        Deno.readTextFileSync(join(dir, role, run.files.find((f) => f.startsWith("run_"))!)),
      );
      assert.match(manifest.files.ocsf, /^findings_\d{8}_\d{6}\.ocsf\.jsonl$/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with --compare-with a finding keeps the time it was first seen, run after run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-ocsf-" });
  try {
    const scenario = truthScenario(NOW);
    const first = await audit(scenario, join(dir, "1"));
    const firstTime = first.records[0].time;
    // A week later: bob lost his MFA device (a new finding); everything else is as it was.
    const later = structuredClone(scenario);
    later.accounts.find((a) => a.id === PROD)!.users.find((u) => u.name === "bob")!.mfaDevices = [];
    await new Promise((r) => setTimeout(r, 1100));
    const second = await audit(later, join(dir, "2"), ["--compare-with", join(dir, "1")]);
    const secondTime = second.records[0].time;
    assert.ok(secondTime > firstTime);
    const bobUid = `iam-audit:${PROD}:user/bob:CONSOLE_WITHOUT_MFA`;
    const before = new Set(first.records.map((r: Record_) => r.finding_info.uid));
    for (const r of second.records) {
      assertValid(r);
      const expected = before.has(r.finding_info.uid) ? firstTime : secondTime;
      assert.equal(r.finding_info.first_seen_time, expected, r.finding_info.uid);
      assert.equal(r.finding_info.last_seen_time, secondTime);
    }
    assert.ok(second.records.some((r: Record_) => r.finding_info.uid === bobUid), "the new finding is there");
    // A third run carries the first-seen times on from the second's OCSF file, not from the second's start.
    await new Promise((r) => setTimeout(r, 1100));
    const third = await audit(later, join(dir, "3"), ["--compare-with", join(dir, "2")]);
    for (const r of third.records) {
      const expected = r.finding_info.uid === bobUid
        ? secondTime
        : before.has(r.finding_info.uid)
        ? firstTime
        : third.records[0].time;
      assert.equal(r.finding_info.first_seen_time, expected, r.finding_info.uid);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

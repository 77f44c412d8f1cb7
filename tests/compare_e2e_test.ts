/**
 * `--compare-with`, through the real command against the simulator: two audits of an organization that
 * changed in known ways between them yield exactly those changes; an unchanged organization yields none;
 * runs of different scopes say what they cannot compare instead of reporting removals; the previous run
 * is found from its folder or any of its files, in either format and language, or from the original
 * tool's report; a path that holds no complete run is a usage error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { NO_ROOT_CREDENTIALS, type Scenario, type User } from "../sim/scenario.ts";
import { runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";
import { ago, MGMT, PROD, ROLE, STAGING, truthScenario } from "./support/truth_scenario.ts";

type Row = Record<string, string>;
const NOW = new Date();

/** One audit of `scenario`, its reports copied into `keep` (the folder later runs compare with). */
async function audit(scenario: Scenario, keep: string, args: string[] = []) {
  return await withSimulator(scenario, { pageSize: 3 }, async ({ env, out }) => {
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", ROLE, "--output-dir", out, "--lang", "en", ...args],
      env,
    );
    const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    await Deno.mkdir(keep, { recursive: true });
    for (const name of files) await Deno.copyFile(join(out, name), join(keep, name));
    const changesFile = files.find((f) => f.startsWith("changes_") && f.endsWith(".csv"));
    const changes = changesFile
      ? parse(Deno.readTextFileSync(join(out, changesFile)), { columns: true }) as Row[]
      : undefined;
    const html = files.find((f) => f.endsWith(".html"));
    const iamCsv = files.find((f) => f.startsWith("iam_audit_report_") && f.endsWith(".csv"));
    return {
      result,
      files,
      changes,
      html: html ? Deno.readTextFileSync(join(out, html)) : "",
      iam: iamCsv ? parse(Deno.readTextFileSync(join(out, iamCsv)), { columns: true }) as Row[] : [],
    };
  });
}

/** A change row as a short, comparable line. */
function line(r: Row): string {
  return ln(r.change, {
    account: r.account_id,
    user: r.username,
    id: r.credential_id,
    finding: r.finding,
    before: r.before,
    after: r.after,
    reason: r.reason,
  });
}

/** A change as {@link line} writes it. */
function ln(
  change: string,
  c: {
    account?: string;
    user?: string;
    id?: string;
    finding?: string;
    before?: string;
    after?: string;
    reason?: string;
  },
): string {
  const parts = [
    change,
    c.account && `account=${c.account}`,
    c.user && `user=${c.user}`,
    c.id && `id=${c.id}`,
    c.finding && `finding=${c.finding}`,
    c.before && `before=${c.before}`,
    c.after && `after=${c.after}`,
    c.reason && `reason=${c.reason}`,
  ];
  return parts.filter((p) => p).join(" ");
}

/** The finding changes the two IAM reports imply, per user and per key, computed from the reports alone. */
function findingChangesBetween(before: Row[], after: Row[]): string[] {
  const byThing = (rows: Row[]) => {
    const map = new Map<string, Set<string>>();
    for (const r of rows) {
      for (const code of r.findings.split(";").filter((c) => c !== "")) {
        const isKey = code.startsWith("KEY_") || code === "INACTIVE_KEY";
        const thing = isKey
          ? `${r.account_id}|${r.username}|${r.access_key_id}`
          : `${r.account_id}|${r.username}|`;
        if (!map.has(thing)) map.set(thing, new Set());
        map.get(thing)!.add(code);
      }
    }
    return map;
  };
  const was = byThing(before);
  const now = byThing(after);
  const lines: string[] = [];
  for (const [thing, codes] of now) {
    for (const code of codes) if (!was.get(thing)?.has(code)) lines.push(`finding_opened|${thing}|${code}`);
  }
  for (const [thing, codes] of was) {
    for (const code of codes) if (!now.get(thing)?.has(code)) lines.push(`finding_resolved|${thing}|${code}`);
  }
  return lines.sort();
}

function findUser(scenario: Scenario, account: string, name: string): User {
  const user = scenario.accounts.find((a) => a.id === account)!.users.find((u) => u.name === name);
  assert.ok(user, `${name} in ${account}`);
  return user;
}

/** The truth organization a week later, and the changes that makes, finding changes aside. */
function changed(scenario: Scenario): { later: Scenario; expected: string[] } {
  const later = structuredClone(scenario);
  // A key deleted, a key created, a key deactivated.
  const alice = findUser(later, PROD, "alice");
  alice.accessKeys = alice.accessKeys.filter((k) => k.id !== "AKIAPRODALICE0000002");
  const erin = findUser(later, PROD, "erin");
  erin.accessKeys.push({ id: "AKIAPRODERIN00000009", status: "Active", createDate: ago(NOW, 1) });
  // A console password created (erin), one deleted (dave), MFA removed (bob).
  erin.loginProfile = { createDate: ago(NOW, 1) };
  const dave = findUser(later, PROD, "dave");
  delete dave.loginProfile;
  const bob = findUser(later, PROD, "bob");
  const bobMfa =
    bob.mfaDevices[0].serialNumber.includes(":u2f/") || !bob.mfaDevices[0].serialNumber.startsWith("arn:")
      ? "Hardware"
      : "Virtual";
  bob.mfaDevices = [];
  const ciBot = findUser(later, STAGING, "ci-bot");
  const ciKey = ciBot.accessKeys[0];
  ciKey.status = "Inactive";
  // A user removed, a user added.
  const prod = later.accounts.find((a) => a.id === PROD)!;
  prod.users = prod.users.filter((u) => u.name !== "frank");
  later.accounts.find((a) => a.id === STAGING)!.users.push({
    name: "newbie",
    createDate: ago(NOW, 2),
    accessKeys: [],
    mfaDevices: [],
  });
  // The root user's credentials removed centrally.
  prod.root = { ...NO_ROOT_CREDENTIALS };
  // An account removed, an account added.
  later.accounts = later.accounts.filter((a) => a.id !== "666666666666");
  later.accounts.push({
    id: "888888888888",
    name: "Analytics",
    email: "analytics@example.com",
    state: "ACTIVE",
    joinedTimestamp: ago(NOW, 3),
    roles: [ROLE],
    users: [],
    events: [],
  });
  const before = scenario.accounts.find((a) => a.id === PROD)!.root;
  const rootBefore = before === undefined || before.mfa === "none"
    ? "no_mfa"
    : before.mfa === "hardware"
    ? "hardware_mfa"
    : "virtual_mfa";
  const expected = [
    ln("credential_removed", { account: PROD, user: "alice", id: "AKIAPRODALICE0000002", before: "Active" }),
    ln("credential_added", { account: PROD, user: "erin", id: "AKIAPRODERIN00000009", after: "Active" }),
    ln("credential_status_changed", {
      account: STAGING,
      user: "ci-bot",
      id: ciKey.id,
      before: "Active",
      after: "Inactive",
    }),
    ln("password_added", { account: PROD, user: "erin" }),
    ln("password_removed", { account: PROD, user: "dave" }),
    ln("mfa_changed", { account: PROD, user: "bob", before: bobMfa, after: "None" }),
    ln("user_removed", { account: PROD, user: "frank" }),
    ln("user_added", { account: STAGING, user: "newbie" }),
    ln("root_changed", { account: PROD, before: rootBefore, after: "no_credentials" }),
    ln("account_removed", { account: "666666666666", before: "ACTIVE" }),
    ln("account_added", { account: "888888888888", after: "ACTIVE" }),
  ];
  return { later, expected };
}

Deno.test("two audits of a changed organization yield exactly its changes, in the report, the console and the page", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compare-" });
  try {
    const scenario = truthScenario(NOW);
    const first = await audit(scenario, join(dir, "week1"));
    assert.equal(first.result.code, 3, first.result.stderr);
    assert.equal(first.changes, undefined, "no changes report without --compare-with");
    assert.ok(first.files.some((f) => /^run_\d{8}_\d{6}\.json$/.test(f)), "the run's manifest");

    const { later, expected } = changed(scenario);
    const second = await audit(later, join(dir, "week2"), ["--compare-with", join(dir, "week1")]);
    assert.equal(second.result.code, 3, second.result.stderr);
    const rows = second.changes!;
    const findingRows = rows.filter((r) => r.change.startsWith("finding_"));
    const otherRows = rows.filter((r) => !r.change.startsWith("finding_") && r.change !== "not_compared");
    assert.deepEqual(otherRows.map(line).sort(), [...expected].sort());

    // Findings opened and resolved are exactly those the two IAM reports differ by (users and keys that
    // are gone resolve theirs; those that are new open theirs), root and account findings aside.
    const iamFindingLines = findingRows.filter((r) => r.username !== "").map((r) =>
      `${r.change}|${r.account_id}|${r.username}|${
        r.credential_type === "access_key" ? r.credential_id : ""
      }|${r.finding}`
    ).sort();
    const touched = (r: Row) => r.account_id !== "888888888888" && r.account_id !== "666666666666";
    assert.deepEqual(
      iamFindingLines,
      findingChangesBetween(first.iam.filter(touched), second.iam.filter(touched)),
    );
    const codes = (change: string, user: string) =>
      findingRows.filter((r) => r.change === change && r.username === user).map((r) => r.finding);
    assert.ok(
      codes("finding_opened", "bob").includes("CONSOLE_WITHOUT_MFA"),
      "MFA removed opens its finding",
    );
    assert.ok(codes("finding_opened", "erin").includes("CONSOLE_WITHOUT_MFA"), "a password without MFA");
    assert.ok(codes("finding_resolved", "alice").includes("MULTIPLE_ACTIVE_KEYS"), "a key deleted fixes one");
    const rootRows = findingRows.filter((r) => r.username === "" && r.account_id === PROD);
    assert.ok(rootRows.every((r) => r.change === "finding_resolved"), "root credentials removed resolve");
    assert.ok(rootRows.length > 0);

    // What cannot be compared is said: the account that failed in both runs.
    const notCompared = rows.filter((r) => r.change === "not_compared");
    assert.deepEqual(notCompared.map(line), [
      ln("not_compared", { account: "444444444444", reason: "incomplete_current" }),
    ]);

    // Every row's severity is one of the four.
    for (const r of rows) assert.ok(["critical", "high", "medium", "low"].includes(r.severity), line(r));

    const out = second.result.stdout;
    assert.match(
      out,
      /Since the previous audit \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\): \d+ change\(s\)/,
    );
    assert.match(
      out,
      new RegExp(`findings opened +${findingRows.filter((r) => r.change === "finding_opened").length}\\n`),
    );
    assert.match(out, /Most severe:\n {2}\[(critical|high)\]/);
    assert.match(out, /Changes report exported: .*changes_\d{8}_\d{6}\.csv/);
    assert.match(second.html, /<section id="changes"><h2>Since the previous audit/);
    assert.match(second.html, /data-change="mfa_changed"/);

    // The second run's manifest says what it compared with.
    const manifestName = second.files.find((f) => f.startsWith("run_"))!;
    const manifest = JSON.parse(Deno.readTextFileSync(join(dir, "week2", manifestName)));
    assert.equal(manifest.complete, true);
    assert.equal(manifest.comparedWith.run, first.files.find((f) => f.startsWith("run_"))!.slice(4, -5));
    assert.equal(manifest.files.changes, second.files.find((f) => f.startsWith("changes_")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unchanged organization yields no change, across formats, languages and the path's form", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compare-" });
  try {
    const scenario = truthScenario(NOW);
    const first = await audit(scenario, join(dir, "a"), ["--format", "jsonl", "--lang", "es"]);
    assert.equal(first.result.code, 3, first.result.stderr);
    // Any one file of the run names it.
    const oneFile = join(dir, "a", first.files.find((f) => f.startsWith("accounts_"))!);
    const second = await audit(scenario, join(dir, "b"), ["--compare-with", oneFile]);
    assert.equal(second.result.code, 3, second.result.stderr);
    assert.deepEqual(second.changes!.map(line), [
      ln("not_compared", { account: "444444444444", reason: "incomplete_current" }),
    ]);
    assert.match(second.result.stdout, /: 0 change\(s\)\n {2}Nothing changed\./);
    // And the CSV run compared with, from its folder.
    const third = await audit(scenario, join(dir, "c"), [
      "--compare-with",
      join(dir, "b"),
      "--format",
      "jsonl",
    ]);
    assert.equal(third.result.code, 3, third.result.stderr);
    const changes = Deno.readTextFileSync(
      join(dir, "c", third.files.find((f) => f.startsWith("changes_") && f.endsWith(".jsonl"))!),
    ).trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(changes.map((c) => [c.change, c.account_id, c.reason]), [[
      "not_compared",
      "444444444444",
      "incomplete_current",
    ]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runs of different scopes say what they cannot compare, never a false removal or addition", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compare-" });
  try {
    const scenario = truthScenario(NOW);
    const whole = await audit(scenario, join(dir, "whole"));
    assert.equal(whole.result.code, 3, whole.result.stderr);
    const scoped = await audit(scenario, join(dir, "scoped"), [
      "--accounts",
      `${PROD},${STAGING}`,
      "--compare-with",
      join(dir, "whole"),
    ]);
    assert.equal(scoped.result.code, 0, scoped.result.stderr);
    const lines = scoped.changes!.map(line).sort();
    assert.ok(!lines.some((l) => l.startsWith("account_removed")), lines.join("\n"));
    assert.ok(
      lines.includes(ln("not_compared", { account: MGMT, reason: "outside_current_scope" })),
      lines.join("\n"),
    );
    assert.ok(lines.every((l) => l.startsWith("not_compared ")), lines.join("\n"));
    assert.match(scoped.result.stdout, /account\(s\) not compared: outside this run's scope/);

    const back = await audit(scenario, join(dir, "back"), ["--compare-with", join(dir, "scoped")]);
    const backLines = back.changes!.map(line).sort();
    assert.ok(!backLines.some((l) => l.startsWith("account_added")), backLines.join("\n"));
    assert.ok(
      backLines.includes(ln("not_compared", { account: MGMT, reason: "outside_previous_scope" })),
      backLines.join("\n"),
    );
    assert.ok(backLines.every((l) => l.startsWith("not_compared ")), backLines.join("\n"));

    // Different thresholds: said once, at the top; the findings they move are reported as such.
    const stricter = await audit(scenario, join(dir, "strict"), [
      "--max-key-age",
      "5",
      "--compare-with",
      join(dir, "whole"),
    ]);
    assert.equal(line(stricter.changes![0]), "not_compared reason=thresholds_differ");
    assert.ok(
      stricter.changes!.some((r) => r.change === "finding_opened" && r.finding === "KEY_NOT_ROTATED"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the original tool's report is compared as far as its columns go", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compare-" });
  try {
    const scenario = truthScenario(NOW);
    const first = await audit(scenario, join(dir, "now"));
    // The original tool wrote the first eleven columns of the IAM report, and nothing else.
    const legacy = join(dir, "legacy");
    await Deno.mkdir(legacy);
    const text = Deno.readTextFileSync(
      join(dir, "now", first.files.find((f) => f.startsWith("iam_audit_report_"))!),
    );
    const cut = parse(text) as string[][];
    const original = cut.map((r) =>
      r.slice(0, 11).map((c) => /[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c).join(",")
    )
      .join("\r\n");
    Deno.writeTextFileSync(join(legacy, "iam_audit_report_20260305_143022.csv"), original + "\r\n");
    const later = structuredClone(scenario);
    findUser(later, PROD, "alice").accessKeys.pop();
    const second = await audit(later, join(dir, "second"), ["--compare-with", legacy]);
    assert.equal(second.result.code, 3, second.result.stderr);
    const lines = second.changes!.map(line);
    assert.equal(lines[0], "not_compared reason=no_findings_before");
    assert.ok(
      lines.includes(
        ln("credential_removed", {
          account: PROD,
          user: "alice",
          id: "AKIAPRODALICE0000002",
          before: "Active",
        }),
      ),
      lines.join("\n"),
    );
    assert.ok(
      !lines.some((l) => l.startsWith("finding_")),
      "the original's report has no findings to compare",
    );
    assert.match(second.result.stdout, /Since the previous audit \(2026-03-05 14:30:22 UTC\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--compare-with a path that holds no complete run is a usage error, before any AWS call", async () => {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-compare-" });
  try {
    const partial = join(dir, "partial");
    await Deno.mkdir(partial);
    Deno.writeTextFileSync(join(partial, "iam_audit_report_20261101_000000.partial.csv"), "account_id\r\n");
    Deno.writeTextFileSync(join(dir, "notes.txt"), "hello");
    const cases: [string, RegExp][] = [
      [join(dir, "missing"), /--compare-with ".*missing": no such file or folder/],
      [partial, /the run is partial \(interrupted or stopped\); compare with a complete run/],
      [join(dir, "notes.txt"), /is not one of iam-audit's reports/],
      [join(dir, "empty-folder-is-dir"), /no such file or folder/],
    ];
    await withSimulator(truthScenario(NOW), {}, async ({ env, out, sim }) => {
      for (const [path, message] of cases) {
        const r = await runCli([
          "--role",
          ROLE,
          "--profile",
          "sim-mgmt",
          "--output-dir",
          out,
          "--lang",
          "en",
          "--compare-with",
          path,
        ], env);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
        assert.deepEqual([...Deno.readDirSync(out)], [], "no report written");
      }
      const empty = join(dir, "empty");
      await Deno.mkdir(empty);
      const r = await runCli([
        "--role",
        ROLE,
        "--profile",
        "sim-mgmt",
        "--output-dir",
        out,
        "--lang",
        "en",
        "--compare-with",
        empty,
      ], env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /holds no complete run of iam-audit/);
      assert.equal(sim.stats.totalRequests, 0, "nothing asked of AWS");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * The real command's live progress, in a real pseudo-terminal (tmux) and through a pipe, against the
 * simulated organization: one status line redrawn in place under the seed's messages on a terminal,
 * and no escape code at all when standard error is not a terminal.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateOrganization } from "../sim/generate.ts";
import { denoDir, RUN_PERMISSIONS, runCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";
import { runInTerminal } from "./support/pty.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const STATUS = /^\d+\/(\d+|\?) accounts/;

function withOrganization<T>(fn: (env: Record<string, string>, out: string) => Promise<T>): Promise<T> {
  const scenario = generateOrganization({
    accounts: 12,
    usersPerAccount: 4,
    seed: 9,
    now: new Date().toISOString(),
  });
  return withSimulator(scenario, { latencyMs: 60 }, ({ env, out }) => fn(env, out));
}

const ARGS = (out: string) => [
  "--profile",
  "sim-mgmt",
  "--role",
  "OrganizationAccountAccessRole",
  "--output-dir",
  out,
  "--lang",
  "en",
  "--concurrency",
  "4",
  "--events",
  "CreateUser",
];

Deno.test("on a terminal, the command keeps one live status line under the per-account messages", async () => {
  await withOrganization(async (env, out) => {
    const home = await Deno.makeTempDir();
    const run = await runInTerminal(
      [Deno.execPath(), "run", ...RUN_PERMISSIONS, join(ROOT, "main.ts"), ...ARGS(out)],
      {
        cwd: ROOT,
        columns: 120,
        rows: 60,
        timeoutMs: 60_000,
        env: { ...env, HOME: home, DENO_DIR: denoDir(), DENO_NO_UPDATE_CHECK: "1" },
        snapshotWhen: (screen) => {
          const lines = screen.split("\n").filter((l) => l.trim() !== "");
          return lines.some((l) => l.startsWith("Auditing account: ")) && STATUS.test(lines.at(-1) ?? "");
        },
      },
    );
    assert.equal(run.code, 3, run.screen);
    assert.ok(run.snapshot, `a status line was seen under the messages mid-run:\n${run.screen}`);
    const live = run.snapshot.split("\n").filter((l) => l.trim() !== "");
    assert.match(live.at(-1)!, STATUS);
    assert.equal(live.filter((l) => STATUS.test(l)).length, 1, "one status line, redrawn in place");
    assert.ok(live.slice(0, -1).some((l) => /^Auditing account: .+ \(\d{12}\)$/.test(l)));
    // At the end: the status line stays once, as a summary, and the seed's totals follow.
    const final = run.screen.split("\n");
    assert.equal(final.filter((l) => STATUS.test(l)).length, 1, run.screen);
    assert.ok(final.some((l) => /^Total Access Keys found: \d+$/.test(l)));
    const ESC = String.fromCharCode(27);
    assert.ok(
      [`\r${ESC}[2K`, `${ESC}[2K\r`, `${ESC}[K`].some((erase) => run.raw.includes(erase)),
      "the line is erased and redrawn in place",
    );
  });
});

Deno.test("through a pipe, the command writes plain lines only: no escape codes", async () => {
  await withOrganization(async (env, out) => {
    const r = await runCli(ARGS(out), env);
    assert.equal(r.code, 3, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(String.fromCharCode(27)), "no escape code");
    assert.match(r.stdout, /^Auditing account: /m);
    assert.match(r.stdout, /^Total Access Keys found: \d+$/m);
  });
});

Deno.test("--quiet prints only the report file names and the failures", async () => {
  await withOrganization(async (env, out) => {
    const r = await runCli([...ARGS(out), "--quiet"], env);
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.ok(lines.every((l) => /exported: /.test(l)), r.stdout);
    assert.equal(lines.length, 5);
    assert.match(r.stderr, /Accounts that could not be audited: \d+/);
  });
});

Deno.test("--verbose adds one line per AWS attempt, with its timing", async () => {
  await withOrganization(async (env, out) => {
    const r = await runCli([...ARGS(out), "--verbose"], env);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout + r.stderr, /^ {2}iam:ListUsers \d{12} · \d+ ms$/m);
    assert.match(r.stdout + r.stderr, /sts:AssumeRole.*AccessDenied/);
  });
});

/**
 * `credential_process` profiles: the helper's credentials are used, and Ctrl-C while the helper runs
 * stops it and exits 130 at once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { MGMT, ROLE, truthScenario } from "./support/truth_scenario.ts";
import { runCli, spawnCli } from "./support/cli.ts";
import { withSimulator } from "./support/sim_run.ts";

/** Writes a profile whose credentials come from `script`, and returns the environment using it. */
async function processProfile(dir: string, env: Record<string, string>, script: string) {
  const helper = join(dir, "helper.sh");
  await Deno.writeTextFile(helper, `#!/bin/sh\n${script}\n`);
  await Deno.chmod(helper, 0o700);
  const config = join(dir, "process_config");
  await Deno.writeTextFile(
    config,
    `[profile by-process]\nregion = us-east-1\ncredential_process = ${helper}\n`,
  );
  return { ...env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") };
}

Deno.test("a credential_process profile's credentials are used", async () => {
  const scenario = truthScenario(new Date());
  const { accessKeyId, secretAccessKey } = scenario.managementCredentials;
  await withSimulator(scenario, {}, async ({ env, dir, out }) => {
    const json = JSON.stringify({ Version: 1, AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey });
    const processEnv = await processProfile(dir, env, `echo '${json}'`);
    const r = await runCli(
      [
        "--profile",
        "by-process",
        "--role",
        ROLE,
        "--output-dir",
        out,
        "--no-cloudtrail",
        "--no-html",
        "--lang",
        "en",
      ],
      processEnv,
    );
    assert.ok(r.code === 0 || r.code === 3, r.stderr);
    assert.match(r.stdout, new RegExp(`Auditing account: .* \\(${MGMT}\\)`));
  });
});

Deno.test("Ctrl-C while a credential_process helper runs stops the helper and exits 130", async () => {
  await withSimulator(truthScenario(new Date()), {}, async ({ env, dir, out }) => {
    const pidFile = join(dir, "helper.pid");
    const processEnv = await processProfile(dir, env, `echo $$ > ${pidFile}\nexec sleep 60`);
    const child = spawnCli(["--profile", "by-process", "--role", ROLE, "--output-dir", out], processEnv);
    const output = Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      pid = Number(await Deno.readTextFile(pidFile).catch(() => "")) || undefined;
    }
    assert.ok(pid, "the helper started");
    const sent = performance.now();
    child.kill("SIGINT");
    const status = await child.status;
    const [, stderr] = await output;
    assert.equal(status.code, 130, stderr);
    assert.ok(performance.now() - sent < 5_000, "at once, not when the helper would have ended");
    await new Promise((r) => setTimeout(r, 200));
    // Gone, or a zombie waiting for a parent that is gone to be reaped: not running either way.
    const state = await Deno.readTextFile(`/proc/${pid}/stat`).then(
      (t) => t.split(") ")[1]?.[0],
      () => "gone",
    );
    assert.ok(state === "gone" || state === "Z", `the helper was stopped (state ${state})`);
    assert.deepEqual([...Deno.readDirSync(out)], [], "no report");
  });
});

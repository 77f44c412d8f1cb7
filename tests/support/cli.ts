/**
 * Runs the real command, as a user would, against a simulator: a separate `deno run` process with
 * the permissions the README documents, pointed at the simulator only through standard AWS SDK
 * configuration (`AWS_ENDPOINT_URL` and a profile in its own config files).
 *
 * @module
 */
import { join } from "node:path";
import { runFlags } from "../../lib/cli/permissions.ts";
import { denoDir } from "../../sim/profile.ts";
import { assertNoLeak } from "./leaks.ts";

export { denoDir, simEnvironment } from "../../sim/profile.ts";

/**
 * The permissions and runtime flags the command runs with: those baked into the compiled binary
 * (`lib/cli/permissions.ts`), also in deno.json's `audit` task and the README.
 */
export const RUN_PERMISSIONS = runFlags();

/** What a run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Spawns `deno run main.ts ARGS` and waits for it.
 *
 * @param args the command's arguments
 * @param env extra environment (AWS variables are cleared first so the host's never leak in)
 * @param cwd working folder. @default the project root
 * @param permissions Deno permission flags. @default RUN_PERMISSIONS
 * @param prefix a command the run goes through (e.g. into a namespace with a small disk). @default none
 * @returns exit code, stdout and stderr
 */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  permissions: string[] = RUN_PERMISSIONS,
  prefix: string[] = [],
): Promise<CliResult> {
  const root = new URL("../../", import.meta.url).pathname;
  const deno = [Deno.execPath(), "run", ...permissions, join(root, "main.ts"), ...args];
  const [program, ...rest] = [...prefix, ...deno];
  const command = new Deno.Command(program, {
    args: rest,
    cwd: cwd ?? root,
    env: { ...cleanEnv(), ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  });
  const out = await command.output();
  const result = {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
  // Every run through this helper is also a leak test.
  assertNoLeak(result.stdout + result.stderr, env, args);
  return result;
}

/**
 * Starts `deno run main.ts ARGS` without waiting, for tests that signal the process.
 *
 * @param args the command's arguments
 * @param env extra environment
 * @returns the child process, stdout and stderr piped
 */
export function spawnCli(args: string[], env: Record<string, string>): Deno.ChildProcess {
  const root = new URL("../../", import.meta.url).pathname;
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...RUN_PERMISSIONS, join(root, "main.ts"), ...args],
    cwd: root,
    env: { ...cleanEnv(), ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/**
 * The environment without any AWS_ variable of the machine running the tests, with a fresh HOME (so
 * the user's ~/.aws is never read) but the same Deno cache (so nothing is downloaded again).
 */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(Deno.env.toObject())) {
    if (!key.startsWith("AWS_")) env[key] = value;
  }
  env.HOME = Deno.makeTempDirSync({ prefix: "iam-audit-home-" });
  env.DENO_DIR = denoDir();
  return env;
}

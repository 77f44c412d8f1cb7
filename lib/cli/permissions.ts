/**
 * The Deno permissions and runtime flags iam-audit runs with: one list, used by the compiled binary
 * (`scripts/compile.ts`), `deno task audit`, the demo and the tests, so that every way of running it
 * is allowed exactly the same things.
 *
 * @module
 */

/** The platforms the binary is built for, as `deno compile --target` names them. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** One of {@link TARGETS}. */
export type Target = typeof TARGETS[number];

/**
 * The permissions baked into the binary, the narrowest with which every documented way of running
 * works (`tests/compile_test.ts` runs the audit with exactly these):
 *
 * - `--allow-net`: AWS endpoints are regional and configurable (`AWS_ENDPOINT_URL`, VPC endpoints,
 *   FIPS, China and GovCloud partitions, SSO portals, a proxy), so no list of hosts fits everyone.
 * - `--allow-env`: the SDK reads dozens of `AWS_*` variables, `HOME`/`USERPROFILE`, and more.
 * - `--allow-read`: the AWS config and credentials files live wherever `AWS_CONFIG_FILE`,
 *   `AWS_SHARED_CREDENTIALS_FILE` or the home folder say, beside the SSO token cache, web identity
 *   token files, `AWS_CA_BUNDLE` and `--accounts @file`: not knowable when compiling.
 * - `--allow-write`: the reports go to `--output-dir`, anywhere; SSO token refreshes are written
 *   back to `~/.aws/sso/cache`.
 * - `--allow-sys=osRelease,homedir,uid`: the SDK's user agent reads the OS release; the home folder
 *   (and, without `HOME`, the user id) locates `~/.aws`. Nothing else of the system is read.
 * - `--allow-run=/bin/sh` (Windows: `--allow-run`): `credential_process` profiles run their command
 *   through the shell (`cmd.exe` on Windows, whose path Deno resolves on the user's machine). Without
 *   it those profiles fail.
 * - `--no-prompt`: a missing permission is an error, never a question in the middle of a run.
 *
 * @param target the platform
 * @returns the `deno compile` permission flags
 */
export function permissionsFor(target: Target): string[] {
  return [
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--allow-write",
    "--allow-sys=osRelease,homedir,uid",
    target.includes("windows") ? "--allow-run" : "--allow-run=/bin/sh",
    "--no-prompt",
  ];
}

/**
 * Runtime flags baked in beside the permissions, the same as `deno task audit` runs with, so the
 * binary behaves as `deno run` does: V8 keeps its heap near what is live (long runs over thousands
 * of accounts stay small).
 */
export const RUNTIME_FLAGS = ["--v8-flags=--optimize-for-size"];

/**
 * The platform this Deno runs on, as a compile target.
 *
 * @returns e.g. `x86_64-unknown-linux-gnu`
 * @throws {Error} on a platform `deno compile` has no runtime for
 */
export function hostTarget(): Target {
  const target = Deno.build.target as Target;
  if (!TARGETS.includes(target)) throw new Error(`deno compile has no runtime for ${Deno.build.target}`);
  return target;
}

/**
 * The flags of `deno run` that give main.ts exactly what the binary has on this machine.
 *
 * @returns the permission flags, then the runtime flags
 * @throws {Error} on a platform `deno compile` has no runtime for
 */
export function runFlags(): string[] {
  return [...permissionsFor(hostTarget()), ...RUNTIME_FLAGS];
}

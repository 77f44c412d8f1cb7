/**
 * `deno task compile`: builds iam-audit as one standalone executable (`deno compile`), with the
 * narrowest permissions that work, for this machine or for another platform.
 *
 * ```
 * deno task compile                                   # this platform → dist/iam-audit
 * deno task compile --target aarch64-apple-darwin     # → dist/iam-audit-aarch64-apple-darwin
 * deno task compile --target all                      # the five targets below
 * deno task compile --output ~/bin/iam-audit          # one target, another file
 * ```
 *
 * `deno compile` joins the program to `denort`, Deno's runtime without its tooling, which it
 * downloads from dl.deno.land for the target (once; it is cached). Where that site cannot be
 * reached, `DENORT_BIN=/path/to/denort` supplies it (same Deno version, same target).
 *
 * Why a script and not a task string: `deno task compile --target X` appends its arguments after
 * the entry point, where `deno compile` would bake them into the binary as the program's own
 * arguments; and the permissions differ by platform (see {@link permissionsFor}).
 *
 * @module
 */
import { parseArgs } from "node:util";

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
 * The file a target's binary is written to by default.
 *
 * @param target the platform
 * @param host whether it is this machine's platform
 * @returns `dist/iam-audit` for the host, `dist/iam-audit-TARGET` (`.exe` on Windows) otherwise
 */
export function defaultOutput(target: Target, host: boolean): string {
  const exe = target.includes("windows") ? ".exe" : "";
  return host ? `dist/iam-audit${exe}` : `dist/iam-audit-${target}${exe}`;
}

/**
 * The arguments of `deno compile` for one target.
 *
 * @param target the platform
 * @param output the binary's path
 * @returns the arguments after `deno`
 */
export function compileArgs(target: Target, output: string): string[] {
  return [
    "compile",
    ...permissionsFor(target),
    ...RUNTIME_FLAGS,
    // Only the npm packages the program imports: not the test suite's (a browser driver, a CSV
    // parser), which would otherwise ride along from the lock file.
    "--exclude-unused-npm",
    "--target",
    target,
    "--output",
    output,
    "main.ts",
  ];
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: "string" },
      output: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`deno task compile [--target ${TARGETS.join("|")}|all] [--output FILE]`);
    return 0;
  }
  const host = hostTarget();
  const wanted = values.target ?? host;
  if (wanted !== "all" && !TARGETS.includes(wanted as Target)) {
    console.error(`compile: unknown --target ${wanted}; one of ${TARGETS.join(", ")}, or all`);
    return 2;
  }
  const targets = wanted === "all" ? [...TARGETS] : [wanted as Target];
  if (values.output && targets.length > 1) {
    console.error("compile: --output names one file: give one --target with it");
    return 2;
  }
  const root = new URL("../", import.meta.url);
  if (!values.output) await Deno.mkdir(new URL("dist/", root), { recursive: true });
  for (const target of targets) {
    const output = values.output ?? defaultOutput(target, target === host);
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, output),
      cwd: root,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (code !== 0) {
      console.error(
        `compile: deno compile failed for ${target}. Without access to dl.deno.land, set DENORT_BIN to ` +
          `a denort ${Deno.version.deno} for ${target} (README: "A single binary").`,
      );
      return code;
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

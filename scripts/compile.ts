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

import { hostTarget, permissionsFor, RUNTIME_FLAGS, type Target, TARGETS } from "../lib/cli/permissions.ts";

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

/** The module each worker thread runs (`lib/audit/threads.ts` starts it). */
export const WORKER_MODULE = "lib/audit/audit_worker.ts";

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
    // The worker threads' module is loaded by URL (new Worker), not imported: named to be embedded.
    "--include",
    WORKER_MODULE,
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

/**
 * `deno task demo`: starts the simulated organization and runs the real command against it, as a user
 * would with a named profile, writing the reports to `./demo-output/`.
 *
 * The command reaches the simulator only through standard AWS configuration: a profile in its own
 * config files and `AWS_ENDPOINT_URL`.
 *
 * @module
 */
import { join } from "node:path";
import { startSimulator } from "../sim/server.ts";
import type { Scenario } from "../sim/scenario.ts";
import { runFlags } from "../lib/cli/permissions.ts";
import { denoDir, simEnvironment } from "../sim/profile.ts";

const root = new URL("../", import.meta.url).pathname;

/** The day the demo organization's dates were written for; they are moved to today when it runs. */
const DEMO_WRITTEN_ON = new Date("2026-11-25T12:00:00Z");

/**
 * Moves every date of a scenario by the time from `from` to `to`, so that the demo shows the same
 * ages, findings and CloudTrail events (inside the 90-day window) whatever the day it runs.
 */
function shiftDates<T>(value: T, from: Date, to: Date): T {
  const offset = to.getTime() - from.getTime();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string" && iso.test(v)) {
      return new Date(Date.parse(v) + offset).toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
/** How to run the demo. */
export interface DemoOptions {
  /** Where the reports go. */
  outputDir: string;
  /** Extra arguments of the command. */
  args?: string[];
  /** `inherit` shows the run on this console; `piped` returns what it printed. */
  output: "inherit" | "piped";
}

/**
 * Starts the simulated organization and runs the real command against it with a named profile.
 *
 * @param options where the reports go, extra arguments, and whether to capture the output
 * @returns the command's exit code and, when piped, what it printed
 */
export async function runDemo(
  options: DemoOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const scenario = shiftDates(
    JSON.parse(await Deno.readTextFile(join(root, "sim/scenarios/demo.json"))) as Scenario,
    DEMO_WRITTEN_ON,
    new Date(),
  );
  await Deno.mkdir(options.outputDir, { recursive: true });
  const sim = await startSimulator(scenario);
  const home = await Deno.makeTempDir({ prefix: "iam-audit-demo-" });
  try {
    const env = await simEnvironment(home, {
      url: sim.url,
      accessKeyId: scenario.managementCredentials.accessKeyId,
      secretAccessKey: scenario.managementCredentials.secretAccessKey,
    }, "demo-mgmt");
    const args = [
      "--profile",
      "demo-mgmt",
      "--role",
      "OrganizationAccountAccessRole",
      "--output-dir",
      options.outputDir,
      ...(options.args ?? []),
    ];
    if (options.output === "inherit") {
      console.error(`Simulated AWS organization listening on ${sim.url}`);
      console.error(`$ iam-audit ${args.join(" ")}\n`);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...runFlags(), join(root, "main.ts"), ...args],
      env: { ...env, HOME: home, DENO_DIR: denoDir(), DENO_NO_UPDATE_CHECK: "1" },
      stdout: options.output,
      stderr: options.output,
    }).output();
    const text = (bytes: Uint8Array | null) => bytes ? new TextDecoder().decode(bytes) : "";
    return {
      code: out.code,
      stdout: options.output === "piped" ? text(out.stdout) : "",
      stderr: options.output === "piped" ? text(out.stderr) : "",
    };
  } finally {
    await sim.close();
    await Deno.remove(home, { recursive: true });
  }
}

if (import.meta.main) {
  const { code } = await runDemo({
    outputDir: join(Deno.cwd(), "demo-output"),
    args: Deno.args,
    output: "inherit",
  });
  // The sample organization has an account where the role is missing, so the command's exit code 3
  // ("finished, some accounts failed") is the expected outcome of the demo.
  console.error(
    `\nexit code ${code}${code === 3 ? " (expected: the Sandbox account has no audit role)" : ""}`,
  );
  Deno.exit(code === 0 || code === 3 ? 0 : code);
}

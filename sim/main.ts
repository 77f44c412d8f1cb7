/**
 * Runs the simulator standalone:
 *
 * ```
 * deno run -A sim/main.ts --scenario <demo|long-lived|path.json|gen:ACCOUNTS:USERS:SEED> [--port N]
 *   [--latency MS] [--rate-limits] [--page-size N] [--now ISO] [--faults JSON]
 *   [--max-signature-age MS|off]
 * ```
 *
 * Prints one JSON line `{ url, accessKeyId, secretAccessKey, managementAccountId }` on stdout once
 * listening, then serves until SIGTERM or SIGINT. Everything else goes to stderr.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { AWS_LIKE_RATE_LIMITS, type Faults, type SimOptions, startSimulator } from "./server.ts";
import { generateOrganization } from "./generate.ts";
import type { Scenario } from "./scenario.ts";
import { longLivedScenario } from "./scenarios/long_lived.ts";

/**
 * Loads the scenario named on the command line.
 *
 * @param spec `demo`, `long-lived` (every long-lived credential and root posture, dated around the
 *   real today), `gen:ACCOUNTS:USERS:SEED`, or the path of a scenario JSON file
 * @returns the scenario
 * @throws Error when the file cannot be read or parsed
 */
export async function loadScenario(spec: string): Promise<Scenario> {
  if (spec === "demo") {
    return JSON.parse(await Deno.readTextFile(new URL("./scenarios/demo.json", import.meta.url)));
  }
  if (spec === "long-lived") return longLivedScenario(new Date());
  const gen = /^gen:(\d+):(\d+):(.+)$/.exec(spec);
  if (gen) {
    return generateOrganization({ accounts: Number(gen[1]), usersPerAccount: Number(gen[2]), seed: gen[3] });
  }
  return JSON.parse(await Deno.readTextFile(spec));
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got ${value}`);
  return n;
}

/** Parses the command line into the scenario spec and simulator options. */
export function parseCommandLine(args: string[]): { scenario: string; options: SimOptions } {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: "string" },
      port: { type: "string" },
      latency: { type: "string" },
      "rate-limits": { type: "boolean" },
      "page-size": { type: "string" },
      now: { type: "string" },
      faults: { type: "string" },
      "max-signature-age": { type: "string" },
    },
    strict: true,
  });
  if (!values.scenario) {
    throw new Error("--scenario <demo|long-lived|path.json|gen:ACCOUNTS:USERS:SEED> is required");
  }
  const options: SimOptions = {
    port: positiveInt(values.port, "--port") ?? 0,
    latencyMs: positiveInt(values.latency, "--latency"),
    pageSize: positiveInt(values["page-size"], "--page-size"),
  };
  if (values["rate-limits"]) options.rateLimits = AWS_LIKE_RATE_LIMITS;
  if (values.now) {
    const fixed = new Date(values.now);
    if (Number.isNaN(fixed.getTime())) throw new Error(`--now needs an ISO date, got ${values.now}`);
    // A fixed "today" that still moves forward, so credential expiry keeps working in long runs.
    const offset = fixed.getTime() - Date.now();
    options.now = () => new Date(Date.now() + offset);
  }
  if (values.faults) options.faults = JSON.parse(values.faults) as Faults;
  const maxAge = values["max-signature-age"];
  if (maxAge === "off") options.maxSignatureAgeMs = Infinity;
  else if (maxAge !== undefined) {
    const ms = positiveInt(maxAge, "--max-signature-age");
    if (!ms) throw new Error(`--max-signature-age needs a positive number of ms or "off", got ${maxAge}`);
    options.maxSignatureAgeMs = ms;
  }
  return { scenario: values.scenario, options };
}

if (import.meta.main) {
  try {
    const { scenario, options } = parseCommandLine(Deno.args);
    const sim = await startSimulator(await loadScenario(scenario), options);
    console.log(JSON.stringify({
      url: sim.url,
      accessKeyId: sim.accessKeyId,
      secretAccessKey: sim.secretAccessKey,
      managementAccountId: sim.managementAccountId,
    }));
    const stop = async () => {
      await sim.close();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGTERM", stop);
    Deno.addSignalListener("SIGINT", stop);
  } catch (error) {
    console.error(`simulator: ${error instanceof Error ? error.message : error}`);
    Deno.exit(2);
  }
}

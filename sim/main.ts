/**
 * Runs the simulator standalone:
 *
 * ```
 * deno run -A sim/main.ts --scenario <demo|long-lived|path.json|gen:ACCOUNTS:USERS:SEED> [--port N]
 *   [--latency MS] [--rate-limits] [--page-size N] [--now ISO] [--faults JSON]
 *   [--max-signature-age MS|off] [--iam-rate N] [--iam-throttle perAction|perAccount|bursty]
 *   [--iam-burst N] [--iam-brownout EVERY_MS:FOR_MS:FACTOR]
 * ```
 *
 * Prints one JSON line `{ url, accessKeyId, secretAccessKey, managementAccountId }` on stdout once
 * listening, then serves until SIGTERM or SIGINT. Everything else goes to stderr.
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  AWS_LIKE_RATE_LIMITS,
  type Faults,
  IAM_THROTTLE_MODELS,
  type IamThrottleModel,
  type RateLimits,
  type SimOptions,
  startSimulator,
} from "./server.ts";
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

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${flag} needs a positive number, got ${value}`);
  return n;
}

/** The IAM throttling flags on top of `base` (the `--rate-limits` ones, if given). */
function iamThrottling(
  values: Record<string, string | boolean | undefined>,
  base: RateLimits | undefined,
): RateLimits | undefined {
  const rate = positiveNumber(values["iam-rate"] as string | undefined, "--iam-rate");
  const model = values["iam-throttle"] as string | undefined;
  const burst = positiveNumber(values["iam-burst"] as string | undefined, "--iam-burst");
  const brownout = values["iam-brownout"] as string | undefined;
  if (rate === undefined && model === undefined && burst === undefined && brownout === undefined) return base;
  const limits: RateLimits = { ...base };
  if (rate !== undefined) limits.iamPerSecond = rate;
  if (limits.iamPerSecond === undefined) {
    throw new Error("--iam-throttle, --iam-burst and --iam-brownout need --rate-limits or --iam-rate");
  }
  if (model !== undefined) {
    if (!IAM_THROTTLE_MODELS.includes(model as IamThrottleModel)) {
      throw new Error(`--iam-throttle needs one of ${IAM_THROTTLE_MODELS.join(", ")}, got ${model}`);
    }
    limits.iamModel = model as IamThrottleModel;
  }
  if (burst !== undefined) limits.iamBurst = burst;
  if (brownout !== undefined) {
    const m = /^(\d+):(\d+):([\d.]+)$/.exec(brownout);
    if (!m) throw new Error(`--iam-brownout needs EVERY_MS:FOR_MS:FACTOR, got ${brownout}`);
    limits.iamBrownout = { everyMs: Number(m[1]), forMs: Number(m[2]), factor: Number(m[3]) };
  }
  return limits;
}

/**
 * Parses the command line into the scenario spec and simulator options.
 *
 * @param args the arguments after `sim/main.ts`
 * @returns the scenario spec (see {@link loadScenario}) and the options
 * @throws Error on an unknown flag or an invalid value
 */
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
      "iam-rate": { type: "string" },
      "iam-throttle": { type: "string" },
      "iam-burst": { type: "string" },
      "iam-brownout": { type: "string" },
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
  const limits = iamThrottling(values, options.rateLimits);
  if (limits) options.rateLimits = limits;
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

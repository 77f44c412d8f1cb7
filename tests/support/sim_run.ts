/**
 * One simulated organization for one end-to-end test: the simulator, an AWS profile pointing at it,
 * and an empty output folder, all cleaned up afterwards.
 *
 * @module
 */
import { join } from "node:path";
import type { Scenario } from "../../sim/scenario.ts";
import { type SimOptions, type Simulator, startSimulator } from "../../sim/server.ts";
import { simEnvironment } from "./cli.ts";
import { watchSecrets } from "./leaks.ts";

/** What a test gets. */
export interface SimRun {
  sim: Simulator;
  /** Environment that points the command at the simulator, with the profile `sim-mgmt`. */
  env: Record<string, string>;
  /** An empty folder for the reports. */
  out: string;
  /** A scratch folder (holds the AWS config files). */
  dir: string;
}

/**
 * Starts a simulator serving `scenario`, runs `fn`, and stops the simulator whatever happens.
 *
 * @param scenario the organization
 * @param options the simulator's options (page size, latency, faults, ...)
 * @param fn the test's body
 * @returns what `fn` returns
 */
export async function withSimulator<T>(
  scenario: Scenario,
  options: SimOptions,
  fn: (run: SimRun) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator(scenario, options);
  const unwatch = watchSecrets(
    () => [scenario.managementCredentials.secretAccessKey, ...sim.issuedSecrets()],
  );
  try {
    const dir = await Deno.makeTempDir({ prefix: "iam-audit-test-" });
    const env = await simEnvironment(dir, {
      url: sim.url,
      accessKeyId: scenario.managementCredentials.accessKeyId,
      secretAccessKey: scenario.managementCredentials.secretAccessKey,
    });
    const out = join(dir, "out");
    await Deno.mkdir(out);
    return await fn({ sim, env, out, dir });
  } finally {
    unwatch();
    await sim.close();
  }
}

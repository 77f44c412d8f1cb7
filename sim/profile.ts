/**
 * Points a separate iam-audit process at a simulator the way a user points it at AWS: a named profile
 * in its own AWS config files, and `AWS_ENDPOINT_URL`. Used by the demo and the tests.
 *
 * @module
 */
import { join } from "node:path";

/** Where the simulator listens and the management credentials it accepts. */
export interface SimEndpoint {
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Writes an AWS config and credentials file with one static profile for the simulator.
 *
 * @param dir folder for the two files
 * @param sim the simulator's endpoint and management credentials
 * @param profile the profile's name
 * @returns the environment variables that point the SDK at these files and the simulator
 */
export async function simEnvironment(
  dir: string,
  sim: SimEndpoint,
  profile = "sim-mgmt",
): Promise<Record<string, string>> {
  const config = join(dir, "aws_config");
  const credentials = join(dir, "aws_credentials");
  await Deno.writeTextFile(config, `[profile ${profile}]\nregion = us-east-1\n`);
  await Deno.writeTextFile(
    credentials,
    `[${profile}]\naws_access_key_id = ${sim.accessKeyId}\naws_secret_access_key = ${sim.secretAccessKey}\n`,
  );
  return {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_ENDPOINT_URL: sim.url,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

let cachedDenoDir: string | undefined;

/**
 * The Deno cache folder of this process, for child processes whose HOME differs (so that they find
 * the packages already downloaded).
 *
 * @returns `DENO_DIR`, or the folder `deno info` reports
 */
export function denoDir(): string {
  cachedDenoDir ??= Deno.env.get("DENO_DIR") ??
    JSON.parse(
      new TextDecoder().decode(
        new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped", stderr: "null" })
          .outputSync().stdout,
      ),
    ).denoDir;
  return cachedDenoDir!;
}

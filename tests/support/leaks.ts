/**
 * The leak check every CLI test runs: nothing the command printed or wrote may hold a secret the test
 * set (the environment's, the AWS files', a proxy password) or the simulator issued (every secret key
 * and session token of every AssumeRole), whole or a 16-character piece of it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { urlPassword } from "../../lib/util/secrets.ts";

/** Sources of secrets the running simulators issued. */
const sources = new Set<() => string[]>();

/**
 * Adds a source of secrets (a simulator's) to every later check, until the returned function is called.
 *
 * @param source lists the secrets
 * @returns a function that removes the source
 */
export function watchSecrets(source: () => string[]): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** The secrets a command's environment hands it. */
function environmentSecrets(env: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (/^AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)$/.test(name)) found.push(value);
    if (/^(https?|all)_proxy$/i.test(name)) {
      const password = urlPassword(value);
      if (password) found.push(password);
    }
    if (name === "AWS_SHARED_CREDENTIALS_FILE" || name === "AWS_CONFIG_FILE") {
      try {
        const text = Deno.readTextFileSync(value);
        for (const m of text.matchAll(/(?:aws_secret_access_key|aws_session_token)\s*[:=]?\s*(\S+)/gi)) {
          found.push(m[1]);
        }
      } catch {
        // no such file: nothing to leak
      }
    }
  }
  return found;
}

/** A secret's 16-character pieces (every 4th for long tokens), so that a cut secret is still seen. */
function pieces(secret: string): string[] {
  if (secret.length <= 16) return [secret];
  const step = secret.length > 64 ? 4 : 1;
  const out: string[] = [];
  for (let i = 0; i + 16 <= secret.length; i += step) out.push(secret.slice(i, i + 16));
  return out;
}

/**
 * Asserts that nothing a run printed, nor any file in its output folder, holds a secret.
 *
 * @param output what the run printed
 * @param env the environment it ran with
 * @param args its arguments (for `--output-dir`)
 */
export function assertNoLeak(output: string, env: Record<string, string>, args: readonly string[]): void {
  const texts = [output];
  const dir = args[args.indexOf("--output-dir") + 1];
  if (args.includes("--output-dir") && dir) {
    try {
      const awsFiles = new Set([env.AWS_SHARED_CREDENTIALS_FILE, env.AWS_CONFIG_FILE]);
      for (const entry of Deno.readDirSync(dir)) {
        const path = join(dir, entry.name);
        if (entry.isFile && !awsFiles.has(path)) texts.push(Deno.readTextFileSync(path));
      }
    } catch {
      // the folder may not exist (a test of that error)
    }
  }
  const everything = texts.join("\n");
  const secrets = [...environmentSecrets(env), ...[...sources].flatMap((source) => source())];
  for (const secret of secrets.filter((s) => s.length >= 6)) {
    for (const piece of pieces(secret)) {
      assert.ok(!everything.includes(piece), `a secret leaked: a piece of ${secret.slice(0, 4)}…`);
    }
  }
}

/**
 * Finds syntax errors in the AWS config and credentials files. The SDK's INI reader skips lines it
 * cannot read, so a broken file shows up as "profile not found"; this says which line is broken.
 *
 * @module
 */
import { join } from "node:path";
import { learnFileSecrets } from "../util/secrets.ts";

/** A line of an AWS config file that is not valid INI, described without its value. */
export interface ConfigSyntaxError {
  file: string;
  line: number;
  /** The line's section header, when it is one (`[profile broken`): headers hold no secret. */
  section?: string;
  /** The setting the line seems to set (`aws_secret_access_key`), never its value. */
  key?: string;
}

const VALID_LINE = [
  /^\s*$/, // blank
  /^\s*[#;]/, // comment
  /^\s*\[[^\]\r\n]+\]\s*([#;].*)?$/, // [section]
  /^[^\s=\[#;][^=]*=.*$/, // key = value
  /^\s+\S/, // an indented sub-property or continuation
];

/**
 * Checks one file's text.
 *
 * @param text the file's content
 * @returns the first invalid line (1-based) with its section header or key, or undefined
 */
export function firstInvalidLine(text: string): Omit<ConfigSyntaxError, "file"> | undefined {
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.includes("\0") || !VALID_LINE.some((re) => re.test(line))) {
      const trimmed = line.trim();
      if (trimmed.startsWith("[")) return { line: i + 1, section: trimmed.slice(0, 60) };
      const key = /^([A-Za-z_][\w.-]{0,63})(?=\s*[:\s]|$)/.exec(trimmed)?.[1];
      return key ? { line: i + 1, key } : { line: i + 1 };
    }
  }
  return undefined;
}

/**
 * Checks the AWS config and shared credentials files the SDK reads (`AWS_CONFIG_FILE`,
 * `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`); missing files are fine.
 *
 * @param env reads an environment variable
 * @returns the first syntax error found, or undefined
 */
export async function findConfigSyntaxError(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<ConfigSyntaxError | undefined> {
  for (const file of configFiles(env)) {
    const text = await readIfAny(file);
    const bad = text === undefined ? undefined : firstInvalidLine(text);
    if (bad) return { file, ...bad };
  }
  return undefined;
}

/**
 * Learns the secrets written in the AWS config and credentials files, so that nothing the run prints
 * can carry them, even from a line the SDK could not read.
 *
 * @param env reads an environment variable
 */
export async function learnConfigSecrets(
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Promise<void> {
  for (const file of configFiles(env)) {
    const text = await readIfAny(file);
    if (text !== undefined) learnFileSecrets(text);
  }
}

function configFiles(env: (name: string) => string | undefined): string[] {
  const home = env("HOME") ?? env("USERPROFILE") ?? "";
  return [
    env("AWS_CONFIG_FILE") ?? join(home, ".aws", "config"),
    env("AWS_SHARED_CREDENTIALS_FILE") ?? join(home, ".aws", "credentials"),
  ];
}

async function readIfAny(file: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(file);
  } catch {
    return undefined;
  }
}

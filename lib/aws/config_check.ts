/**
 * Finds syntax errors in the AWS config and credentials files. The SDK's INI reader skips lines it
 * cannot read, so a broken file shows up as "profile not found"; this says which line is broken.
 *
 * @module
 */
import { join } from "node:path";

/** A line of an AWS config file that is not valid INI. */
export interface ConfigSyntaxError {
  file: string;
  line: number;
  text: string;
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
 * @returns the first invalid line (1-based) and its text, or undefined
 */
export function firstInvalidLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.includes("\0") || !VALID_LINE.some((re) => re.test(line))) return { line: i + 1, text: line };
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
  const home = env("HOME") ?? env("USERPROFILE") ?? "";
  const files = [
    env("AWS_CONFIG_FILE") ?? join(home, ".aws", "config"),
    env("AWS_SHARED_CREDENTIALS_FILE") ?? join(home, ".aws", "credentials"),
  ];
  for (const file of files) {
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch {
      continue;
    }
    const bad = firstInvalidLine(text);
    if (bad) return { file, ...bad };
  }
  return undefined;
}

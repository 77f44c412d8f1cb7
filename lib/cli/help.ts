/**
 * `--help`, written from the flag table and the language's words: every flag, its value, its default,
 * then the reports, the exit codes and examples.
 *
 * @module
 */
import type { Words } from "../i18n/words.ts";
import { FLAGS, type HelpGroup, type OptionName } from "./flags.ts";

const GROUPS: readonly HelpGroup[] = [
  "required",
  "credentials",
  "scope",
  "findings",
  "output",
  "speed",
  "other",
];
const WIDTH = 100;
const INDENT = 27;

/**
 * The text of `--help`.
 *
 * @param version the tool's version
 * @param words the language's words
 * @returns the help text, ending with a newline
 */
export function helpText(version: string, words: Words): string {
  const h = words.help;
  const lines = [
    `iam-audit ${version}: ${h.tagline}`,
    "",
    h.usage,
    "  iam-audit --role <role-name> [--profile <mgmt-profile>] [options]",
    "  deno run -A main.ts --role <role-name> [--profile <mgmt-profile>] [options]",
  ];
  for (const group of GROUPS) {
    lines.push("");
    if (h.groups[group] !== "") lines.push(h.groups[group]);
    for (const [key, flag] of Object.entries(FLAGS) as [OptionName, (typeof FLAGS)[OptionName]][]) {
      if (flag.group !== group || ("listed" in flag && flag.listed === false)) continue;
      const short = "short" in flag && flag.short ? `-${flag.short}, ` : "";
      const value = "placeholder" in flag && flag.placeholder ? ` ${flag.placeholder}` : "";
      const shown = "shownDefault" in flag && flag.shownDefault !== undefined
        ? ` ${h.defaultIs(flag.shownDefault)}`
        : "";
      lines.push(...wrap(`  ${short}--${flag.name}${value}`, h.flags[key] + shown));
    }
  }
  lines.push(
    "",
    h.reportsTitle,
    `  iam_audit_report_YYYYMMDD_HHMMSS.csv   ${h.reports.iam}`,
    `  cloudtrail_events_YYYYMMDD_HHMMSS.csv  ${h.reports.events}`,
    `  accounts_YYYYMMDD_HHMMSS.csv           ${h.reports.accounts}`,
    `  credentials_YYYYMMDD_HHMMSS.csv        ${h.reports.credentials}`,
    `  iam_audit_report_YYYYMMDD_HHMMSS.html  ${h.reports.html}`,
    `  run_YYYYMMDD_HHMMSS.json               ${h.reports.manifest}`,
    `  changes_YYYYMMDD_HHMMSS.csv            ${h.reports.changes}`,
    `  findings_YYYYMMDD_HHMMSS.ocsf.jsonl    ${h.reports.ocsf}`,
    "",
    h.exitCodes,
    "",
    h.examples,
    "  iam-audit --profile mgmt-profile --role AWSControlTowerExecution",
    "  iam-audit --profile mgmt --role OrganizationAccountAccessRole --ou ou-ab12-cdef3456 --lang en",
    "  iam-audit --profile mgmt --role Audit --accounts @accounts.txt --format jsonl --output-dir reports",
    "  iam-audit --profile mgmt --role Audit --output-dir reports --compare-with reports --ocsf",
  );
  return lines.join("\n") + "\n";
}

/** The flag, then its text wrapped at {@link WIDTH} columns in a column of its own. */
function wrap(head: string, text: string): string[] {
  const lines: string[] = [];
  let line = head.length + 1 >= INDENT ? head + "\n" + " ".repeat(INDENT) : head.padEnd(INDENT);
  let room = WIDTH - INDENT;
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > room) {
      lines.push(line + current);
      line = " ".repeat(INDENT);
      current = "";
      room = WIDTH - INDENT;
    }
    current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(line + current);
  return lines.join("\n").split("\n");
}

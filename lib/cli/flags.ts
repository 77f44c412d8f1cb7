/**
 * The command line, parsed once into a typed value.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_EVENT_NAMES } from "../audit/cloudtrail.ts";
import { UsageError } from "../errors/audit_error.ts";
import { CLOUDTRAIL_HISTORY_DAYS, daysBefore, isoUtc, parseDateFlag } from "../util/dates.ts";
import type { Lang } from "../i18n/messages.ts";

/** Everything the command was asked to do. */
export interface Options {
  /** AWS profile of the management account; absent: the SDK's default credential chain. */
  profile?: string;
  /** Name (optionally with path) of the role assumed in each member account. */
  role: string;
  /** Folder the reports are written to. @default "." */
  outputDir: string;
  /** Region of the CloudTrail lookups. @default "us-east-1" */
  region: string;
  /** Start of the CloudTrail window. @default 90 days before the run */
  since: Date;
  /** End of the CloudTrail window. @default the run's start */
  until: Date;
  /** Language of the console and of the reports' words. @default "es" */
  lang: Lang;
  /**
   * AWS requests in flight at most over the whole run; accounts are audited at most half as many at
   * once (at least one). 1 makes the audit sequential, one request at a time, like the original tool.
   * @default 64
   */
  concurrency: number;
  /** Users audited at once inside one account. @default 8 */
  userConcurrency: number;
  /** IAM requests per second per account. @default 20 */
  iamRps: number;
  /** CloudTrail LookupEvents requests per second per account (AWS allows 2). @default 2 */
  cloudTrailRps: number;
  /** Attempts per AWS request, the first included, before giving up. @default 8 */
  maxAttempts: number;
  /** Seconds before one HTTP request is abandoned (and retried). @default 30 */
  requestTimeout: number;
  /** Only these account ids (from `--accounts`); undefined: every account. */
  accounts?: string[];
  /** Account ids never audited (from `--exclude-accounts`). */
  excludeAccounts: string[];
  /** Only accounts under these organizational units, recursively (from `--ou`). */
  ous: string[];
  /** CloudTrail event names looked up. @default the original's five */
  events: string[];
  /** Read CloudTrail at all (`--no-cloudtrail` turns it off). @default true */
  cloudTrail: boolean;
  /** ExternalId passed to AssumeRole. */
  externalId?: string;
  /** RoleSessionName of AssumeRole. @default "SecurityAudit" */
  sessionName: string;
  /** Format of the reports. @default "csv" */
  format: "csv" | "jsonl";
  /** Write the HTML report. @default true */
  html: boolean;
  /** Days after which an active key is not rotated (CIS 1.14). @default 90 */
  maxKeyAge: number;
  /** Days of non-use after which a credential is flagged (CIS 1.12). @default 45 */
  maxUnusedDays: number;
  /** Read users' directly attached and inline policies (CIS 1.15). @default false */
  policies: boolean;
  /** Console verbosity. @default "normal" */
  verbosity: "quiet" | "normal" | "verbose";
  /** Print stacks and causes of errors. @default false */
  debug: boolean;
  help: boolean;
  version: boolean;
  /** Non-fatal remarks about the flags, for the console. */
  warnings: string[];
}

/** The flags, for `--help` and for parsing. */
export const FLAGS = {
  profile: { type: "string" },
  role: { type: "string" },
  "output-dir": { type: "string" },
  region: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  lang: { type: "string" },
  concurrency: { type: "string" },
  "user-concurrency": { type: "string" },
  "iam-rps": { type: "string" },
  "cloudtrail-rps": { type: "string" },
  "max-attempts": { type: "string" },
  "request-timeout": { type: "string" },
  accounts: { type: "string" },
  "exclude-accounts": { type: "string" },
  ou: { type: "string" },
  events: { type: "string" },
  "no-cloudtrail": { type: "boolean" },
  "external-id": { type: "string" },
  "session-name": { type: "string" },
  format: { type: "string" },
  html: { type: "boolean" },
  "no-html": { type: "boolean" },
  "max-key-age": { type: "string" },
  "max-unused-days": { type: "string" },
  policies: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean", short: "v" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const EVENT_NAME = /^[A-Za-z0-9]{1,128}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * Parses the command line.
 *
 * @param argv the arguments after the program name
 * @param now the run's start, for the default time window
 * @param readTextFile reads an `@file` value (`--accounts @ids.txt`). @default Deno.readTextFileSync
 * @returns the options, with defaults applied
 * @throws {UsageError} on an unknown flag, a missing `--role`, or a value that does not parse
 * @example
 * ```ts
 * const options = parseOptions(["--profile", "mgmt", "--role", "Audit"], new Date());
 * ```
 */
export function parseOptions(
  argv: string[],
  now: Date,
  readTextFile: (path: string) => string = Deno.readTextFileSync,
): Options {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(describeParseError(e));
  }
  const str = (name: keyof typeof FLAGS) => values[name] as string | undefined;
  const bool = (name: keyof typeof FLAGS) => values[name] === true;

  const help = bool("help");
  const version = bool("version");
  const role = str("role");
  if (!help && !version && role === undefined) {
    throw new UsageError(
      "--role is required: the name of the audit role in each account, e.g. --role AuditRole",
    );
  }
  if (role !== undefined && !ROLE_NAME.test(role)) {
    throw new UsageError(`--role "${role}" is not a valid IAM role name (letters, digits and +=,.@_- only)`);
  }
  const profile = str("profile");
  if (profile !== undefined && (profile.trim() === "" || /\s/.test(profile))) {
    throw new UsageError(`--profile "${profile}" is not a valid profile name`);
  }
  const region = str("region") ?? "us-east-1";
  if (!REGION.test(region)) throw new UsageError(`--region "${region}" is not an AWS region, e.g. us-east-1`);
  const lang = str("lang") ?? "es";
  if (lang !== "es" && lang !== "en") throw new UsageError(`--lang "${lang}" must be es or en`);
  const outputDir = str("output-dir") ?? ".";
  if (outputDir === "") throw new UsageError("--output-dir must not be empty");

  const warnings: string[] = [];
  const until = dateFlag("until", str("until")) ?? now;
  const since = dateFlag("since", str("since")) ?? daysBefore(now, CLOUDTRAIL_HISTORY_DAYS);
  if (since.getTime() > now.getTime()) {
    throw new UsageError(`--since ${isoUtc(since)} is in the future`);
  }
  if (since.getTime() > until.getTime()) {
    throw new UsageError(`--since ${isoUtc(since)} is after --until ${isoUtc(until)}`);
  }
  if (since.getTime() < daysBefore(now, CLOUDTRAIL_HISTORY_DAYS).getTime() - 60_000) {
    warnings.push(isoUtc(since));
  }

  const list = (name: keyof typeof FLAGS, pattern: RegExp, what: string, allowFile: boolean) => {
    const text = str(name);
    if (text === undefined) return undefined;
    let source = text;
    if (allowFile && text.startsWith("@")) {
      try {
        source = readTextFile(text.slice(1));
      } catch (e) {
        throw new UsageError(
          `--${name} ${text}: cannot read the file (${e instanceof Error ? e.message : e})`,
        );
      }
      source = source.replace(/#[^\n]*/g, "");
    }
    const items = source.split(/[\s,]+/).filter((item) => item !== "");
    for (const item of items) {
      if (!pattern.test(item)) throw new UsageError(`--${name}: "${item}" is not ${what}`);
    }
    if (items.length === 0) throw new UsageError(`--${name} lists nothing`);
    return [...new Set(items)];
  };
  const accounts = list("accounts", ACCOUNT_ID, "a 12-digit account id", true);
  const excludeAccounts = list("exclude-accounts", ACCOUNT_ID, "a 12-digit account id", true) ?? [];
  const ous = list("ou", OU_ID, "an organizational unit id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)", false) ??
    [];
  const events = list("events", EVENT_NAME, "a CloudTrail event name", false) ?? [...DEFAULT_EVENT_NAMES];
  const externalId = str("external-id");
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw new UsageError("--external-id must be 2-1224 characters of letters, digits and +=,.@:/-");
  }
  const sessionName = str("session-name") ?? "SecurityAudit";
  if (!SESSION_NAME.test(sessionName)) {
    throw new UsageError(
      `--session-name "${sessionName}" must be 2-64 characters of letters, digits and +=,.@_-`,
    );
  }
  const format = str("format") ?? "csv";
  if (format !== "csv" && format !== "jsonl") {
    throw new UsageError(`--format "${format}" must be csv or jsonl`);
  }
  if (bool("html") && bool("no-html")) throw new UsageError("--html and --no-html contradict each other");
  if (bool("quiet") && bool("verbose")) throw new UsageError("--quiet and --verbose contradict each other");

  return {
    profile,
    role: role ?? "",
    outputDir,
    region,
    since,
    until,
    lang,
    concurrency: intFlag("concurrency", str("concurrency"), 64, 1, 256),
    userConcurrency: intFlag("user-concurrency", str("user-concurrency"), 8, 1, 64),
    iamRps: numberFlag("iam-rps", str("iam-rps"), 20, 0.1, 1000),
    cloudTrailRps: numberFlag("cloudtrail-rps", str("cloudtrail-rps"), 2, 0.1, 2),
    maxAttempts: intFlag("max-attempts", str("max-attempts"), 8, 1, 20),
    requestTimeout: numberFlag("request-timeout", str("request-timeout"), 30, 1, 600),
    accounts,
    excludeAccounts,
    ous,
    events,
    cloudTrail: !bool("no-cloudtrail"),
    externalId,
    sessionName,
    format,
    html: !bool("no-html"),
    maxKeyAge: intFlag("max-key-age", str("max-key-age"), 90, 1, 3650),
    maxUnusedDays: intFlag("max-unused-days", str("max-unused-days"), 45, 1, 3650),
    policies: bool("policies"),
    verbosity: bool("quiet") ? "quiet" : bool("verbose") ? "verbose" : "normal",
    debug: bool("debug"),
    help,
    version,
    warnings,
  };
}

function dateFlag(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const date = parseDateFlag(text);
  if (!date) {
    throw new UsageError(
      `--${name} "${text}" is not a date: use YYYY-MM-DD or ISO 8601 (2026-02-18T10:00:00Z)`,
    );
  }
  return date;
}

function intFlag(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} "${text}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function numberFlag(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(n) || n < min || n > max) {
    throw new UsageError(`--${name} "${text}" must be a number from ${min} to ${max}`);
  }
  return n;
}

function describeParseError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag ${unknown[1]}; see --help`;
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value; see --help`;
  const positional = /Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `unexpected argument "${positional[1]}"; flags start with --, see --help`;
  return `${message.split("\n")[0]}; see --help`;
}

/**
 * The text of `--help`: every option, its default, and examples.
 *
 * @param version the tool's version
 * @returns the help text, ending with a newline
 */
export function helpText(version: string): string {
  return `iam-audit ${version}: audit IAM users and access keys across every account of an AWS Organization.

Usage:
  iam-audit --role <role-name> [--profile <mgmt-profile>] [options]
  deno run -A main.ts --role <role-name> [--profile <mgmt-profile>] [options]

Required:
  --role NAME              Role assumed in each member account (arn:aws:iam::<id>:role/NAME),
                           e.g. AWSControlTowerExecution or OrganizationAccountAccessRole.

Credentials and roles:
  --profile NAME           AWS profile of the management account (static, SSO, credential_process or
                           assume-role). Default: the SDK's default credential chain.
  --external-id ID         ExternalId passed to AssumeRole. Default: none.
  --session-name NAME      RoleSessionName of AssumeRole. Default: SecurityAudit.

Scope:
  --accounts IDS           Only these accounts: ids separated by commas, or @FILE (one or more per line,
                           # comments). Default: every account.
  --exclude-accounts IDS   Never these accounts (same syntax).
  --ou IDS                 Only accounts under these organizational units, recursively (ou-... or r-...).
  --events NAMES           CloudTrail event names to look up, comma-separated. Default: CreateUser,
                           DeleteUser, CreateAccessKey, DeleteAccessKey, DeleteLoginProfile.
  --no-cloudtrail          Do not read CloudTrail (no events, no root sign-in check).
  --region REGION          Region of the CloudTrail lookups (and of STS). Default: us-east-1.
  --since DATE             Start of the CloudTrail window, YYYY-MM-DD or ISO 8601. Default: 90 days ago.
  --until DATE             End of the CloudTrail window. Default: now.
  --policies               Also read policies attached directly to users (CIS 1.15).

Findings:
  --max-key-age DAYS       An active key older than this is KEY_NOT_ROTATED (CIS 1.14). Default: 90.
  --max-unused-days DAYS   A credential unused this long is KEY_UNUSED / PASSWORD_UNUSED (CIS 1.12).
                           Default: 45.

Output:
  --output-dir DIR         Folder for the reports (it must exist). Default: the current directory.
  --format csv|jsonl       Format of the tabular reports. Default: csv.
  --no-html                Do not write the HTML report.
  --lang es|en             Language of the console and the reports' words. Default: es.
  -q, --quiet              Print only errors and the final file names.
  -v, --verbose            Also print every AWS call's attempts and timings.
  --debug                  Show the cause and stack of errors.

Speed and limits:
  --concurrency N          AWS requests in flight at most, 1-256 (accounts audited at once: half as
                           many); 1 audits one request at a time, like the original. Default: 64.
  --user-concurrency N     Users audited at once in one account, 1-64. Default: 8.
  --iam-rps N              IAM requests per second per account and API action. Default: 20.
  --cloudtrail-rps N       CloudTrail LookupEvents per second per account, at most 2. Default: 2.
  --max-attempts N         Attempts per AWS request before giving up, 1-20. Default: 8.
  --request-timeout SEC    Seconds before one HTTP request is abandoned and retried. Default: 30.

  -h, --help               Show this help.
  -V, --version            Show the version.

Reports (same UTC timestamp, in --output-dir, mode 0600; .jsonl with --format jsonl):
  iam_audit_report_YYYYMMDD_HHMMSS.csv   one row per access key, and per user without keys
  cloudtrail_events_YYYYMMDD_HHMMSS.csv  the IAM events of the window
  accounts_YYYYMMDD_HHMMSS.csv           one row per account: audited, failed or skipped, and why
  iam_audit_report_YYYYMMDD_HHMMSS.html  a self-contained page to read it all

Exit codes: 0 all accounts audited; 1 could not start; 2 usage; 3 some accounts failed;
            130 interrupted (reports kept as *.partial.*).

Examples:
  iam-audit --profile mgmt-profile --role AWSControlTowerExecution
  iam-audit --profile mgmt --role OrganizationAccountAccessRole --ou ou-ab12-cdef3456 --lang en
  iam-audit --profile mgmt --role Audit --accounts @accounts.txt --format jsonl --output-dir reports
`;
}

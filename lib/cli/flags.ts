/**
 * The command line: one table states each flag once — its name, type, default, validation and help
 * group — and the options type, the parser and `--help` (`help.ts`) all come from it.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_EVENT_NAMES } from "../audit/cloudtrail.ts";
import { type Message, UsageError } from "../errors/audit_error.ts";
import type { ItemKind, Lang } from "../i18n/words.ts";
import { CIS_VERSIONS, DEFAULT_CIS } from "../model/findings.ts";
import { CLOUDTRAIL_HISTORY_DAYS, daysBefore, isoUtc, parseDateFlag } from "../util/dates.ts";

/** The groups `--help` lists flags under, in order. */
export type HelpGroup = "required" | "credentials" | "scope" | "findings" | "output" | "speed" | "other";

/** What reading a flag may need besides its text. */
export interface FlagContext {
  /** The run's start. */
  now: Date;
  /** Reads an `@file` value (`--accounts @ids.txt`). */
  readTextFile(path: string): string;
}

/** One flag: how it is written, where `--help` lists it, and how its text becomes a value. */
export interface Flag<T> {
  /** The flag without its dashes, e.g. `max-key-age`. */
  readonly name: string;
  readonly short?: string;
  /** A flag that takes a value, or a switch. */
  readonly kind: "string" | "boolean";
  readonly group: HelpGroup;
  /** How `--help` names the value, e.g. `DAYS`. */
  readonly placeholder?: string;
  /** The default as `--help` shows it (absent: none, or the help line says it). */
  readonly shownDefault?: string;
  /** Listed in `--help`. @default true */
  readonly listed?: boolean;
  /**
   * The flag's value.
   *
   * @param given its text (a string flag), `true` (a switch given), or undefined when absent
   * @param context the clock and file reader
   * @throws {UsageError} when the text is not a valid value
   */
  read(given: string | boolean | undefined, context: FlagContext): T;
}

const usage = (message: Message) => new UsageError(message);

/** A flag that takes a text; `check` returns the error of a bad value. */
function text(
  name: string,
  group: HelpGroup,
  placeholder: string,
  check?: (value: string) => Message | undefined,
): Flag<string | undefined>;
function text(
  name: string,
  group: HelpGroup,
  placeholder: string,
  check: ((value: string) => Message | undefined) | undefined,
  fallback: string,
): Flag<string>;
function text(
  name: string,
  group: HelpGroup,
  placeholder: string,
  check?: (value: string) => Message | undefined,
  fallback?: string,
): Flag<string | undefined> {
  return {
    name,
    kind: "string",
    group,
    placeholder,
    shownDefault: fallback,
    read(given) {
      if (typeof given !== "string") return fallback;
      const problem = check?.(given);
      if (problem) throw usage(problem);
      return given;
    },
  };
}

/** A flag that takes one of a few words. */
function choice<C extends string>(
  name: string,
  group: HelpGroup,
  choices: readonly C[],
  fallback: C,
): Flag<C> {
  return {
    name,
    kind: "string",
    group,
    placeholder: choices.join("|"),
    shownDefault: fallback,
    read(given) {
      if (typeof given !== "string") return fallback;
      if (!(choices as readonly string[]).includes(given)) {
        throw usage((w) => w.errors.choiceInvalid(`--${name}`, given, choices));
      }
      return given as C;
    },
  };
}

/** A flag that takes a number from `min` to `max`; `whole` for integers. */
function number(
  name: string,
  group: HelpGroup,
  placeholder: string,
  range: { min: number; max: number; whole: boolean },
  fallback: number,
): Flag<number> {
  const { min, max, whole } = range;
  return {
    name,
    kind: "string",
    group,
    placeholder,
    shownDefault: String(fallback),
    read(given) {
      if (typeof given !== "string") return fallback;
      const n = (whole ? /^\d+$/ : /^\d+(\.\d+)?$/).test(given) ? Number(given) : NaN;
      if (Number.isNaN(n) || n < min || n > max) {
        throw usage((w) => (whole ? w.errors.wholeNumber : w.errors.number)(`--${name}`, given, min, max));
      }
      return n;
    },
  };
}

/** A switch: true when given. */
function toggle(name: string, group: HelpGroup, short?: string): Flag<boolean> {
  return { name, short, kind: "boolean", group, read: (given) => given === true };
}

/**
 * A flag that lists ids, separated by commas or spaces, or read from `@FILE` (lines, `#` comments);
 * duplicates are dropped.
 */
function ids(
  name: string,
  group: HelpGroup,
  placeholder: string,
  pattern: RegExp,
  kind: ItemKind,
  fromFile: boolean,
) {
  return {
    name,
    kind: "string",
    group,
    placeholder,
    read(given, context): string[] | undefined {
      if (typeof given !== "string") return undefined;
      let source = given;
      if (fromFile && given.startsWith("@")) {
        try {
          source = context.readTextFile(given.slice(1));
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw usage((w) => w.errors.fileUnreadable(`--${name}`, given, why));
        }
        source = source.replace(/#[^\n]*/g, "");
      }
      const items = source.split(/[\s,]+/).filter((item) => item !== "");
      for (const item of items) {
        if (!pattern.test(item)) throw usage((w) => w.errors.itemInvalid(`--${name}`, item, kind));
      }
      if (items.length === 0) throw usage((w) => w.errors.listEmpty(`--${name}`));
      return [...new Set(items)];
    },
  } satisfies Flag<string[] | undefined>;
}

/** A flag that takes a date: `YYYY-MM-DD` (midnight UTC) or ISO 8601 with a zone. */
function date(name: string, group: HelpGroup): Flag<Date | undefined> {
  return {
    name,
    kind: "string",
    group,
    placeholder: "DATE",
    read(given) {
      if (typeof given !== "string") return undefined;
      const value = parseDateFlag(given);
      if (!value) throw usage((w) => w.errors.notADate(`--${name}`, given));
      return value;
    },
  };
}

const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(?:ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const EVENT_NAME = /^[A-Za-z0-9]{1,128}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:\/-]{2,1224}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Every flag, by the name of its option, in `--help` order. */
/**
 * JavaScript threads auditing accounts by default: one per two cores, at most four. Each thread keeps
 * Deno's own threads busy too (its HTTP client, V8's garbage collector): measured on 2 cores, a second
 * thread made a run bound by AWS's rates no faster (37.2 s against 37.5) for 36% more memory, and one
 * bound by the CPU alone 1.26–1.40 times faster for 44% more. Beyond four, the AWS rates, not the CPU,
 * bound a run.
 */
export const DEFAULT_THREADS = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 1) / 2)));

export const FLAGS = {
  role: text(
    "role",
    "required",
    "NAME",
    (v) => ROLE_NAME.test(v) ? undefined : (w) => w.errors.roleInvalid(v),
  ),
  profile: text(
    "profile",
    "credentials",
    "NAME",
    (v) => v.trim() === "" || /\s/.test(v) ? (w) => w.errors.profileInvalid(v) : undefined,
  ),
  externalId: text(
    "external-id",
    "credentials",
    "ID",
    (v) => EXTERNAL_ID.test(v) ? undefined : (w) => w.errors.externalIdInvalid,
  ),
  sessionName: text(
    "session-name",
    "credentials",
    "NAME",
    (v) => SESSION_NAME.test(v) ? undefined : (w) => w.errors.sessionNameInvalid(v),
    "SecurityAudit",
  ),
  accounts: ids("accounts", "scope", "IDS", ACCOUNT_ID, "accountId", true),
  excludeAccounts: ids("exclude-accounts", "scope", "IDS", ACCOUNT_ID, "accountId", true),
  ous: ids("ou", "scope", "IDS", OU_ID, "ouId", false),
  events: {
    ...ids("events", "scope", "NAMES", EVENT_NAME, "eventName", false),
    shownDefault: DEFAULT_EVENT_NAMES.join(", "),
  },
  noCloudTrail: toggle("no-cloudtrail", "scope"),
  region: text(
    "region",
    "scope",
    "REGION",
    (v) => REGION.test(v) ? undefined : (w) => w.errors.regionInvalid(v),
    "us-east-1",
  ),
  since: date("since", "scope"),
  until: date("until", "scope"),
  policies: toggle("policies", "scope"),
  maxKeyAge: number("max-key-age", "findings", "DAYS", { min: 1, max: 3650, whole: true }, 90),
  maxUnusedDays: number("max-unused-days", "findings", "DAYS", { min: 1, max: 3650, whole: true }, 45),
  cis: choice("cis", "findings", CIS_VERSIONS, DEFAULT_CIS),
  outputDir: text(
    "output-dir",
    "output",
    "DIR",
    (v) => v === "" ? (w) => w.errors.outputDirEmpty : undefined,
    ".",
  ),
  format: choice("format", "output", ["csv", "jsonl"] as const, "csv"),
  ocsf: toggle("ocsf", "output"),
  compareWith: text(
    "compare-with",
    "output",
    "PATH",
    (v) => v === "" ? (w) => w.errors.needsValue("--compare-with") : undefined,
  ),
  html: { ...toggle("html", "output"), listed: false },
  noHtml: toggle("no-html", "output"),
  lang: choice("lang", "output", ["es", "en"] as const satisfies readonly Lang[], "es"),
  quiet: toggle("quiet", "output", "q"),
  verbose: toggle("verbose", "output", "v"),
  debug: toggle("debug", "output"),
  concurrency: number("concurrency", "speed", "N", { min: 1, max: 256, whole: true }, 256),
  accountsInFlight: number("accounts-in-flight", "speed", "N", { min: 1, max: 1000, whole: true }, 256),
  threads: number("threads", "speed", "N", { min: 1, max: 16, whole: true }, DEFAULT_THREADS),
  userConcurrency: number("user-concurrency", "speed", "N", { min: 1, max: 64, whole: true }, 8),
  iamRps: number("iam-rps", "speed", "N", { min: 0.1, max: 1000, whole: false }, 20),
  cloudTrailRps: number("cloudtrail-rps", "speed", "N", { min: 0.1, max: 2, whole: false }, 2),
  maxAttempts: number("max-attempts", "speed", "N", { min: 1, max: 20, whole: true }, 8),
  requestTimeout: number("request-timeout", "speed", "SEC", { min: 1, max: 600, whole: false }, 30),
  help: toggle("help", "other", "h"),
  version: toggle("version", "other", "V"),
} as const satisfies Record<string, Flag<unknown>>;

/** The name of an option: a key of {@link FLAGS}. */
export type OptionName = keyof typeof FLAGS;

/** Each flag's value, as its table entry reads it. */
export type FlagValues = { [K in OptionName]: ReturnType<(typeof FLAGS)[K]["read"]> };

/** Everything the command was asked to do: the flags' values, and what follows from several of them. */
export interface Options
  extends Omit<FlagValues, "since" | "until" | "quiet" | "verbose" | "noHtml" | "noCloudTrail"> {
  /** The role: required unless `--help` or `--version`. */
  role: string;
  /** Account ids never audited. */
  excludeAccounts: string[];
  /** Only accounts under these organizational units (none: the whole organization). */
  ous: string[];
  /** CloudTrail event names looked up. */
  events: string[];
  /** Start of the CloudTrail window. @default 90 days before the run */
  since: Date;
  /** End of the CloudTrail window. @default the run's start */
  until: Date;
  /** Read CloudTrail at all (`--no-cloudtrail` turns it off). */
  cloudTrail: boolean;
  /** Write the HTML report (`--no-html` turns it off). */
  html: boolean;
  /** Console verbosity. */
  verbosity: "quiet" | "normal" | "verbose";
  /** Non-fatal remarks about the flags, for the console: a `--since` older than CloudTrail's history. */
  sinceBeforeHistory?: Date;
}

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
  const context: FlagContext = { now, readTextFile };
  const given = readArgv(argv);
  const values = {} as Record<string, unknown>;
  for (const [key, flag] of Object.entries(FLAGS) as [OptionName, Flag<unknown>][]) {
    values[key] = flag.read(given[flag.name], context);
  }
  const v = values as FlagValues;
  if (v.role === undefined && !v.help && !v.version) throw usage((w) => w.errors.roleRequired);
  if (v.html && v.noHtml) throw usage((w) => w.errors.contradict("--html", "--no-html"));
  if (v.quiet && v.verbose) throw usage((w) => w.errors.contradict("--quiet", "--verbose"));
  const until = v.until ?? now;
  const since = v.since ?? daysBefore(now, CLOUDTRAIL_HISTORY_DAYS);
  if (since.getTime() > now.getTime()) throw usage((w) => w.errors.sinceInFuture(isoUtc(since)));
  if (since.getTime() > until.getTime()) {
    throw usage((w) => w.errors.sinceAfterUntil(isoUtc(since), isoUtc(until)));
  }
  const { quiet, verbose, noHtml, noCloudTrail, ...rest } = v;
  return {
    ...rest,
    role: v.role ?? "",
    excludeAccounts: v.excludeAccounts ?? [],
    ous: v.ous ?? [],
    events: v.events ?? [...DEFAULT_EVENT_NAMES],
    since,
    until,
    cloudTrail: !noCloudTrail,
    html: !noHtml,
    verbosity: quiet ? "quiet" : verbose ? "verbose" : "normal",
    sinceBeforeHistory: since.getTime() < daysBefore(now, CLOUDTRAIL_HISTORY_DAYS).getTime() - 60_000
      ? since
      : undefined,
  };
}

/** Splits the command line by the table, turning `node:util`'s errors into ours. */
function readArgv(argv: string[]): Record<string, string | boolean | undefined> {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const flag of Object.values(FLAGS) as Flag<unknown>[]) {
    options[flag.name] = flag.short ? { type: flag.kind, short: flag.short } : { type: flag.kind };
  }
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw usage(parseError(e instanceof Error ? e.message : String(e)));
  }
}

function parseError(message: string): Message {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return (w) => w.errors.unknownFlag(unknown[1]);
  // A flag followed by another flag ("--role --profile x") is "ambiguous" to node:util: it lacks its value.
  const missing = /Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(
    message,
  );
  if (missing) return (w) => w.errors.needsValue(missing[1]);
  const positional = /Unexpected argument '([^']+)'/.exec(message);
  if (positional) return (w) => w.errors.unexpectedArgument(positional[1]);
  const line = message.split("\n")[0];
  return (w) => w.errors.badCommandLine(line);
}

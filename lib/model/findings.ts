/**
 * Findings: what an auditor would flag, computed from what was read, each mapped to the CIS AWS
 * Foundations Benchmark control it comes from. Pure functions.
 *
 * Control numbers are those of CIS AWS Foundations Benchmark v3.0.0 (the same since v1.4.0, whose
 * thresholds are unchanged); from v6.0.0 the IAM recommendations moved from section 1 to section 2,
 * with the same titles.
 *
 * @module
 */
import { daysBetween } from "../util/dates.ts";
import type { KeyAudit, RootPosture, UserAudit } from "./records.ts";

/** Thresholds of the findings. */
export interface FindingThresholds {
  /** A key older than this many days is not rotated (CIS 1.14). @default 90 */
  maxKeyAgeDays: number;
  /** A credential unused for this many days or more should be disabled (CIS 1.12). @default 45 */
  maxUnusedDays: number;
}

/** The default thresholds, as the CIS benchmark sets them. */
export const DEFAULT_THRESHOLDS: FindingThresholds = { maxKeyAgeDays: 90, maxUnusedDays: 45 };

/** A key created this close to its user, and never used, was set up with the user (CIS 1.11). */
export const INITIAL_SETUP_WINDOW_MS = 10 * 60_000;

/** What a finding concerns: counted per key, per user, or per account in the summary. */
export type FindingScope = "key" | "user" | "account";

/** How urgent a finding is; orders the HTML report's findings ("worst first") and colours its charts. */
export type Severity = "critical" | "high" | "medium" | "low";

/** Severities, worst first. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * Weight of each severity in a row's risk score. Spaced so that one critical finding outranks any
 * plausible pile of hygiene findings, while more findings of a kind still rank higher.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 1,
};

/** A finding code's facts (its words are in the language modules, `lib/i18n/`). */
export interface FindingInfo {
  scope: FindingScope;
  /**
   * Root credentials first (they open the whole account), then a console without MFA, then hygiene
   * that widens exposure over time, then clean-up.
   */
  severity: Severity;
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation. */
  cis: string;
}

/** The benchmark the `cis` numbers are from, as the console and the HTML report name it. */
export const CIS_BENCHMARK = "CIS AWS Foundations Benchmark v3.0.0";

/** Every finding code, in the order reports list them. */
export const FINDINGS = {
  KEY_NOT_ROTATED: { scope: "key", severity: "medium", cis: "1.14" },
  KEY_UNUSED: { scope: "key", severity: "medium", cis: "1.12" },
  KEY_CREATED_WITH_USER: { scope: "key", severity: "low", cis: "1.11" },
  INACTIVE_KEY: { scope: "key", severity: "low", cis: "1.12" },
  MULTIPLE_ACTIVE_KEYS: { scope: "user", severity: "medium", cis: "1.13" },
  PASSWORD_UNUSED: { scope: "user", severity: "medium", cis: "1.12" },
  CONSOLE_WITHOUT_MFA: { scope: "user", severity: "high", cis: "1.10" },
  DIRECT_POLICIES: { scope: "user", severity: "low", cis: "1.15" },
  ROOT_ACCESS_KEYS: { scope: "account", severity: "critical", cis: "1.4" },
  ROOT_NO_MFA: { scope: "account", severity: "critical", cis: "1.5" },
  ROOT_VIRTUAL_MFA: { scope: "account", severity: "low", cis: "1.6" },
  ROOT_USED: { scope: "account", severity: "high", cis: "1.7" },
} as const satisfies Record<string, FindingInfo>;

/** A finding code. */
export type FindingCode = keyof typeof FINDINGS;

/** Every code, in report order. */
export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/** Days since the later of a credential's last use and (when never used) its creation. */
function idleDays(lastUsed: Date | undefined, created: Date | undefined, now: Date): number | undefined {
  const since = lastUsed ?? created;
  return since ? daysBetween(since, now) : undefined;
}

/**
 * The findings of one user that concern the user as a whole (they appear on each of the user's rows).
 *
 * Unknown facts (a detail that could not be read) never produce a finding.
 *
 * @param user what was read about the user
 * @param thresholds the thresholds
 * @param now the run's start
 * @returns codes, in report order
 */
export function userFindings(user: UserAudit, thresholds: FindingThresholds, now: Date): FindingCode[] {
  const codes: FindingCode[] = [];
  const active = (user.keys ?? []).filter((k) => k.status === "Active");
  if (active.length > 1) codes.push("MULTIPLE_ACTIVE_KEYS");
  if (user.hasLoginProfile) {
    const idle = idleDays(user.passwordLastUsed, user.loginProfileCreateDate ?? user.createDate, now);
    if (idle !== undefined && idle >= thresholds.maxUnusedDays) codes.push("PASSWORD_UNUSED");
    if (user.mfa?.kind === "None") codes.push("CONSOLE_WITHOUT_MFA");
  }
  if (user.directPolicies && user.directPolicies.length > 0) codes.push("DIRECT_POLICIES");
  return codes;
}

/**
 * The findings of one access key.
 *
 * @param key the key and its last use
 * @param user its user
 * @param thresholds the thresholds
 * @param now the run's start
 * @returns codes, in report order
 */
export function keyFindings(
  key: KeyAudit,
  user: UserAudit,
  thresholds: FindingThresholds,
  now: Date,
): FindingCode[] {
  const codes: FindingCode[] = [];
  const known = key.lastUsedError === undefined;
  if (key.status === "Active") {
    if (key.createDate && daysBetween(key.createDate, now) > thresholds.maxKeyAgeDays) {
      codes.push("KEY_NOT_ROTATED");
    }
    const idle = known ? idleDays(key.lastUsedDate, key.createDate, now) : undefined;
    if (idle !== undefined && idle >= thresholds.maxUnusedDays) codes.push("KEY_UNUSED");
  }
  if (
    user.hasLoginProfile && known && key.lastUsedDate === undefined && key.createDate && user.createDate &&
    Math.abs(key.createDate.getTime() - user.createDate.getTime()) <= INITIAL_SETUP_WINDOW_MS
  ) {
    codes.push("KEY_CREATED_WITH_USER");
  }
  if (key.status === "Inactive") codes.push("INACTIVE_KEY");
  return codes;
}

/**
 * The findings of an account's root user.
 *
 * @param root the root posture
 * @returns codes, in report order
 */
export function rootFindings(root: RootPosture): FindingCode[] {
  const codes: FindingCode[] = [];
  if (root.accessKeys !== undefined && root.accessKeys > 0) codes.push("ROOT_ACCESS_KEYS");
  if (root.mfa === "None") codes.push("ROOT_NO_MFA");
  if (root.mfa === "Virtual") codes.push("ROOT_VIRTUAL_MFA");
  if (root.lastConsoleLogin) codes.push("ROOT_USED");
  return codes;
}

/**
 * Orders codes as the reports list them, without duplicates.
 *
 * @param codes codes in any order
 * @returns the same codes in {@link FINDING_CODES} order
 */
export function sortFindings(codes: Iterable<FindingCode>): FindingCode[] {
  const set = new Set(codes);
  return FINDING_CODES.filter((c) => set.has(c));
}

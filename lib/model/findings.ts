/**
 * The findings as data: every code with what it concerns, how urgent it is, and the CIS AWS Foundations
 * Benchmark recommendation it comes from in each version the tool knows (none: the finding is
 * iam-audit's own). A new finding or a new CIS version is a change to these tables, not to the reports;
 * the rules that raise the codes are in `rules.ts`, their words in the language modules.
 *
 * CIS numbers were checked against the benchmarks' own numbering as published in the public compliance
 * mappings of prowler-cloud/prowler (`prowler/compliance/aws/cis_{3.0,4.0,5.0,6.0,7.0}_aws.json`).
 * v5.0 shifted section 1 down by one; v6.0 moved IAM to section 2; v7.0 added the organization-level
 * section 2.1 (2.1.1 centralized root access) and dropped "only one active access key" and "no access
 * keys at initial user setup".
 *
 * @module
 */

/** The CIS AWS Foundations Benchmark versions the findings cite. */
export const CIS_VERSIONS = ["3.0", "4.0", "5.0", "6.0", "7.0"] as const;

/** One of {@link CIS_VERSIONS}. */
export type CisVersion = (typeof CIS_VERSIONS)[number];

/** The version cited by default: the newest. */
export const DEFAULT_CIS: CisVersion = "7.0";

/** Each version's full name, as the console and the HTML report cite it. */
export const CIS_BENCHMARKS: Readonly<Record<CisVersion, string>> = {
  "3.0": "CIS AWS Foundations Benchmark v3.0.0",
  "4.0": "CIS AWS Foundations Benchmark v4.0.1",
  "5.0": "CIS AWS Foundations Benchmark v5.0.0",
  "6.0": "CIS AWS Foundations Benchmark v6.0.0",
  "7.0": "CIS AWS Foundations Benchmark v7.0.0",
};

/**
 * What a finding concerns, and so what it is counted per: an access key, a user, another long-lived
 * credential (service-specific credential, SSH key, signing certificate), an account (its root user),
 * or the organization.
 */
export type FindingScope = "key" | "user" | "credential" | "account" | "organization";

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
   * Root credentials first (they open the whole account), then a console without MFA and keys to paid
   * models, then hygiene that widens exposure over time, then clean-up.
   */
  severity: Severity;
  /** The recommendation in each CIS version that has one. */
  cis: Readonly<Partial<Record<CisVersion, string>>>;
}

/** CIS numbers in version order: 3.0, 4.0, 5.0, 6.0, 7.0; `undefined` where a version has none. */
function cis(...ids: (string | undefined)[]): Partial<Record<CisVersion, string>> {
  const out: Partial<Record<CisVersion, string>> = {};
  CIS_VERSIONS.forEach((version, i) => {
    if (ids[i] !== undefined) out[version] = ids[i];
  });
  return out;
}

/** iam-audit's own findings: no CIS version has them. */
const OWN = {};

/** Every finding code, in the order reports list them. */
export const FINDINGS = {
  KEY_NOT_ROTATED: { scope: "key", severity: "medium", cis: cis("1.14", "1.14", "1.13", "2.13", "2.12") },
  KEY_UNUSED: { scope: "key", severity: "medium", cis: cis("1.12", "1.12", "1.11", "2.11", "2.11") },
  KEY_CREATED_WITH_USER: { scope: "key", severity: "low", cis: cis("1.11", "1.11", "1.10", "2.10") },
  INACTIVE_KEY: { scope: "key", severity: "low", cis: cis("1.12", "1.12", "1.11", "2.11", "2.11") },
  MULTIPLE_ACTIVE_KEYS: { scope: "user", severity: "medium", cis: cis("1.13", "1.13", "1.12", "2.12") },
  PASSWORD_UNUSED: { scope: "user", severity: "medium", cis: cis("1.12", "1.12", "1.11", "2.11", "2.11") },
  CONSOLE_WITHOUT_MFA: { scope: "user", severity: "high", cis: cis("1.10", "1.10", "1.9", "2.9", "2.10") },
  DIRECT_POLICIES: { scope: "user", severity: "low", cis: cis("1.15", "1.15", "1.14", "2.14", "2.13") },
  BEDROCK_API_KEY: { scope: "credential", severity: "high", cis: OWN },
  CREDENTIAL_NO_EXPIRY: { scope: "credential", severity: "medium", cis: OWN },
  CREDENTIAL_NOT_ROTATED: { scope: "credential", severity: "medium", cis: OWN },
  INACTIVE_CREDENTIAL: { scope: "credential", severity: "low", cis: OWN },
  ROOT_ACCESS_KEYS: { scope: "account", severity: "critical", cis: cis("1.4", "1.4", "1.3", "2.3", "2.4") },
  ROOT_NO_MFA: { scope: "account", severity: "critical", cis: cis("1.5", "1.5", "1.4", "2.4", "2.5") },
  ROOT_VIRTUAL_MFA: { scope: "account", severity: "low", cis: cis("1.6", "1.6", "1.5", "2.5", "2.6") },
  ROOT_SIGNING_CERTIFICATES: { scope: "account", severity: "high", cis: OWN },
  ROOT_CREDENTIALS_REMAIN: { scope: "account", severity: "medium", cis: OWN },
  ROOT_USED: { scope: "account", severity: "high", cis: cis("1.7", "1.7", "1.6", "2.6", "2.7") },
  ORG_ROOT_MANAGEMENT_OFF: {
    scope: "organization",
    severity: "medium",
    cis: cis(undefined, undefined, undefined, undefined, "2.1.1"),
  },
} as const satisfies Record<string, FindingInfo>;

/** A finding code. */
export type FindingCode = keyof typeof FINDINGS;

/** Every code, in report order. */
export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];

/**
 * The recommendation a finding cites in a CIS version.
 *
 * @param code the finding
 * @param version the CIS version
 * @returns e.g. `2.12`, or undefined when that version has none (the finding is then iam-audit's own)
 */
export function cisOf(code: FindingCode, version: CisVersion): string | undefined {
  return (FINDINGS[code].cis as Partial<Record<CisVersion, string>>)[version];
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

/** Thresholds of the findings. */
export interface FindingThresholds {
  /** A key (or another credential) older than this many days is not rotated. @default 90 */
  maxKeyAgeDays: number;
  /** A credential unused for this many days or more should be disabled. @default 45 */
  maxUnusedDays: number;
}

/** The default thresholds, as the CIS benchmark sets them. */
export const DEFAULT_THRESHOLDS: FindingThresholds = { maxKeyAgeDays: 90, maxUnusedDays: 45 };

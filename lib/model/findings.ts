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
import type { KeyAudit, UserAudit } from "./records.ts";

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

/** A finding code's documentation. */
export interface FindingInfo {
  scope: FindingScope;
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation. */
  cis: string;
  /** What it means, in English (the README and `--lang en`). */
  en: string;
  /** What it means, in Spanish. */
  es: string;
}

/** Every finding code, in the order reports list them. */
export const FINDINGS = {
  KEY_NOT_ROTATED: {
    scope: "key",
    cis: "1.14",
    en: "Active access key older than --max-key-age days (default 90)",
    es: "Access key activa con más de --max-key-age días (90 por defecto)",
  },
  KEY_UNUSED: {
    scope: "key",
    cis: "1.12",
    en:
      "Active access key not used for --max-unused-days days or more (never used: counted from its creation)",
    es: "Access key activa sin uso durante --max-unused-days días o más (nunca usada: desde su creación)",
  },
  KEY_CREATED_WITH_USER: {
    scope: "key",
    cis: "1.11",
    en: "Access key of a console user, created with the user and never used",
    es: "Access key de un usuario de consola, creada junto con el usuario y nunca usada",
  },
  INACTIVE_KEY: {
    scope: "key",
    cis: "1.12",
    en: "Inactive access key still present (delete it)",
    es: "Access key inactiva que sigue existiendo (eliminarla)",
  },
  MULTIPLE_ACTIVE_KEYS: {
    scope: "user",
    cis: "1.13",
    en: "User with more than one active access key",
    es: "Usuario con más de una access key activa",
  },
  PASSWORD_UNUSED: {
    scope: "user",
    cis: "1.12",
    en:
      "Console password not used for --max-unused-days days or more (never used: counted from its creation)",
    es: "Contraseña de consola sin uso durante --max-unused-days días o más (nunca usada: desde su creación)",
  },
  CONSOLE_WITHOUT_MFA: {
    scope: "user",
    cis: "1.10",
    en: "Console password without any MFA device",
    es: "Contraseña de consola sin ningún dispositivo MFA",
  },
  DIRECT_POLICIES: {
    scope: "user",
    cis: "1.15",
    en: "Policies attached to the user directly instead of through groups (with --policies)",
    es: "Políticas asignadas al usuario directamente en vez de por grupos (con --policies)",
  },
  ROOT_ACCESS_KEYS: {
    scope: "account",
    cis: "1.4",
    en: "The root user has access keys",
    es: "El usuario root tiene access keys",
  },
  ROOT_NO_MFA: {
    scope: "account",
    cis: "1.5",
    en: "The root user has no MFA",
    es: "El usuario root no tiene MFA",
  },
  ROOT_VIRTUAL_MFA: {
    scope: "account",
    cis: "1.6",
    en: "The root user's MFA is virtual, not hardware",
    es: "El MFA del usuario root es virtual, no de hardware",
  },
  ROOT_USED: {
    scope: "account",
    cis: "1.7",
    en: "The root user signed in to the console within the CloudTrail window",
    es: "El usuario root inició sesión en la consola dentro de la ventana de CloudTrail",
  },
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

/** The root user's posture in one account. */
export interface RootPosture {
  /** `None`, `Virtual` or `Hardware`; undefined when it could not be read. */
  mfa?: "None" | "Virtual" | "Hardware";
  /** Number of root access keys; undefined when it could not be read. */
  accessKeys?: number;
  /** Last root console sign-in within the window; undefined when none or not looked up. */
  lastConsoleLogin?: Date;
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

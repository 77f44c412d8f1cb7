/**
 * The rules: what an auditor would flag, computed from what was read. Pure functions; a fact that could
 * not be read never produces a finding.
 *
 * @module
 */
import { daysBetween } from "../util/dates.ts";
import type { FindingCode, FindingThresholds } from "./findings.ts";
import type { KeyAudit, OtherCredential, RootManagement, RootPosture, UserAudit } from "./records.ts";

/** A key created this close to its user, and never used, was set up with the user (CIS "initial setup"). */
export const INITIAL_SETUP_WINDOW_MS = 10 * 60_000;

/**
 * Services whose service-specific credentials (API keys) can be given an expiry: leaving it unset is a
 * choice worth flagging. CodeCommit Git credentials and Keyspaces passwords cannot expire; they are
 * flagged when they grow old instead.
 */
export const EXPIRING_SERVICES: readonly string[] = ["bedrock.amazonaws.com", "logs.amazonaws.com"];

/** The service of Amazon Bedrock API keys. */
export const BEDROCK = "bedrock.amazonaws.com";

/** Days since the later of a credential's last use and (when never used) its creation. */
function idleDays(lastUsed: Date | undefined, created: Date | undefined, now: Date): number | undefined {
  const since = lastUsed ?? created;
  return since ? daysBetween(since, now) : undefined;
}

/**
 * The findings of one user that concern the user as a whole (they appear on each of the user's rows).
 *
 * @param user what was read about the user
 * @param thresholds the thresholds
 * @param now the run's start
 * @returns codes
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
 * @returns codes
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
 * The findings of a long-lived credential other than an access key. An expired service-specific
 * credential counts as left behind, like an inactive one.
 *
 * @param credential the credential
 * @param thresholds the thresholds (`maxKeyAgeDays` applies to every long-lived credential)
 * @param now the run's start
 * @returns codes
 */
export function credentialFindings(
  credential: OtherCredential,
  thresholds: FindingThresholds,
  now: Date,
): FindingCode[] {
  const codes: FindingCode[] = [];
  const active = credential.status === "Active" &&
    !(credential.expiration && credential.expiration.getTime() <= now.getTime());
  if (active && credential.serviceName === BEDROCK) codes.push("BEDROCK_API_KEY");
  if (active && !credential.expiration && EXPIRING_SERVICES.includes(credential.serviceName ?? "")) {
    codes.push("CREDENTIAL_NO_EXPIRY");
  }
  if (active && credential.createDate && daysBetween(credential.createDate, now) > thresholds.maxKeyAgeDays) {
    codes.push("CREDENTIAL_NOT_ROTATED");
  }
  if (credential.status !== undefined && !active) codes.push("INACTIVE_CREDENTIAL");
  return codes;
}

/** The state of an account's root user, as the accounts report names it. */
export type RootState = "no_credentials" | "credentials_remain" | "hardware_mfa" | "virtual_mfa" | "no_mfa";

/**
 * The state of an account's root user: without any credential (what central root access management
 * leaves, and the good state); with credentials that central management should have removed; or, with
 * a password or keys, by its MFA.
 *
 * The management account's root user keeps its credentials whatever the feature (AWS removes member
 * accounts' only), so it is judged by its MFA.
 *
 * @param root the root posture
 * @param management the organization's central root access management
 * @param isManagementAccount whether this is the organization's management account
 * @returns the state, or undefined when the posture could not be read
 */
export function rootState(
  root: RootPosture,
  management: RootManagement | undefined,
  isManagementAccount: boolean,
): RootState | undefined {
  if (root.mfa === undefined || root.accessKeys === undefined) return undefined;
  const credentials = root.password !== false || root.accessKeys > 0 || (root.signingCertificates ?? 0) > 0 ||
    root.mfa !== "None";
  if (!credentials) return "no_credentials";
  if (management?.state === "enabled" && !isManagementAccount) return "credentials_remain";
  return root.mfa === "Hardware" ? "hardware_mfa" : root.mfa === "Virtual" ? "virtual_mfa" : "no_mfa";
}

/**
 * The findings of an account's root user, and of the organization on its management account.
 *
 * `ROOT_NO_MFA` is raised only where root has something to sign in with — a password (or one not known
 * to be absent) or access keys: an account whose root credentials were removed has no MFA, and that is
 * the good state.
 *
 * @param root the root posture
 * @param management the organization's central root access management
 * @param isManagementAccount whether this is the organization's management account
 * @returns codes
 */
export function rootFindings(
  root: RootPosture,
  management: RootManagement | undefined,
  isManagementAccount: boolean,
): FindingCode[] {
  const codes: FindingCode[] = [];
  const keys = root.accessKeys ?? 0;
  if (keys > 0) codes.push("ROOT_ACCESS_KEYS");
  if (root.mfa === "None" && (root.password !== false || keys > 0)) codes.push("ROOT_NO_MFA");
  if (root.mfa === "Virtual") codes.push("ROOT_VIRTUAL_MFA");
  if ((root.signingCertificates ?? 0) > 0) codes.push("ROOT_SIGNING_CERTIFICATES");
  if (rootState(root, management, isManagementAccount) === "credentials_remain") {
    codes.push("ROOT_CREDENTIALS_REMAIN");
  }
  if (root.lastConsoleLogin) codes.push("ROOT_USED");
  if (isManagementAccount && management?.state === "disabled") codes.push("ORG_ROOT_MANAGEMENT_OFF");
  return codes;
}

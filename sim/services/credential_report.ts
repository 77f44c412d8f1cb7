/**
 * The IAM credential report (GetCredentialReport's CSV), in AWS's column layout.
 *
 * @module
 */

import type { AccountIndex } from "../account_index.ts";
import type { AccessKey, SigningCertificate } from "../scenario.ts";

const COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  ...[1, 2].flatMap((n) => [
    `access_key_${n}_active`,
    `access_key_${n}_last_rotated`,
    `access_key_${n}_last_used_date`,
    `access_key_${n}_last_used_region`,
    `access_key_${n}_last_used_service`,
  ]),
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
];

/** The report writes dates as `2024-01-02T03:04:05+00:00`. */
function reportDate(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function keyColumns(key: AccessKey | undefined): string[] {
  if (!key) return ["false", "N/A", "N/A", "N/A", "N/A"];
  const used = key.lastUsed;
  return [
    String(key.status === "Active"),
    reportDate(key.createDate),
    used ? reportDate(used.date) : "N/A",
    used ? used.region : "N/A",
    used ? used.service : "N/A",
  ];
}

function certColumns(cert: SigningCertificate | undefined): string[] {
  return cert ? [String(cert.status === "Active"), reportDate(cert.uploadDate)] : ["false", "N/A"];
}

/**
 * The CSV of `account`'s credential report.
 *
 * @param account the account's IAM index
 * @returns the report, one row for the root user then one per IAM user
 */
export function credentialReportCsv(account: AccountIndex): string {
  const a = account.account;
  const root = account.root;
  const rows: string[][] = [COLUMNS];
  rows.push([
    "<root_account>",
    `arn:aws:iam::${a.id}:root`,
    reportDate(a.joinedTimestamp),
    "not_supported",
    root.password ? "no_information" : "N/A",
    "not_supported",
    "not_supported",
    String(root.mfa !== "none"),
    ...(root.accessKeysPresent >= 1 ? ["true", "N/A", "N/A", "N/A", "N/A"] : keyColumns(undefined)),
    ...(root.accessKeysPresent >= 2 ? ["true", "N/A", "N/A", "N/A", "N/A"] : keyColumns(undefined)),
    ...(root.signingCertificates >= 1 ? ["true", "N/A"] : certColumns(undefined)),
    ...(root.signingCertificates >= 2 ? ["true", "N/A"] : certColumns(undefined)),
  ]);
  for (const entry of account.users) {
    const u = entry.user;
    const hasPassword = !!u.loginProfile;
    rows.push([
      u.name,
      entry.arn,
      reportDate(u.createDate),
      String(hasPassword),
      !hasPassword ? "N/A" : u.passwordLastUsed ? reportDate(u.passwordLastUsed) : "no_information",
      hasPassword ? reportDate(u.loginProfile!.createDate) : "N/A",
      "N/A",
      String(u.mfaDevices.length > 0),
      ...keyColumns(u.accessKeys[0]),
      ...keyColumns(u.accessKeys[1]),
      ...certColumns(u.signingCertificates?.[0]),
      ...certColumns(u.signingCertificates?.[1]),
    ]);
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\n");
}

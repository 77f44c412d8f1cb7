/**
 * The HTML report's numbers computed again, independently, from the CSV reports the command wrote:
 * the oracle the browser test holds the page to. Parsing cells back is what a reader of the CSVs does,
 * and it is fine here, in test code; the product reads its numbers from the run's tally instead.
 *
 * @module
 */
import type { TermWords } from "../../lib/i18n/words.ts";
import { DEFAULT_THRESHOLDS, FINDINGS, SEVERITY_WEIGHT } from "../../lib/model/findings.ts";

/** A CSV row: column name to cell. */
export type CsvRow = Readonly<Record<string, string>>;

/**
 * The codes of a `findings` cell.
 *
 * @param cell `;`-separated codes, or nothing
 * @returns the codes
 */
export function findingCodes(cell: string | undefined): string[] {
  return (cell ?? "").split(";").map((c) => c.trim()).filter((c) => c !== "");
}

/**
 * A row's risk score, as the page ranks rows: the sum of its codes' severity weights.
 *
 * @param codes the row's codes
 * @returns the score
 */
export function riskScore(codes: readonly string[]): number {
  return codes.reduce(
    (sum, code) => sum + SEVERITY_WEIGHT[FINDINGS[code as keyof typeof FINDINGS].severity],
    0,
  );
}

/**
 * A key's age.
 *
 * @param row an IAM report row
 * @returns `key_age_days`, or undefined when empty
 */
export function keyAgeDays(row: CsvRow): number | undefined {
  return row.key_age_days === "" ? undefined : Number(row.key_age_days);
}

const isKey = (row: CsvRow) => row.access_key_id !== "";
const userOf = (row: CsvRow) => `${row.account_id}\u0000${row.username}`;
/** Accounts whose rows and root are reported: audited completely or not. */
const reported = (account: CsvRow) => account.audit_result === "audited" || account.audit_result === "failed";

/**
 * The headline numbers, by the page's `data-kpi` names.
 *
 * @param iam the IAM report's rows
 * @param accounts the accounts report's rows
 * @param terms the words the reports were written with
 * @param maxKeyAgeDays the run's `--max-key-age`
 * @returns each headline's number
 */
export function headlines(
  iam: readonly CsvRow[],
  accounts: readonly CsvRow[],
  terms: TermWords,
  maxKeyAgeDays = DEFAULT_THRESHOLDS.maxKeyAgeDays,
): Record<string, number> {
  const outcome = (result: string) => accounts.filter((a) => a.audit_result === result).length;
  return {
    users: new Set(iam.map(userOf)).size,
    activeKeys: iam.filter((r) => isKey(r) && r.status === "Active").length,
    keysOverMaxAge: iam.filter((r) => isKey(r) && (keyAgeDays(r) ?? 0) > maxKeyAgeDays).length,
    keysNeverUsed: iam.filter((r) => isKey(r) && r.last_used_date === terms.keyNeverUsed).length,
    consoleUsersWithoutMfa: new Set(
      iam.filter((r) => findingCodes(r.findings).includes("CONSOLE_WITHOUT_MFA")).map(userOf),
    ).size,
    // Root keys, or no MFA on a root that has something to sign in with (a password or keys).
    accountsWithRootIssues: accounts.filter((a) =>
      reported(a) &&
      (Number(a.root_access_keys || 0) > 0 || (a.root_mfa === "None" && a.root_password !== "false"))
    ).length,
    accountsAudited: outcome("audited"),
    accountsFailed: outcome("failed"),
    accountsSkipped: outcome("skipped"),
    accountsInterrupted: outcome("interrupted"),
  };
}

/**
 * Console users with MFA, out of all console users (each user once).
 *
 * @param iam the IAM report's rows
 * @param terms the words the reports were written with
 * @returns `[with MFA, console users]`
 */
export function consoleMfa(iam: readonly CsvRow[], terms: TermWords): [number, number] {
  const users = new Map<string, CsvRow>(iam.map((r) => [userOf(r), r]));
  const console = [...users.values()].filter((r) => r.password_status === terms.passwordConfigured);
  return [
    console.filter((r) => r.mfa_status === "Hardware" || r.mfa_status === "Virtual").length,
    console.length,
  ];
}

/**
 * Each code's count as the legend gives it: a key finding once per key, a credential finding once
 * per credential, a user finding once per user, an account finding once per account.
 *
 * @param iam the IAM report's rows
 * @param accounts the accounts report's rows
 * @param credentials the credentials report's rows
 * @returns the count of every code that occurs
 */
export function countFindings(
  iam: readonly CsvRow[],
  accounts: readonly CsvRow[],
  credentials: readonly CsvRow[] = [],
): Map<string, number> {
  const seen = new Set<string>();
  for (const row of credentials) {
    for (const code of findingCodes(row.findings)) {
      seen.add(`${code}\u0000${row.account_id}\u0000${row.credential_id}`);
    }
  }
  for (const row of iam) {
    for (const code of findingCodes(row.findings)) {
      const key = FINDINGS[code as keyof typeof FINDINGS].scope === "key";
      seen.add(`${code}\u0000${userOf(row)}${key ? `\u0000${row.access_key_id}` : ""}`);
    }
  }
  for (const a of accounts) {
    for (const code of findingCodes(a.findings)) seen.add(`${code}\u0000${a.account_id}`);
  }
  const counts = new Map<string, number>();
  for (const entry of seen) {
    const code = entry.split("\u0000")[0];
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/**
 * The findings summary printed at the end of a run: per finding code, how many keys, users and
 * accounts it concerns, and the ten accounts with the most findings. Built incrementally, one account
 * at a time, in memory that does not grow with the number of accounts.
 *
 * @module
 */
import { FINDING_CODES, type FindingCode, FINDINGS } from "../model/findings.ts";
import type { Lang } from "../i18n/messages.ts";
import { type AccountRow, type IamRow, LIST_SEPARATOR } from "../report/rows.ts";

/** Counts of one finding code. */
export interface CodeCounts {
  keys: number;
  users: number;
  accounts: number;
}

/** An account and its number of findings. */
export interface AccountFindings {
  id: string;
  name: string;
  findings: number;
}

/** How many accounts the ranking keeps. */
const TOP = 10;

function codesOf(cell: unknown): FindingCode[] {
  return typeof cell === "string" && cell !== "" ? cell.split(LIST_SEPARATOR) as FindingCode[] : [];
}

/** Accumulates the findings of a run. */
export class FindingsSummary {
  readonly #counts = new Map<FindingCode, CodeCounts>(
    FINDING_CODES.map((c) => [c, { keys: 0, users: 0, accounts: 0 }]),
  );
  #top: AccountFindings[] = [];

  /**
   * Adds one account's rows.
   *
   * @param account the account's row in the accounts report (root findings)
   * @param iam the account's rows in the IAM report
   */
  add(account: AccountRow, iam: readonly IamRow[]): void {
    let total = 0;
    const usersByCode = new Map<FindingCode, Set<string>>();
    const inAccount = new Set<FindingCode>();
    const userCodesCounted = new Set<string>();
    for (const row of iam) {
      const user = String(row.username);
      for (const code of codesOf(row.findings)) {
        inAccount.add(code);
        let users = usersByCode.get(code);
        if (!users) usersByCode.set(code, users = new Set());
        users.add(user);
        if (FINDINGS[code].scope === "key") {
          this.#counts.get(code)!.keys++;
          total++;
        } else if (!userCodesCounted.has(`${code}\u0000${user}`)) {
          // A user-level finding is on each of the user's rows: count it once per user.
          userCodesCounted.add(`${code}\u0000${user}`);
          total++;
        }
      }
    }
    for (const [code, users] of usersByCode) this.#counts.get(code)!.users += users.size;
    for (const code of codesOf(account.findings)) {
      inAccount.add(code);
      total++;
    }
    for (const code of inAccount) this.#counts.get(code)!.accounts++;
    if (total > 0) {
      this.#rank({ id: String(account.account_id), name: String(account.account_name), findings: total });
    }
  }

  #rank(entry: AccountFindings): void {
    if (this.#top.length === TOP && this.#top[TOP - 1].findings >= entry.findings) return;
    this.#top.push(entry);
    this.#top.sort((a, b) => b.findings - a.findings || a.id.localeCompare(b.id));
    if (this.#top.length > TOP) this.#top.pop();
  }

  /** Counts per code, in report order. */
  get counts(): ReadonlyMap<FindingCode, CodeCounts> {
    return this.#counts;
  }

  /** The (up to) ten accounts with the most findings, most first. */
  get topAccounts(): readonly AccountFindings[] {
    return this.#top;
  }

  /**
   * The summary as console lines.
   *
   * @param lang language of the labels
   * @returns the lines, without trailing newlines
   */
  format(lang: Lang): string[] {
    const t = lang === "en"
      ? {
        title: "Findings (CIS AWS Foundations Benchmark v3.0.0)",
        none: "No findings.",
        keys: "keys",
        users: "users",
        accounts: "accounts",
        top: "Accounts with the most findings:",
      }
      : {
        title: "Hallazgos (CIS AWS Foundations Benchmark v3.0.0)",
        none: "Sin hallazgos.",
        keys: "claves",
        users: "usuarios",
        accounts: "cuentas",
        top: "Cuentas con más hallazgos:",
      };
    const found = FINDING_CODES.filter((code) => this.#counts.get(code)!.accounts > 0);
    if (found.length === 0) return [`${t.title}: ${t.none}`];
    const width = Math.max(...found.map((c) => c.length));
    const lines = [`${t.title}:`];
    for (const code of found) {
      const c = this.#counts.get(code)!;
      const info = FINDINGS[code];
      const parts = info.scope === "key" ? [`${t.keys}: ${c.keys}`] : [];
      if (info.scope !== "account") parts.push(`${t.users}: ${c.users}`);
      parts.push(`${t.accounts}: ${c.accounts}`);
      lines.push(`  ${code.padEnd(width)}  CIS ${info.cis.padEnd(4)}  ${parts.join("  ")}`);
    }
    lines.push(t.top);
    for (const a of this.#top) lines.push(`  ${a.name} (${a.id}): ${a.findings}`);
    return lines;
  }
}

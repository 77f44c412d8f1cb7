/**
 * What changed between an earlier run and this one, account by account as this run's accounts finish:
 * accounts, users, access keys and other credentials added or removed, a status changed (a key
 * deactivated), a console password created or deleted, MFA removed, the root user's state changed,
 * findings opened or resolved. What cannot be compared is said, not guessed: an account outside either
 * run's scope, or not audited completely in either run, is "not compared", with the reason — never a
 * false removal.
 *
 * Memory: the earlier run's snapshot is held (it is the comparison's input); this run's accounts are
 * compared as they finish and their entries dropped from it, so what is left at the end is what this run
 * did not see.
 *
 * @module
 */
import { FINDINGS, type Severity } from "../model/findings.ts";
import type { PreviousRun } from "./previous_run.ts";
import { ACCESS_KEY, type AccountSnapshot, type CredentialSnapshot } from "./snapshot.ts";

/** What changed. */
export type ChangeKind =
  | "account_added"
  | "account_removed"
  | "account_state_changed"
  | "user_added"
  | "user_removed"
  | "credential_added"
  | "credential_removed"
  | "credential_status_changed"
  | "password_added"
  | "password_removed"
  | "mfa_changed"
  | "root_changed"
  | "root_management_changed"
  | "finding_opened"
  | "finding_resolved"
  | "not_compared";

/** The kinds of change counted, in the order summaries list them: the account, then down to findings. */
export const CHANGE_KINDS = [
  "finding_opened",
  "finding_resolved",
  "account_added",
  "account_removed",
  "account_state_changed",
  "root_changed",
  "root_management_changed",
  "user_added",
  "user_removed",
  "password_added",
  "password_removed",
  "mfa_changed",
  "credential_added",
  "credential_removed",
  "credential_status_changed",
] as const satisfies readonly Exclude<ChangeKind, "not_compared">[];

/** Why something could not be compared. */
export type NotComparedReason = (typeof NOT_COMPARED_REASONS)[number];

/** The reasons, in the order summaries list them: the runs' settings first, then accounts. */
export const NOT_COMPARED_REASONS = [
  "no_findings_before",
  "thresholds_differ",
  "window_differs",
  "outside_previous_scope",
  "outside_current_scope",
  "incomplete_previous",
  "incomplete_current",
  "no_credentials_before",
] as const;

/** One change. */
export interface Change {
  kind: ChangeKind;
  /** How much it matters: an opened finding's severity, MFA removed high, a removal low, … */
  severity: Severity;
  account?: { id: string; name: string };
  user?: string;
  /** `access_key`, or the credentials report's type. */
  credentialType?: string;
  credentialId?: string;
  finding?: string;
  before?: string;
  after?: string;
  /** For `not_compared`: why. */
  reason?: NotComparedReason;
}

/** How the runs were scoped, for what cannot be compared. */
export interface ComparisonScope {
  /** This run covers the whole organization (no `--accounts`, `--exclude-accounts`, `--ou`). */
  currentWhole: boolean;
  /** The earlier run covered the whole organization (its manifest says so; assumed without one). */
  previousWhole: boolean;
  /** Whether the earlier run read policies (DIRECT_POLICIES is compared only when both did). */
  previousPolicies: boolean;
  currentPolicies: boolean;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * Orders changes worst first: severity, then opened findings before other changes, then by account, user
 * and credential, so the order does not depend on timing.
 *
 * @param a a change
 * @param b another
 * @returns the order
 */
export function worstFirst(a: Change, b: Change): number {
  return RANK[b.severity] - RANK[a.severity] ||
    Number(b.kind === "finding_opened") - Number(a.kind === "finding_opened") ||
    (a.account?.id ?? "").localeCompare(b.account?.id ?? "") ||
    (a.user ?? "").localeCompare(b.user ?? "") ||
    (a.credentialId ?? "").localeCompare(b.credentialId ?? "") ||
    (a.finding ?? "").localeCompare(b.finding ?? "");
}

/** Compares this run's accounts with an earlier run's, one at a time. */
export class Comparison {
  readonly previous: PreviousRun;
  readonly #scope: ComparisonScope;

  /**
   * @param previous the earlier run (its snapshot is consumed as accounts are compared)
   * @param scope how the two runs were scoped
   */
  constructor(previous: PreviousRun, scope: ComparisonScope) {
    this.previous = previous;
    this.#scope = scope;
  }

  /**
   * The changes of one account of this run.
   *
   * @param current the account as this run saw it
   * @returns its changes (none when nothing changed)
   */
  account(current: AccountSnapshot): Change[] {
    const before = this.previous.accounts.get(current.id);
    this.previous.accounts.delete(current.id);
    const account = { id: current.id, name: current.name };
    if (!before) {
      if (current.result === "skipped") return [];
      return this.#scope.previousWhole
        ? [{ kind: "account_added", severity: "medium", account, after: current.state }]
        : [{ kind: "not_compared", severity: "low", account, reason: "outside_previous_scope" }];
    }
    const changes: Change[] = [];
    if (before.state !== undefined && before.state !== current.state) {
      changes.push({
        kind: "account_state_changed",
        severity: "low",
        account,
        before: before.state,
        after: current.state,
      });
    }
    if (current.result !== "audited") {
      if (current.result !== "skipped") {
        changes.push({ kind: "not_compared", severity: "low", account, reason: "incomplete_current" });
      }
      return changes;
    }
    if (before.result !== undefined && before.result !== "audited") {
      changes.push({ kind: "not_compared", severity: "low", account, reason: "incomplete_previous" });
      return changes;
    }
    const findings = this.previous.findings;
    if (this.previous.accountsReport) {
      if (before.root !== undefined && current.root !== undefined && before.root !== current.root) {
        changes.push({
          kind: "root_changed",
          severity: rootSeverity(current.root),
          account,
          before: before.root,
          after: current.root,
        });
      }
      if (
        before.centralRootManagement !== undefined && current.centralRootManagement !== undefined &&
        before.centralRootManagement !== current.centralRootManagement
      ) {
        changes.push({
          kind: "root_management_changed",
          severity: current.centralRootManagement === "enabled" ? "low" : "high",
          account,
          before: before.centralRootManagement,
          after: current.centralRootManagement,
        });
      }
      if (findings) changes.push(...this.#findingChanges(before.findings, current.findings, { account }));
    }
    changes.push(...this.#users(before, current, account));
    changes.push(...this.#credentials(before, current, account));
    return changes;
  }

  /**
   * What this run did not see of the earlier run: removed accounts (when this run covered the whole
   * organization and completed), else accounts not compared.
   *
   * @param completed whether this run completed (an interrupted run did not see every account)
   * @returns the changes
   */
  rest(completed: boolean): Change[] {
    const changes: Change[] = [];
    for (const before of this.previous.accounts.values()) {
      const account = { id: before.id, name: before.name };
      if (this.#scope.currentWhole && completed) {
        changes.push({ kind: "account_removed", severity: "low", account, before: before.state });
      } else {
        changes.push({ kind: "not_compared", severity: "low", account, reason: "outside_current_scope" });
      }
    }
    this.previous.accounts.clear();
    return changes;
  }

  #users(before: AccountSnapshot, current: AccountSnapshot, account: { id: string; name: string }): Change[] {
    const changes: Change[] = [];
    const findings = this.previous.findings;
    for (const [name, now] of current.users) {
      const was = before.users.get(name);
      if (!was) {
        changes.push({ kind: "user_added", severity: "medium", account, user: name });
        for (const code of now.findings) changes.push(opened(code, { account, user: name }));
        continue;
      }
      if (was.password !== undefined && now.password !== undefined && was.password !== now.password) {
        changes.push({
          kind: now.password ? "password_added" : "password_removed",
          severity: now.password ? "medium" : "low",
          account,
          user: name,
        });
      }
      if (was.mfa !== undefined && now.mfa !== undefined && was.mfa !== now.mfa) {
        changes.push({
          kind: "mfa_changed",
          severity: now.mfa === "None" ? "high" : "low",
          account,
          user: name,
          before: was.mfa,
          after: now.mfa,
        });
      }
      if (findings) {
        changes.push(...this.#findingChanges(was.findings, now.findings, { account, user: name }));
      }
    }
    for (const [name, was] of before.users) {
      if (current.users.has(name)) continue;
      changes.push({ kind: "user_removed", severity: "low", account, user: name });
      if (findings) {
        for (const code of was.findings) changes.push(resolved(code, { account, user: name }));
      }
    }
    return changes;
  }

  #credentials(
    before: AccountSnapshot,
    current: AccountSnapshot,
    account: { id: string; name: string },
  ): Change[] {
    const changes: Change[] = [];
    const findings = this.previous.findings;
    // Credentials other than access keys are compared only with a run that inventoried them.
    const compared = (c: CredentialSnapshot) => c.type === ACCESS_KEY || this.previous.credentials;
    let skipped = false;
    for (const [id, now] of current.credentials) {
      if (!compared(now)) {
        skipped = true;
        continue;
      }
      const where = { account, user: now.user, credentialType: now.type, credentialId: id };
      const was = before.credentials.get(id);
      if (!was) {
        changes.push({
          kind: "credential_added",
          severity: now.status === "Active" ? "medium" : "low",
          ...where,
          after: now.status,
        });
        for (const code of now.findings) changes.push(opened(code, where));
        continue;
      }
      if (was.status !== undefined && now.status !== undefined && was.status !== now.status) {
        changes.push({
          kind: "credential_status_changed",
          severity: now.status === "Active" ? "medium" : "low",
          ...where,
          before: was.status,
          after: now.status,
        });
      }
      if (findings) changes.push(...this.#findingChanges(was.findings, now.findings, where));
    }
    for (const [id, was] of before.credentials) {
      if (current.credentials.has(id) || !compared(was)) continue;
      const where = { account, user: was.user, credentialType: was.type, credentialId: id };
      changes.push({ kind: "credential_removed", severity: "low", ...where, before: was.status });
      if (findings) { for (const code of was.findings) changes.push(resolved(code, where)); }
    }
    if (skipped) {
      changes.push({ kind: "not_compared", severity: "low", account, reason: "no_credentials_before" });
    }
    return changes;
  }

  #findingChanges(
    before: Set<string>,
    after: Set<string>,
    where: Omit<Change, "kind" | "severity">,
  ): Change[] {
    const changes: Change[] = [];
    const comparable = (code: string) =>
      code !== "DIRECT_POLICIES" || (this.#scope.previousPolicies && this.#scope.currentPolicies);
    for (const code of after) if (!before.has(code) && comparable(code)) changes.push(opened(code, where));
    for (const code of before) if (!after.has(code) && comparable(code)) changes.push(resolved(code, where));
    return changes;
  }
}

function severityOf(code: string): Severity {
  return (FINDINGS as Record<string, { severity: Severity }>)[code]?.severity ?? "low";
}

function opened(code: string, where: Omit<Change, "kind" | "severity">): Change {
  return { kind: "finding_opened", severity: severityOf(code), ...where, finding: code };
}

function resolved(code: string, where: Omit<Change, "kind" | "severity">): Change {
  return { kind: "finding_resolved", severity: "low", ...where, finding: code };
}

/** A root state that got worse matters; one that got better less. */
function rootSeverity(state: string): Severity {
  return state === "no_mfa" || state === "None"
    ? "critical"
    : state === "credentials_remain"
    ? "medium"
    : "low";
}

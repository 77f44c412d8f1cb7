/**
 * The comparison's rules on snapshots made by hand: what is compared, what is said not to be, and the
 * order of the worst changes.
 */
import assert from "node:assert/strict";
import { ChangeTally, WORST_CHANGES } from "../lib/compare/change_tally.ts";
import { type Change, Comparison, type ComparisonScope } from "../lib/compare/diff.ts";
import type { PreviousRun } from "../lib/compare/previous_run.ts";
import type { AccountSnapshot } from "../lib/compare/snapshot.ts";

function account(id: string, fields: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    id,
    name: `acct-${id}`,
    state: "ACTIVE",
    result: "audited",
    findings: new Set(),
    users: new Map(),
    credentials: new Map(),
    ...fields,
  };
}

function previous(accounts: AccountSnapshot[], fields: Partial<PreviousRun> = {}): PreviousRun {
  return {
    dir: "/tmp",
    stamp: "20261125_000000",
    startedAt: new Date("2026-11-25T00:00:00Z"),
    accounts: new Map(accounts.map((a) => [a.id, a])),
    findings: true,
    credentials: true,
    accountsReport: true,
    ...fields,
  };
}

const WHOLE: ComparisonScope = {
  currentWhole: true,
  previousWhole: true,
  previousPolicies: false,
  currentPolicies: false,
};

const kinds = (changes: Change[]) => changes.map((c) => `${c.kind}${c.reason ? `:${c.reason}` : ""}`).sort();

Deno.test("an interrupted run removes nothing: the accounts it did not reach are not compared", () => {
  const comparison = new Comparison(previous([account("1"), account("2")]), WHOLE);
  assert.deepEqual(kinds(comparison.account(account("1"))), []);
  assert.deepEqual(kinds(comparison.rest(false)), ["not_compared:outside_current_scope"]);
  const complete = new Comparison(previous([account("1"), account("2")]), WHOLE);
  complete.account(account("1"));
  assert.deepEqual(kinds(complete.rest(true)), ["account_removed"]);
});

Deno.test("an account that failed in either run is not compared, its users never 'removed'", () => {
  const users = new Map([["alice", {
    name: "alice",
    password: true,
    mfa: "Virtual",
    findings: new Set<string>(),
  }]]);
  const before = previous([account("1", { users }), account("2", { result: "failed" })]);
  const comparison = new Comparison(before, WHOLE);
  assert.deepEqual(kinds(comparison.account(account("1", { result: "failed" }))), [
    "not_compared:incomplete_current",
  ]);
  assert.deepEqual(kinds(comparison.account(account("2"))), ["not_compared:incomplete_previous"]);
  // A suspended account is skipped: its state change is reported, its contents are not compared.
  const third = new Comparison(previous([account("3", { users })]), WHOLE);
  assert.deepEqual(kinds(third.account(account("3", { state: "SUSPENDED", result: "skipped" }))), [
    "account_state_changed",
  ]);
});

Deno.test("credentials other than access keys are compared only with a run that inventoried them", () => {
  const key = { id: "AKIA1", user: "u", type: "access_key", status: "Active", findings: new Set<string>() };
  const ssh = {
    id: "APKA1",
    user: "u",
    type: "ssh_public_key",
    status: "Active",
    findings: new Set<string>(),
  };
  const before = previous([account("1")], { credentials: false });
  const comparison = new Comparison(before, WHOLE);
  const now = account("1", { credentials: new Map([["AKIA1", key], ["APKA1", ssh]]) });
  assert.deepEqual(kinds(comparison.account(now)), [
    "credential_added",
    "not_compared:no_credentials_before",
  ]);
});

Deno.test("DIRECT_POLICIES is compared only when both runs read policies", () => {
  const was = { name: "u", password: false, mfa: "None", findings: new Set<string>() };
  const now = { name: "u", password: false, mfa: "None", findings: new Set(["DIRECT_POLICIES"]) };
  const run = (scope: ComparisonScope) =>
    new Comparison(previous([account("1", { users: new Map([["u", was]]) })]), scope)
      .account(account("1", { users: new Map([["u", now]]) }));
  assert.deepEqual(kinds(run(WHOLE)), []);
  assert.deepEqual(kinds(run({ ...WHOLE, previousPolicies: true, currentPolicies: true })), [
    "finding_opened",
  ]);
});

Deno.test("the tally keeps the worst changes, worst first, whatever the order they come in", () => {
  const tally = new ChangeTally(new Date());
  const changes: Change[] = [];
  for (let i = 0; i < 30; i++) {
    const severity = (["low", "medium", "high", "critical"] as const)[i % 4];
    changes.push({
      kind: "finding_opened",
      severity,
      account: { id: String(100 + i), name: "a" },
      finding: "X",
    });
  }
  for (const c of [...changes].reverse()) tally.add([c]);
  assert.equal(tally.worst.length, WORST_CHANGES);
  assert.deepEqual(tally.worst.slice(0, 8).map((c) => c.severity), [
    "critical",
    "critical",
    "critical",
    "critical",
    "critical",
    "critical",
    "critical",
    "high",
  ]);
  assert.equal(tally.total, 30);
  assert.deepEqual(tally.byKind, [["finding_opened", 30]]);
});

/**
 * Sets up the comparison of this run with an earlier one: what each run's scope lets be compared, and
 * the run-level notes (what the runs' settings leave uncompared), from the earlier run's manifest and
 * this run's.
 *
 * @module
 */
import type { ManifestInput } from "../report/manifest.ts";
import { wholeOrganization } from "../report/manifest.ts";
import type { AssessedAccount } from "../model/assessment.ts";
import { ChangeTally } from "./change_tally.ts";
import { type Change, Comparison, worstFirst } from "./diff.ts";
import { snapshotOf } from "./snapshot.ts";
import { firstSeenIn } from "./first_seen.ts";
import type { SeenTimes } from "../report/ocsf.ts";
import type { PreviousRun } from "./previous_run.ts";

/** A CloudTrail window counts as another when its length differs by more than this. */
const WINDOW_SLACK_MS = 60 * 60 * 1000;

/** One account compared. */
export interface AccountComparison {
  changes: Change[];
  /** When a finding of the account (by its OCSF uid) was first seen, as far as the earlier run tells. */
  seen(uid: string): SeenTimes | undefined;
}

/** The comparison as the run drives it: notes first, each account as it finishes, then the rest. */
export interface RunComparison {
  /** Counts and the worst changes, for the console and the HTML page. */
  readonly tally: ChangeTally;
  /** What the runs' settings leave uncompared (rows with no account); counted. */
  readonly notes: readonly Change[];
  /**
   * One account's changes, worst first (counted), and when its findings were first seen.
   *
   * @param assessed the account as this run assessed it
   */
  account(assessed: AssessedAccount): AccountComparison;
  /**
   * What this run did not see of the earlier one (removed, or not compared), worst first; counted.
   *
   * @param completed whether this run completed
   */
  rest(completed: boolean): Change[];
}

/**
 * The comparison of this run with an earlier one.
 *
 * @param previous the earlier run, read back
 * @param current what this run was asked to do
 * @returns the comparison
 */
export function compareRuns(previous: PreviousRun, current: ManifestInput): RunComparison {
  const before = previous.manifest;
  const comparison = new Comparison(previous, {
    currentWhole: wholeOrganization(current),
    // An earlier version wrote no manifest; the original tool had no scope flags: the whole organization.
    previousWhole: before ? wholeOrganization(before) : true,
    previousPolicies: before?.policies ?? false,
    currentPolicies: current.policies,
  });
  const notes: Change[] = [];
  const note = (reason: Change["reason"]) => notes.push({ kind: "not_compared", severity: "low", reason });
  if (!previous.findings) note("no_findings_before");
  if (
    before?.thresholds &&
    (before.thresholds.maxKeyAgeDays !== current.thresholds.maxKeyAgeDays ||
      before.thresholds.maxUnusedDays !== current.thresholds.maxUnusedDays)
  ) {
    note("thresholds_differ");
  }
  if (before?.window) {
    const length = (since: number, until: number) => until - since;
    const was = length(Date.parse(before.window.since), Date.parse(before.window.until));
    const now = length(current.since.getTime(), current.until.getTime());
    if (before.cloudTrail !== current.cloudTrail || Math.abs(was - now) > WINDOW_SLACK_MS) {
      note("window_differs");
    }
  }
  const tally = new ChangeTally(previous.startedAt);
  tally.add(notes);
  const counted = (changes: Change[]) => {
    changes.sort(worstFirst);
    tally.add(changes);
    return changes;
  };
  return {
    tally,
    notes,
    account: (assessed) => {
      // Read before the comparison consumes the earlier run's account.
      const seen = firstSeenIn(previous, previous.accounts.get(assessed.account.id));
      return { changes: counted(comparison.account(snapshotOf(assessed))), seen };
    },
    rest: (completed) => counted(comparison.rest(completed)),
  };
}

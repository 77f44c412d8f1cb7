/**
 * The comparison's summary: how many changes of each kind, the worst ones, and what could not be
 * compared — for the console and the HTML page. Memory: counts and the few worst changes only.
 *
 * @module
 */
import {
  type Change,
  CHANGE_KINDS,
  type ChangeKind,
  NOT_COMPARED_REASONS,
  type NotComparedReason,
  worstFirst,
} from "./diff.ts";

/** How many of the worst changes the summary keeps. */
export const WORST_CHANGES = 10;

/** Accumulates a comparison. */
export class ChangeTally {
  /** When the earlier run started. */
  readonly since: Date;
  /** Changes by kind (`not_compared` aside). */
  readonly counts = new Map<ChangeKind, number>();
  /** Accounts not compared, by reason; and run-level reasons (thresholds, window). */
  readonly notCompared = new Map<NotComparedReason, number>();
  readonly #worst: Change[] = [];

  /** @param since when the earlier run started */
  constructor(since: Date) {
    this.since = since;
  }

  /** The kinds counted, in {@link CHANGE_KINDS} order, with their counts. */
  get byKind(): [(typeof CHANGE_KINDS)[number], number][] {
    return CHANGE_KINDS.filter((kind) => this.counts.has(kind)).map((kind) => [kind, this.counts.get(kind)!]);
  }

  /** What was not compared, in {@link NOT_COMPARED_REASONS} order, with how many accounts (or 1). */
  get notComparedByReason(): [NotComparedReason, number][] {
    return NOT_COMPARED_REASONS.filter((r) => this.notCompared.has(r)).map((
      r,
    ) => [r, this.notCompared.get(r)!]);
  }

  /** Every change counted (what could not be compared aside). */
  get total(): number {
    let n = 0;
    for (const count of this.counts.values()) n += count;
    return n;
  }

  /** The worst changes, worst first, at most {@link WORST_CHANGES}. */
  get worst(): readonly Change[] {
    return this.#worst;
  }

  /**
   * Adds changes.
   *
   * @param changes some changes
   */
  add(changes: readonly Change[]): void {
    for (const change of changes) {
      if (change.kind === "not_compared") {
        if (change.reason) {
          this.notCompared.set(change.reason, (this.notCompared.get(change.reason) ?? 0) + 1);
        }
        continue;
      }
      this.counts.set(change.kind, (this.counts.get(change.kind) ?? 0) + 1);
      const worst = this.#worst;
      if (worst.length === WORST_CHANGES && worstFirst(change, worst[worst.length - 1]) >= 0) continue;
      let i = worst.findIndex((w) => worstFirst(change, w) < 0);
      if (i === -1) i = worst.length;
      worst.splice(i, 0, change);
      if (worst.length > WORST_CHANGES) worst.pop();
    }
  }
}

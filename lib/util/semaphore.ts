/**
 * A counting semaphore: bounds how many requests are in flight over the whole run, and says how busy
 * it was (how many accounts to audit at once follows from that: `lib/audit/admission.ts`).
 *
 * @module
 */

/** How busy a semaphore was over a period. */
export interface Usage {
  /** Average share of the slots held, from 0 to 1. */
  utilization: number;
  /** Whether anyone had to wait for a slot. */
  contended: boolean;
}

/**
 * At most `limit` holders at once. Waiters are served urgent ones first, then by rank (lowest first),
 * then in arrival order: with every rank the same (the default), in arrival order.
 */
export class Semaphore {
  readonly #limit: number;
  readonly #now: () => number;
  #held = 0;
  #peak = 0;
  readonly #waiters = new WaiterQueue();
  /** Served before `#waiters`: requests on a critical path (CloudTrail, paced at 2 per second). */
  readonly #urgent: (() => void)[] = [];
  /** Slot-milliseconds held since the last {@link usage}, up to `#since`. */
  #busy = 0;
  #since: number;
  #periodStart: number;
  #contended = false;

  /**
   * @param limit holders allowed at once (≥ 1)
   * @param now a clock in milliseconds, for {@link usage}. @default performance.now
   */
  constructor(limit: number, now: () => number = () => performance.now()) {
    this.#limit = Math.max(1, limit);
    this.#now = now;
    this.#since = this.#periodStart = now();
  }

  /** Holders allowed at once. */
  get limit(): number {
    return this.#limit;
  }

  /** Most holders seen at once. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Waits for a free slot and takes it.
   *
   * @param urgent served before every non-urgent waiter
   * @param rank among the non-urgent waiters, a lower rank is served first
   * @returns a function that gives the slot back (call it exactly once)
   */
  async acquire(urgent = false, rank = 0): Promise<() => void> {
    if (this.#held >= this.#limit) {
      this.#contended = true;
      await new Promise<void>((resolve) =>
        urgent ? this.#urgent.push(resolve) : this.#waiters.push(rank, resolve)
      );
    } else {
      this.#account();
      this.#held++;
    }
    this.#peak = Math.max(this.#peak, this.#held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#urgent.shift() ?? this.#waiters.shift();
      // The slot passes straight to the next waiter, so `held` stays as it is.
      if (next) next();
      else {
        this.#account();
        this.#held--;
      }
    };
  }

  /**
   * How busy the slots were since the last call (or since creation), and starts a new period.
   *
   * @returns the average share of slots held, and whether anyone waited
   */
  usage(): Usage {
    this.#account();
    const elapsed = this.#since - this.#periodStart;
    const usage = {
      utilization: elapsed > 0 ? this.#busy / (elapsed * this.#limit) : 0,
      contended: this.#contended || this.#waiters.size + this.#urgent.length > 0,
    };
    this.#busy = 0;
    this.#periodStart = this.#since;
    this.#contended = false;
    return usage;
  }

  /** Adds the slots held since the last change to the period's total. */
  #account(): void {
    const now = this.#now();
    this.#busy += this.#held * (now - this.#since);
    this.#since = now;
  }
}

/** Waiters by rank (lowest first), then in arrival order: a binary heap, O(log n) a waiter. */
class WaiterQueue {
  readonly #ranks: number[] = [];
  readonly #seqs: number[] = [];
  readonly #items: (() => void)[] = [];
  #seq = 0;

  /** Waiters in the heap. */
  get size(): number {
    return this.#items.length;
  }

  /** Adds a waiter. */
  push(rank: number, item: () => void): void {
    const seq = this.#seq++;
    let i = this.#items.length;
    this.#ranks.push(rank);
    this.#seqs.push(seq);
    this.#items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#precedes(rank, seq, parent)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#set(i, rank, seq, item);
  }

  /** Removes and returns the first waiter. */
  shift(): (() => void) | undefined {
    if (this.#items.length === 0) return undefined;
    const first = this.#items[0];
    const rank = this.#ranks.pop()!, seq = this.#seqs.pop()!, item = this.#items.pop()!;
    const size = this.#items.length;
    if (size === 0) return first;
    let i = 0;
    while (true) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.#precedes(this.#ranks[right], this.#seqs[right], left)
        ? right
        : left;
      if (this.#precedes(rank, seq, child)) break;
      this.#move(child, i);
      i = child;
    }
    this.#set(i, rank, seq, item);
    return first;
  }

  /** Whether (rank, seq) comes before the waiter at `j`. */
  #precedes(rank: number, seq: number, j: number): boolean {
    return rank < this.#ranks[j] || (rank === this.#ranks[j] && seq < this.#seqs[j]);
  }

  #move(from: number, to: number): void {
    this.#set(to, this.#ranks[from], this.#seqs[from], this.#items[from]);
  }

  #set(i: number, rank: number, seq: number, item: () => void): void {
    this.#ranks[i] = rank;
    this.#seqs[i] = seq;
    this.#items[i] = item;
  }
}

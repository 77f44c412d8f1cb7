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

/** At most `limit` holders at once; waiters are served in arrival order, urgent ones first. */
export class Semaphore {
  readonly #limit: number;
  readonly #now: () => number;
  #held = 0;
  #peak = 0;
  readonly #waiters: (() => void)[] = [];
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
   * @returns a function that gives the slot back (call it exactly once)
   */
  async acquire(urgent = false): Promise<() => void> {
    if (this.#held >= this.#limit) {
      this.#contended = true;
      await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#waiters).push(resolve));
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
      contended: this.#contended || this.#waiters.length + this.#urgent.length > 0,
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

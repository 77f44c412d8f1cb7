/**
 * A counting semaphore: bounds how many requests are in flight over the whole run.
 *
 * @module
 */

/** At most `limit` holders at once; waiters are served in arrival order, urgent ones first. */
export class Semaphore {
  readonly #limit: number;
  #held = 0;
  #peak = 0;
  readonly #waiters: (() => void)[] = [];
  /** Served before `#waiters`: requests on a critical path (CloudTrail, paced at 2 per second). */
  readonly #urgent: (() => void)[] = [];

  /** @param limit holders allowed at once (≥ 1) */
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
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
      await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#waiters).push(resolve));
    } else this.#held++;
    this.#peak = Math.max(this.#peak, this.#held);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#urgent.shift() ?? this.#waiters.shift();
      // The slot passes straight to the next waiter, so `held` stays as it is.
      if (next) next();
      else this.#held--;
    };
  }
}

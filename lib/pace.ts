/**
 * Request pacing: keeps one account's calls to a service under a rate AWS allows, so the audit is
 * not throttled in steady state.
 *
 * @module
 */

/** A clock and a sleep function, injected so tests do not wait for real time. */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A sliding-window limiter: at most `limit` starts in any window of `windowMs` (plus a margin that
 * absorbs network jitter between our clock and the server's).
 *
 * A plain interval of `windowMs / limit` would meet the average rate but, with jitter, put three
 * requests of a 2-per-second API inside one server-side second; the window rule does not.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #timer: Timer;
  /** Start times of the last `limit` grants, oldest first. */
  readonly #starts: number[] = [];
  /** Grants are handed out in call order. */
  #queue: Promise<void> = Promise.resolve();

  /**
   * @param perSecond requests allowed per second (fractions allowed: 0.5 = one every 2 s)
   * @param options.marginMs extra spacing per window. @default 60
   * @param options.timer clock and sleep. @default realTimer
   */
  constructor(perSecond: number, options: { marginMs?: number; timer?: Timer } = {}) {
    const margin = options.marginMs ?? 60;
    if (perSecond >= 1) {
      this.#limit = Math.floor(perSecond);
      this.#windowMs = 1000 * (this.#limit / perSecond) + margin;
    } else {
      this.#limit = 1;
      this.#windowMs = 1000 / perSecond + margin;
    }
    this.#timer = options.timer ?? realTimer;
  }

  /**
   * Waits until one more request may start, and records its start.
   *
   * @returns a promise that resolves when the caller may send
   */
  take(): Promise<void> {
    const grant = this.#queue.then(() => this.#grant());
    this.#queue = grant;
    return grant;
  }

  async #grant(): Promise<void> {
    if (this.#starts.length >= this.#limit) {
      const wait = this.#starts[0] + this.#windowMs - this.#timer.now();
      if (wait > 0) await this.#timer.sleep(wait);
      this.#starts.shift();
    }
    this.#starts.push(this.#timer.now());
  }
}

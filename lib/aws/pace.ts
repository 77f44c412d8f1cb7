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
 * A sliding-window limiter: a request may start only when the `limit`-th request before it has
 * completed at least `windowMs` (plus a small margin) ago.
 *
 * Counting from completions rather than starts is what makes the limit hold at the server whatever
 * the delays: a request reaches AWS before its response comes back, and after it is started, so
 * any `limit + 1` consecutive requests arrive more than a window apart even when a busy event loop
 * sends one late. (A plain interval of `windowMs / limit` between starts does not survive that: a
 * late first request and a punctual third land in the same server-side second.)
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #timer: Timer;
  /** The last `limit` grants, oldest first: when each completed (Infinity while in flight). */
  readonly #grants: { end: number; completed: Promise<void> }[] = [];

  /**
   * @param perSecond requests allowed per second (fractions allowed: 0.5 = one every 2 s)
   * @param options.marginMs extra spacing per window. @default 20
   * @param options.timer clock and sleep. @default realTimer
   */
  constructor(perSecond: number, options: { marginMs?: number; timer?: Timer } = {}) {
    const margin = options.marginMs ?? 20;
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
   * @returns a function to call when the request completes (response or error)
   */
  async take(): Promise<() => void> {
    while (true) {
      await this.ready();
      const done = this.tryTake();
      if (done) return done;
    }
  }

  /**
   * Waits until the window would allow one more start, without taking it: a caller that must also
   * wait for something else (a free connection slot) takes the start only once it can really send,
   * with {@link tryTake}, so that starts never bunch up behind the other wait.
   *
   * @returns a promise that resolves when a start is allowed (another caller may take it first)
   */
  async ready(): Promise<void> {
    while (this.#grants.length >= this.#limit) {
      const oldest = this.#grants[0];
      if (oldest.end === Infinity) {
        await oldest.completed;
        continue;
      }
      const wait = oldest.end + this.#windowMs - this.#timer.now();
      if (wait <= 0) return;
      await this.#timer.sleep(wait);
    }
  }

  /**
   * Takes a start now if the window allows it.
   *
   * @returns the function to call when the request completes, or undefined if it must wait again
   */
  tryTake(): (() => void) | undefined {
    if (this.#grants.length >= this.#limit) {
      const oldest = this.#grants[0];
      if (oldest.end === Infinity || oldest.end + this.#windowMs > this.#timer.now()) return undefined;
      this.#grants.shift();
    }
    let complete!: () => void;
    const grant = { end: Infinity, completed: new Promise<void>((resolve) => (complete = resolve)) };
    this.#grants.push(grant);
    return () => {
      if (grant.end !== Infinity) return;
      grant.end = this.#timer.now();
      complete();
    };
  }
}

/**
 * Sliding-window rate limiting: at most `capacity` accepted requests in any `windowMs`.
 *
 * A sliding window (rather than a token bucket with a burst) matches how callers are told to pace
 * themselves: "no more than N per second", whatever the second.
 *
 * @module
 */

/** Admits at most `perSecond` requests in any 1,000 ms (fractional rates widen the window). */
export class SlidingWindowLimiter {
  #times: Float64Array;
  #next = 0;
  #windowMs: number;

  /** `perSecond` must be positive. */
  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`rate limit must be positive: ${perSecond}`);
    const capacity = Math.max(1, Math.floor(perSecond));
    this.#windowMs = (capacity / perSecond) * 1000;
    this.#times = new Float64Array(capacity).fill(-Infinity);
  }

  /** Admits (and records) a request at `nowMs`, or refuses it. */
  tryAcquire(nowMs: number): boolean {
    // The slot to overwrite holds the oldest accepted request: if it is still inside the window, the
    // window is full.
    if (nowMs - this.#times[this.#next] < this.#windowMs) return false;
    this.#times[this.#next] = nowMs;
    this.#next = (this.#next + 1) % this.#times.length;
    return true;
  }
}

/**
 * Rate limiters, one per throttled budget (an account's service, or an account's IAM action):
 *
 * - {@link SlidingWindowLimiter}: at most N accepted requests in any 1,000 ms. It matches how callers
 *   are told to pace themselves, "no more than N per second", whatever the second.
 * - {@link TokenBucketLimiter}: a bucket of `burst` tokens refilled at N per second, the algorithm AWS
 *   documents for its API throttling (EC2: a bucket of 100 refilled at 20 per second for its
 *   non-mutating calls). Short bursts pass, a sustained rate above N does not. Optionally with
 *   {@link Brownout}s, periods when the service gives less.
 *
 * Both keep a few numbers per budget and decide in constant time.
 *
 * @module
 */

/** Admits or refuses requests as they arrive. */
export interface RateLimiter {
  /** Admits (and records) a request arriving at `nowMs` (a monotonic clock), or refuses it. */
  tryAcquire(nowMs: number): boolean;
}

/** Admits at most `perSecond` requests in any 1,000 ms (fractional rates widen the window). */
export class SlidingWindowLimiter implements RateLimiter {
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

/**
 * Recurring periods of reduced capacity: the last `forMs` of every `everyMs` (counted from the
 * limiter's origin, so a run starts at full capacity), during which both the refill rate and the
 * bucket size are multiplied by `factor` — as when a service sheds load during an incident.
 */
export interface Brownout {
  /** Length of one period, in ms. */
  everyMs: number;
  /** How long the reduced capacity lasts at the end of each period, in ms (at most `everyMs`). */
  forMs: number;
  /** Share of the capacity left during a brownout, in [0, 1) (0: nothing passes). */
  factor: number;
}

/**
 * Checks a brownout's numbers.
 *
 * @param brownout the brownout to check
 * @throws Error when a length is not positive, `forMs` exceeds `everyMs`, or `factor` is outside [0, 1)
 */
export function validateBrownout(brownout: Brownout): void {
  const { everyMs, forMs, factor } = brownout;
  if (!(everyMs > 0) || !(forMs > 0) || forMs > everyMs) {
    throw new Error(`brownout needs 0 < forMs <= everyMs: ${JSON.stringify(brownout)}`);
  }
  if (!(factor >= 0 && factor < 1)) throw new Error(`brownout factor must be in [0, 1): ${factor}`);
}

/** A token bucket: `burst` tokens, refilled at `perSecond`, one token per request. */
export class TokenBucketLimiter implements RateLimiter {
  #perMs: number;
  #burst: number;
  #brownout?: Brownout;
  #originMs: number;
  #tokens: number | undefined;
  #lastMs = 0;

  /**
   * Creates a full bucket.
   *
   * @param perSecond refill rate (positive)
   * @param burst bucket size, the most requests that pass at once (at least 1)
   * @param brownout periods of reduced capacity, if any
   * @param originMs where the brownout schedule starts, on the clock `tryAcquire` is given
   * @throws Error on a non-positive rate, a burst below 1, or an invalid brownout
   */
  constructor(perSecond: number, burst: number, brownout?: Brownout, originMs = 0) {
    if (!(perSecond > 0)) throw new Error(`rate limit must be positive: ${perSecond}`);
    if (!(burst >= 1)) throw new Error(`burst must be at least 1: ${burst}`);
    if (brownout) validateBrownout(brownout);
    this.#perMs = perSecond / 1000;
    this.#burst = burst;
    this.#brownout = brownout;
    this.#originMs = originMs;
  }

  /** Whether `nowMs` falls in a brownout. */
  inBrownout(nowMs: number): boolean {
    const b = this.#brownout;
    if (!b) return false;
    const phase = (((nowMs - this.#originMs) % b.everyMs) + b.everyMs) % b.everyMs;
    return phase >= b.everyMs - b.forMs;
  }

  /** Admits a request at `nowMs` if a whole token is left, or refuses it. */
  tryAcquire(nowMs: number): boolean {
    const capacity = this.#burst * (this.inBrownout(nowMs) ? this.#brownout!.factor : 1);
    const refill = this.#tokens === undefined ? Infinity : this.#credit(this.#lastMs, nowMs);
    this.#tokens = Math.min(capacity, (this.#tokens ?? 0) + refill);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Tokens refilled between `fromMs` and `toMs`: the rate, reduced during brownouts. */
  #credit(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const b = this.#brownout;
    const reduced = b ? (1 - b.factor) * (this.#brownTime(toMs) - this.#brownTime(fromMs)) : 0;
    return this.#perMs * (toMs - fromMs - reduced);
  }

  /** Time spent in brownouts between the origin and `t` (exact, whatever the gap between requests). */
  #brownTime(t: number): number {
    const b = this.#brownout!;
    const elapsed = t - this.#originMs;
    const periods = Math.floor(elapsed / b.everyMs);
    const phase = elapsed - periods * b.everyMs;
    return periods * b.forMs + Math.max(0, phase - (b.everyMs - b.forMs));
  }
}

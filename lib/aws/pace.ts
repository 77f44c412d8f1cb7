/**
 * Request pacing: keeps one account's calls to a service under a rate, so that AWS does not throttle
 * them. The rate may change between two starts (it adapts to what AWS accepts: `adaptive_rate.ts`);
 * the pace applies whatever it is at each start and tells it how each request ended.
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

/** How a paced request ended, as far as pacing cares: AWS counted it, or throttled it. */
export type Outcome = "accepted" | "throttled";

/** One start the pace granted. */
export interface Grant {
  /** When it started, on the pace's clock. */
  readonly start: number;
  /** When it completed; Infinity while in flight. */
  end: number;
  /** The rate it was started under (requests per second). */
  readonly rate: number;
  /** Set when it completes. */
  outcome?: Outcome;
}

/** Where a pace's rate comes from, and who learns from how its requests end. */
export interface RateSource {
  /** The highest rate the source ever gives: bounds the history the pace keeps. */
  readonly ceiling: number;
  /** The rate a start is allowed at now, in requests per second (> 0). */
  current(): number;
  /** Told of each start. */
  started?(grant: Grant): void;
  /** Told of each request that completed, with the pace (for its recent history). */
  completed?(grant: Grant, pace: Pace): void;
  /** Told when requests wait for the window: more is asked than the rate allows. */
  saturated?(): void;
}

/** A caller's turn to start a request: take the start, or pass (exactly one of them, once). */
export interface Turn {
  /**
   * Starts the request now if the rate still allows it.
   *
   * @returns the function to call with the request's outcome when it completes, or undefined when
   *   the rate no longer allows a start (ask for a new turn)
   */
  take(): ((outcome: Outcome) => void) | undefined;
  /** Gives the turn up without starting. */
  pass(): void;
}

/**
 * Paces one account's requests to one service with two rules, both at the current rate r:
 *
 * - a window: a request may start only when the `ceil(r)`-th request before it **completed** at least
 *   `1000 × ceil(r) / r` ms (plus a margin) before. Counting from completions rather than starts is what
 *   makes the limit hold at AWS's end whatever the delays: a request reaches AWS after it starts and
 *   before its answer comes back, so any `ceil(r) + 1` consecutive requests arrive more than a second
 *   apart even when a busy event loop sends one late;
 * - a spacing of `1000 / r` ms between starts, so that a burst never reaches AWS faster than the rate
 *   (a limit lower than the rate then shows after one throttle, not after a burst of them).
 *
 * Waiting callers queue; one of them at a time holds the turn (so a start is taken only when the
 * caller can really send, see {@link Pace.turn}), and one timer per pace wakes the queue.
 */
export class Pace {
  readonly #source: RateSource;
  readonly #timer: Timer;
  readonly #marginMs: number;
  /** The last grants, oldest first: enough to cover more than a second at the highest rate. */
  readonly #history: Grant[] = [];
  readonly #historySize: number;
  readonly #queue: (() => void)[] = [];
  #turnOut = false;
  #sleeping = false;
  #lastStart = -Infinity;
  #firstStart = Infinity;

  /**
   * @param rate a fixed rate in requests per second (fractions allowed: 0.5 = one every 2 s), or a
   *   source whose rate may change
   * @param options.marginMs extra length of each window. @default 20
   * @param options.timer clock and sleep. @default realTimer
   */
  constructor(rate: number | RateSource, options: { marginMs?: number; timer?: Timer } = {}) {
    this.#source = typeof rate === "number" ? { ceiling: rate, current: () => rate } : rate;
    if (!(this.#source.ceiling > 0)) throw new RangeError(`rate must be positive: ${this.#source.ceiling}`);
    this.#timer = options.timer ?? realTimer;
    this.#marginMs = options.marginMs ?? 20;
    this.#historySize = 2 * Math.ceil(this.#source.ceiling) + 8;
  }

  /** The rate a start is allowed at now. */
  get rate(): number {
    return this.#source.current();
  }

  /**
   * Waits until the window and the spacing allow a start and no earlier caller holds the turn.
   * The caller then takes the start with {@link Turn.take} once it can really send (after any other
   * wait, such as a free connection slot), so that starts never bunch up behind another wait; or gives
   * the turn up with {@link Turn.pass}. Until it does, the pace's other callers wait.
   *
   * @returns the caller's turn
   */
  async turn(): Promise<Turn> {
    if (this.#turnOut || this.#queue.length > 0 || this.#wait() > 0) {
      await new Promise<void>((resolve) => {
        this.#queue.push(resolve);
        this.#pump();
      });
    }
    this.#turnOut = true;
    let used = false;
    const end = () => {
      if (used) throw new Error("a turn is taken or passed once");
      used = true;
      this.#turnOut = false;
    };
    return {
      take: () => {
        end();
        const done = this.#wait() > 0 ? undefined : this.#grant();
        this.#pump();
        return done;
      },
      pass: () => {
        end();
        this.#pump();
      },
    };
  }

  /**
   * Waits for a turn and takes the start (a caller with nothing else to wait for).
   *
   * @returns the function to call with the request's outcome when it completes
   */
  async take(): Promise<(outcome: Outcome) => void> {
    while (true) {
      const done = (await this.turn()).take();
      if (done) return done;
    }
  }

  /**
   * What happened in the second before a start — or since the pace's first start, when that is less than a
   * second before: the requests started in that span, and those of them AWS did not throttle (in flight or
   * answered). Before a limit counted per second resets, what AWS accepted of a burst is the limit.
   *
   * @param before a start time, on the pace's clock
   * @returns the counts and the span they cover (ms, at most 1,000), or undefined before the first start
   */
  recentBefore(before: number): { sent: number; accepted: number; span: number } | undefined {
    if (this.#firstStart >= before) return undefined;
    const from = Math.max(before - 1000, this.#firstStart);
    let sent = 0;
    let accepted = 0;
    for (const grant of this.#history) {
      if (grant.start < from || grant.start >= before) continue;
      sent++;
      if (grant.outcome !== "throttled") accepted++;
    }
    return { sent, accepted, span: before - from };
  }

  /** Milliseconds until a start is allowed at the current rate; Infinity until a request completes. */
  #wait(): number {
    const rate = this.#source.current();
    const now = this.#timer.now();
    const n = Math.ceil(rate);
    let wait = this.#lastStart + 1000 / rate - now;
    const history = this.#history;
    if (history.length >= n) {
      const limiting = history[history.length - n];
      if (limiting.end === Infinity) return Infinity;
      wait = Math.max(wait, limiting.end + (1000 * n) / rate + this.#marginMs - now);
    }
    return wait;
  }

  #grant(): (outcome: Outcome) => void {
    const start = this.#timer.now();
    const grant: Grant = { start, end: Infinity, rate: this.#source.current() };
    this.#lastStart = start;
    if (this.#firstStart === Infinity) this.#firstStart = start;
    this.#history.push(grant);
    if (this.#history.length > this.#historySize) this.#history.shift();
    this.#source.started?.(grant);
    return (outcome) => {
      if (grant.end !== Infinity) return;
      grant.end = this.#timer.now();
      grant.outcome = outcome;
      this.#source.completed?.(grant, this);
      this.#pump();
    };
  }

  /** Hands the turn to the next waiter when allowed, or arranges to be woken when it will be. */
  #pump(): void {
    if (this.#turnOut || this.#queue.length === 0 || this.#sleeping) return;
    const wait = this.#wait();
    if (wait <= 0) {
      this.#turnOut = true;
      this.#queue.shift()!();
      return;
    }
    this.#source.saturated?.();
    // Infinity: a completion wakes the queue (`#grant`'s callback pumps).
    if (wait === Infinity) return;
    this.#sleeping = true;
    this.#timer.sleep(wait).then(() => {
      this.#sleeping = false;
      this.#pump();
    });
  }
}

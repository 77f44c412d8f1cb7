/**
 * How many accounts are audited at once.
 *
 * Each account's calls are held to its rate (`lib/aws/adaptive_rate.ts`), so when rates bind, a run's
 * throughput is accounts in flight × each account's rate: a fixed number of accounts would leave the
 * run's request slots (`--concurrency`) idle however fast the machine. So the number of accounts starts
 * at `initial` and grows while the slots are underused — held less than 80% of a review period, with
 * nobody waiting for one — and every admitted account is at work (not still assuming its role): by up to
 * half at a time, in proportion to how idle the slots were. Memory bounds it twice: never more than
 * `max` (`--accounts-in-flight`), and no growth while the JavaScript heap, as the last garbage collection
 * left it, holds more than `heapBudget` (an account's rows go to a spool file, so each costs little — a
 * few hundred KB for its SDK clients and the calls of the users it is reading — but hundreds add up). It
 * never shrinks: accounts that finish are replaced while the organization has more, and once the slots
 * are busy more accounts would only wait for them.
 *
 * **The last accounts at once.** When rates bind, an account takes at least its calls ÷ its rate however
 * fast the machine, so an account started late ends the run late: once the organization's listing has
 * ended and the accounts not started yet are fewer than half those in flight, they are all admitted at
 * once (within `max`), busy slots or not and whatever the heap — at most half again the accounts'
 * memory, for a run that ends with its accounts instead of one account's length after them. Measured:
 * 189 accounts × 50 users against IAM at 20 requests per second per account in total, 50 ms away, with
 * 256 requests in flight: the slots filled with 184 accounts in flight, and the last five, started as the
 * first ones ended, took the run from 29 s to 41 s; held to a 64 MiB heap budget too, the rule came too
 * late and the run took 40 s.
 *
 * The heap is sampled at each review and the value after its last drop (a collection) is the one that
 * counts: between two collections V8's heap is mostly garbage — several times what the accounts hold, and
 * more the faster the run allocates — which says nothing about what more accounts would cost.
 *
 * @module
 */
import type { PoolLimit } from "../util/pool.ts";
import type { Usage } from "../util/semaphore.ts";

/** The heap's budget of a run audited in one thread (see {@link AdmissionOptions.heapBudget}). */
export const HEAP_BUDGET = 96 * 1024 * 1024;

/** Slots busy above this share of a period need no more accounts. */
const BUSY = 0.8;

/** Options of {@link AccountAdmission}. */
export interface AdmissionOptions {
  /** Accounts at once to begin with (≥ 1). */
  initial: number;
  /** Accounts at once at most (≥ `initial`). */
  max: number;
  /** The run's request slots; absent: the number stays at `initial`. */
  slots?: { usage(): Usage };
  /** The organization's accounts not started yet, once its listing has ended; `undefined` before. */
  left?: () => number | undefined;
  /** Threads taking accounts from the same listing: the last accounts are shared out. @default 1 */
  threads?: number;
  /** Milliseconds between two reviews. @default 250 */
  periodMs?: number;
  /** No growth while the heap, after the last collection seen, holds more than this. @default 96 MiB */
  heapBudget?: number;
  /** The heap's size in bytes now. @default Deno.memoryUsage().heapUsed */
  heapUsed?: () => number;
}

/** The number of accounts in flight, for `pooledMap`, and when it may grow. */
export class AccountAdmission implements PoolLimit {
  readonly #max: number;
  readonly #slots?: { usage(): Usage };
  readonly #left: () => number | undefined;
  readonly #threads: number;
  readonly #periodMs: number;
  readonly #heapBudget: number;
  readonly #heapUsed: () => number;
  readonly #listeners = new Set<() => void>();
  #current: number;
  #running = 0;
  #opening = 0;
  #peak = 0;
  /** The heap's size at the last review, and after the last drop seen (a collection). */
  #lastHeap = Infinity;
  #collectedHeap = Infinity;

  /** @param options the bounds, the slots and the review period */
  constructor(options: AdmissionOptions) {
    this.#max = Math.max(1, options.max);
    this.#current = Math.min(this.#max, Math.max(1, options.initial));
    this.#slots = options.slots;
    this.#left = options.left ?? (() => undefined);
    this.#threads = Math.max(1, options.threads ?? 1);
    this.#periodMs = options.periodMs ?? 250;
    this.#heapBudget = options.heapBudget ?? HEAP_BUDGET;
    this.#heapUsed = options.heapUsed ?? (() => Deno.memoryUsage().heapUsed);
  }

  /** Accounts allowed in flight now. */
  get current(): number {
    return this.#current;
  }

  /**
   * Whether the organization's listing has ended and every account of it has started: those in flight
   * are the run's last, and the run ends with the slowest of them.
   */
  get lastAccounts(): boolean {
    return this.#left() === 0;
  }

  /** Most accounts that were in flight at once. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Registers a listener called when the number grows.
   *
   * @param listener the listener
   * @returns a function that removes it
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** An account's audit started; it is assuming its role until {@link opened}. */
  started(): void {
    this.#running++;
    this.#opening++;
    this.#peak = Math.max(this.#peak, this.#running);
  }

  /** An account's session is open (or could not be): its calls now show in the slots' usage. */
  opened(): void {
    this.#opening--;
  }

  /** An account's audit ended. */
  ended(): void {
    this.#running--;
  }

  /** Decides from the slots' usage since the last review, and the accounts left, whether more are needed. */
  review(): void {
    if (!this.#slots) return;
    const { utilization, contended } = this.#slots.usage();
    const heap = this.#heapUsed();
    if (heap < this.#lastHeap) this.#collectedHeap = heap;
    this.#lastHeap = heap;
    if (this.#current >= this.#max) return;
    const left = this.#left();
    if (left !== undefined) {
      // This thread's share of what is left of the listing: all of it, unless other threads take from it.
      const share = this.#running + Math.ceil(left / this.#threads);
      if (this.#running + left > this.#current && left <= this.#current / 2) {
        this.#grow(share);
        return;
      }
      // Threads sharing the listing: the one that grows first must not take it all. Each takes its share
      // once it fits, busy slots or not — a thread whose CPU is busy holds its slots longer, so their use
      // says little about what it can take — and grows no further by the rules below.
      if (this.#threads > 1 && share <= this.#current) return;
      if (this.#threads > 1 && share <= this.#max && this.#collectedHeap <= this.#heapBudget) {
        this.#grow(share);
        return;
      }
    }
    if (contended || utilization >= BUSY) return;
    // Only a full pool of accounts at work says the slots are idle for want of accounts.
    if (this.#running < this.#current || this.#opening > this.#current / 4) return;
    if (this.#collectedHeap > this.#heapBudget) return;
    const factor = Math.min(1.5, BUSY / Math.max(utilization, BUSY / 1.5));
    this.#grow(Math.max(this.#current + 1, Math.ceil(this.#current * factor)));
  }

  #grow(accounts: number): void {
    this.#current = Math.min(this.#max, accounts);
    for (const listener of this.#listeners) listener();
  }

  /**
   * Reviews every period until stopped.
   *
   * @returns a function that stops the reviews
   */
  start(): () => void {
    const timer = setInterval(() => this.review(), this.#periodMs);
    // The reviews alone must not keep the process alive.
    Deno.unrefTimer(timer);
    return () => clearInterval(timer);
  }
}

/**
 * The rank of an account's requests among those waiting for a request slot (lower first: `Semaphore`).
 * Until the run's last accounts are in flight, 0 for all: arrival order. From then on, the run ends with
 * the account that has the most left to do, so its requests go first: the rank is minus the users it
 * has left. (Measured on 200 accounts × 50 users against IAM at 20 requests per second per account,
 * where the accounts opened over the first 4 s at the AssumeRole rate: in arrival order the last ones
 * ended 4 s after the first, alone at their rate; by users left, 1.5 s — the run 5% shorter.)
 *
 * @param progress how far the account's users are read
 * @param admission the run's admission, which knows when the last accounts are in flight
 * @returns the rank, asked as each request starts to wait
 */
export function lastAccountsFirst(
  progress: { readonly left: number },
  admission?: { readonly lastAccounts: boolean },
): () => number {
  return () => (admission?.lastAccounts ? -progress.left : 0);
}

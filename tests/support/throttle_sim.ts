/**
 * Many accounts' requests through their paces against a throttling service, in virtual time: the
 * service admits or throttles each request with the simulator's own limiters (`sim/rate_limiter.ts`),
 * a throttled request is retried after the SDK's backoff, and every count is exact and repeatable.
 *
 * @module
 */
import { ServiceRate } from "../../lib/aws/adaptive_rate.ts";
import { Pace } from "../../lib/aws/pace.ts";
import { type RateLimiter, SlidingWindowLimiter, TokenBucketLimiter } from "../../sim/rate_limiter.ts";
import { virtualTimer } from "./virtual_time.ts";

/** How the service throttles: as the simulator's `iamModel`s do. */
export type ServerModel =
  | { kind: "perAction"; rate: number; actions: number }
  | { kind: "perAccount"; rate: number; busyAccount?: { id: number; rate: number } }
  | {
    kind: "bursty";
    rate: number;
    burst: number;
    brownout?: { everyMs: number; forMs: number; factor: number };
  }
  | { kind: "random"; fraction: number };

/** What a run of the simulation does. */
export interface ThrottleRun {
  model: ServerModel;
  /** The configured rate (the pace's ceiling). */
  ceiling: number;
  accounts: number;
  /** Requests each account makes. */
  callsPerAccount: number;
  /** Requests of one account at once (users in flight × calls per user). */
  parallel: number;
  /** Accounts audited at once; the next starts when one ends. */
  accountsAtOnce: number;
  /** Milliseconds from a request's start to its answer (it reaches the service halfway). */
  latencyMs: number;
  /**
   * Requests per second of the whole run at most, as when the machine's CPU bounds it: a request waits for
   * its share before its pace's grant, as a real one waits for a request slot. Absent: no such bound.
   */
  runRate?: number;
}

/** What happened. */
export interface ThrottleResult {
  /** Requests sent, retries included. */
  attempts: number;
  throttled: number;
  /** Virtual seconds from the first start to the last answer. */
  seconds: number;
  /** The run's learned rate at the end. */
  finalRate: number;
  /** How many times the run's rate was cut. */
  cuts: number;
  /** Most attempts one call took (the SDK gives up after 8: more would surface as a failure). */
  maxAttempts: number;
  /** Throttled attempts of each account. */
  throttledByAccount: number[];
}

/**
 * Runs the simulation.
 *
 * @param run the model, the accounts and their requests
 * @returns the counts
 */
export async function simulateThrottling(run: ThrottleRun): Promise<ThrottleResult> {
  const timer = virtualTimer();
  const service = new ServiceRate(run.ceiling, { timer });
  const limiters = new Map<string, RateLimiter>();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const admit = (account: number, call: number, at: number): boolean => {
    const m = run.model;
    if (m.kind === "random") return random() >= m.fraction;
    const key = m.kind === "perAction" ? `${account}:${call % m.actions}` : `${account}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = m.kind === "bursty"
        ? new TokenBucketLimiter(m.rate, m.burst, m.brownout, 0)
        : new SlidingWindowLimiter(
          m.kind === "perAccount" && m.busyAccount?.id === account ? m.busyAccount.rate : m.rate,
        );
      limiters.set(key, limiter);
    }
    return limiter.tryAcquire(at);
  };
  let attempts = 0;
  let throttled = 0;
  let maxAttempts = 0;
  const throttledByAccount = new Array<number>(run.accounts).fill(0);
  const machine = run.runRate ? new Pace(run.runRate, { timer }) : undefined;
  const auditAccount = async (account: number) => {
    const pace = new Pace(service.account(), { timer });
    let next = 0;
    const worker = async () => {
      while (next < run.callsPerAccount) {
        const call = next++;
        for (let attempt = 1;; attempt++) {
          if (machine) (await machine.take())("accepted");
          const done = await pace.take();
          attempts++;
          await timer.sleep(run.latencyMs / 2);
          const ok = admit(account, call, timer.now());
          await timer.sleep(run.latencyMs / 2);
          done(ok ? "accepted" : "throttled");
          maxAttempts = Math.max(maxAttempts, attempt);
          if (ok) break;
          throttled++;
          throttledByAccount[account]++;
          // The SDK's standard retry: full jitter over 500 ms × 2^attempt, at most 20 s.
          await timer.sleep(random() * Math.min(20_000, 500 * 2 ** attempt));
        }
      }
    };
    await Promise.all(Array.from({ length: run.parallel }, worker));
  };
  let nextAccount = 0;
  // Accounts start as their roles are assumed: one AssumeRole each, 40 per second at most.
  const assumeRole = new Pace(40, { timer });
  const lane = async () => {
    while (nextAccount < run.accounts) {
      const account = nextAccount++;
      (await assumeRole.take())("accepted");
      await auditAccount(account);
    }
  };
  await timer.run(Promise.all(Array.from({ length: run.accountsAtOnce }, lane)));
  return {
    attempts,
    throttled,
    seconds: timer.now() / 1000,
    finalRate: service.rate,
    cuts: service.cuts,
    maxAttempts,
    throttledByAccount,
  };
}

/**
 * Options of a simulator run: paging, clock, latency, rate limits and injected faults.
 *
 * @module
 */

import type { Brownout } from "./rate_limiter.ts";

export type { Brownout } from "./rate_limiter.ts";

/**
 * How IAM's `iamPerSecond` is applied to an account's IAM requests:
 *
 * - `perAction`: each IAM action has its own budget of N in any 1,000 ms (IAM throttles each API with
 *   its own token buckets); the default, and the only model before models existed.
 * - `perAccount`: all IAM actions of an account share one budget of N in any 1,000 ms.
 * - `bursty`: all IAM actions of an account share one token bucket of `iamBurst` tokens refilled at N
 *   per second: a short burst above N passes, a sustained rate above N is throttled; with
 *   `iamBrownout`, capacity drops for recurring periods.
 */
export type IamThrottleModel = "perAction" | "perAccount" | "bursty";

/** The IAM throttle models, for validation and help text. */
export const IAM_THROTTLE_MODELS: readonly IamThrottleModel[] = ["perAction", "perAccount", "bursty"];

/** Per-account request rates of each service. */
export interface ServiceRates {
  /** IAM requests per second, applied as {@link RateLimits.iamModel} says. */
  iamPerSecond?: number;
  cloudTrailPerSecond?: number;
  stsPerSecond?: number;
  organizationsPerSecond?: number;
}

/** Per-account request rates and how IAM's applies; above them the service answers with its own throttling error. */
export interface RateLimits extends ServiceRates {
  /** How `iamPerSecond` applies; default `perAction`. Needs `iamPerSecond`. */
  iamModel?: IamThrottleModel;
  /** `bursty` only: bucket size, the most IAM requests an account may send at once; default 5 × `iamPerSecond` (at least 1). */
  iamBurst?: number;
  /** `bursty` only: recurring periods when IAM's rate and burst drop by a factor. */
  iamBrownout?: Brownout;
}

/**
 * Limits in the spirit of AWS's quotas: LookupEvents allows 2 requests per second per account and
 * region (documented); the others are approximations of undocumented or account-wide limits.
 */
export const AWS_LIKE_RATE_LIMITS: Required<ServiceRates> = {
  iamPerSecond: 20,
  cloudTrailPerSecond: 2,
  stsPerSecond: 50,
  organizationsPerSecond: 10,
};

/** How far a SigV4 signing time may be from the server's clock, either way: AWS's five minutes. */
export const DEFAULT_MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** Faults injected into API responses (never into `/__sim/*`). */
export interface Faults {
  /** Seed of the draws; the same seed and request order give the same faults. Default 1. */
  seed?: number;
  /** Fraction of requests answered with the service's throttling error. */
  throttleFraction?: number;
  /** Fraction answered 500 InternalFailure or 503 ServiceUnavailable (half each). */
  serverErrorFraction?: number;
  /** Fraction whose connection is dropped before a complete response. */
  resetFraction?: number;
  /** Fraction delayed by `slowMs` before being answered (normally). */
  slowFraction?: number;
  /** Delay of slow requests; default 10,000 ms. */
  slowMs?: number;
  /** Fraction answered 200 with a truncated body. */
  malformedFraction?: number;
  /** Every call signed by these accounts' credentials is AccessDenied (except GetCallerIdentity). */
  accessDeniedAccounts?: string[];
  /** Temporary credentials answer ExpiredToken from their (N+1)th call on. */
  expireAfterCalls?: number;
  /** Organizations answers 500 InternalFailure from its (N+1)th call on: a listing that breaks off. */
  organizationsFailAfterCalls?: number;
}

/** Options of {@link startSimulator}. */
export interface SimOptions {
  /** Port to listen on; 0 (default) lets the OS choose. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  hostname?: string;
  /** Largest page any list returns (clients asking for fewer get fewer); default 2. */
  pageSize?: number;
  /** Clock for time-based behaviour (event retention, credential expiry); default the real clock. */
  now?: () => Date;
  /** Added delay per API request, in ms. */
  latencyMs?: number;
  /** Per-account rate limits; none by default. */
  rateLimits?: RateLimits;
  /** Injected faults; none by default. */
  faults?: Faults;
  /** Recompute and check SigV4 signatures (default true). */
  verifySignatures?: boolean;
  /**
   * Largest difference, either way, between a request's signing time (`X-Amz-Date`) and the real
   * clock (`Date.now()`, not `now`: clients sign with the real clock); beyond it the request is
   * refused as AWS refuses it ("Signature expired" / "Signature not yet current"). Default
   * {@link DEFAULT_MAX_SIGNATURE_AGE_MS} (5 minutes); `Infinity` turns the check off.
   */
  maxSignatureAgeMs?: number;
  /**
   * Serve HTTPS with this PEM certificate chain and key instead of plain HTTP, so that TLS trust
   * (custom CA bundles) and HTTPS proxies can be tested; `url` then starts with `https://`.
   */
  tls?: { cert: string; key: string };
}

/**
 * Options of a simulator run: paging, clock, latency, rate limits and injected faults.
 *
 * @module
 */

/** Per-account request rates; above them the service answers with its own throttling error. */
export interface RateLimits {
  /** Per account and per IAM action (IAM throttles each API with its own token buckets). */
  iamPerSecond?: number;
  cloudTrailPerSecond?: number;
  stsPerSecond?: number;
  organizationsPerSecond?: number;
}

/**
 * Limits in the spirit of AWS's quotas: LookupEvents allows 2 requests per second per account and
 * region (documented); the others are approximations of undocumented or account-wide limits.
 */
export const AWS_LIKE_RATE_LIMITS: Required<RateLimits> = {
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

/**
 * A credentials provider that is resolved once and shared: by every client of an account and by
 * concurrent requests, renewed only when the credentials near their expiry.
 *
 * @module
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { secrets } from "../util/secrets.ts";

/** Credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** A cached provider that can also be told its credentials were rejected. */
export interface CachedCredentials extends AwsCredentialIdentityProvider {
  /**
   * Forgets the cached credentials: the next call resolves new ones (e.g. after `ExpiredToken`).
   *
   * @param accessKeyId the key AWS rejected; when the cache already holds other credentials (a
   *   concurrent request renewed them), nothing is forgotten
   */
  invalidate(accessKeyId?: string): void;
  /**
   * Tells whether these are still the credentials it would hand out now (not renewed, dropped or
   * about to expire since they were obtained).
   *
   * @param identity credentials obtained from this provider
   */
  holds(identity: AwsCredentialIdentity | undefined): boolean;
  /**
   * Tells the SDK not to wrap this provider in its own per-client cache, so that `invalidate()`
   * reaches every client at once.
   */
  readonly memoized: true;
}

/**
 * Wraps a provider so that concurrent callers share one resolution, and it is resolved again only
 * when the credentials are within five minutes of expiring, after a failure, or after `invalidate()`.
 *
 * (The SDK memoizes per client: without this, an account's IAM and CloudTrail clients would each
 * call AssumeRole.)
 *
 * @param provider the underlying provider, e.g. `fromTemporaryCredentials(...)`
 * @param now clock, in epoch milliseconds. @default Date.now
 * @returns the cached provider
 */
export function cacheCredentials(
  provider: AwsCredentialIdentityProvider,
  now: () => number = Date.now,
): CachedCredentials {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let resolved: AwsCredentialIdentity | undefined;
  const fresh = (c: AwsCredentialIdentity) =>
    !c.expiration || c.expiration.getTime() - now() > RENEW_BEFORE_MS;
  const cached = (() => {
    if (resolved && fresh(resolved)) return Promise.resolve(resolved);
    if (!current || resolved) {
      resolved = undefined;
      const attempt: Promise<AwsCredentialIdentity> = provider().then(
        (c) => {
          // Known from now on, so that no message or report can carry them.
          secrets.add(c.secretAccessKey, c.sessionToken);
          return resolved = c;
        },
        (e) => {
          if (current === attempt) current = undefined;
          throw e;
        },
      );
      current = attempt;
    }
    return current;
  }) as CachedCredentials;
  cached.invalidate = (accessKeyId?: string) => {
    // Several requests of an account fail together when its credentials expire: only the first
    // renews, the others use what it obtained.
    if (accessKeyId !== undefined && resolved !== undefined && resolved.accessKeyId !== accessKeyId) return;
    if (accessKeyId !== undefined && resolved === undefined && current !== undefined) return;
    resolved = undefined;
    current = undefined;
  };
  cached.holds = (identity) => identity !== undefined && resolved === identity && fresh(identity);
  (cached as { memoized: boolean }).memoized = true;
  return cached;
}

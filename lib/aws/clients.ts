/**
 * AWS SDK clients as the audit uses them: one per (service, account's credentials, region), created
 * once, sharing one HTTP connection pool, with bounded retries and request timeouts, paced per
 * account, and counting every attempt and every throttle.
 *
 * Endpoints come from the SDK's standard configuration (`AWS_ENDPOINT_URL`, profile settings), which
 * is also how the tests point the audit at the simulator: there is no test-only path here.
 *
 * @module
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { createRequestHandler, type FetchRequestHandler } from "./http/handler.ts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { InterruptedError } from "../errors/audit_error.ts";
import { isExpiredToken, isThrottlingError, isUnreadableResponse } from "./service_errors.ts";
import type { CachedCredentials } from "./credential_cache.ts";
import { RateLimiter } from "./pace.ts";
import { Semaphore } from "../util/semaphore.ts";

/** Counters of calls made with one account's clients. */
export class CallStats {
  /** HTTP attempts, retries included. */
  apiCalls = 0;
  /** Attempts that AWS answered with a throttling error. */
  throttled = 0;
  /** The account the calls are for, when they are for one (for `--verbose`). */
  readonly accountId?: string;

  /** @param accountId the account the calls are for, if any */
  constructor(accountId?: string) {
    this.accountId = accountId;
  }
}

/** Settings shared by every client of a run. */
export interface ClientSettings {
  /** Aborts every call in flight or waiting for its pace (interruption). */
  signal?: AbortSignal;
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Milliseconds before one HTTP request is abandoned. */
  requestTimeoutMs: number;
  /** Sockets kept open at most, over all clients. */
  maxSockets: number;
  /** Requests in flight at most, over all clients (pacing waits and retry backoffs hold no slot). */
  maxInFlight?: number;
  /** Told of every attempt, for `--verbose`. */
  onAttempt?: (attempt: AttemptInfo) => void;
}

/** One HTTP attempt of an AWS call, as `--verbose` shows it. */
export interface AttemptInfo {
  service: string;
  action: string;
  /** The account the call is for, when it is for one. */
  accountId?: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /** Milliseconds from sending to the response or error. */
  ms: number;
  /** The error's code when the attempt failed. */
  error?: string;
  throttled: boolean;
}

/** An account's pace for a service: one limiter, or one per action (IAM throttles each API apart). */
export type Pace = RateLimiter | ((action: string) => RateLimiter);

/** A credential source: static credentials or a provider the SDK calls (and refreshes). */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** Creates the clients of one run over one shared connection pool. */
export class ClientFactory {
  readonly #settings: ClientSettings;
  readonly #handler: FetchRequestHandler;
  readonly #inFlight?: Semaphore;
  /**
   * AssumeRole calls of the whole run, all made by the caller's account: kept under STS's per-account
   * rate (AWS's quota is far higher; this leaves room for the caller's other work).
   */
  readonly #stsPace = new RateLimiter(40);

  /** @param settings retries, timeouts and pool size of every client */
  constructor(settings: ClientSettings) {
    this.#settings = settings;
    if (settings.maxInFlight) this.#inFlight = new Semaphore(settings.maxInFlight);
    this.#handler = createRequestHandler({
      requestTimeoutMs: settings.requestTimeoutMs,
      maxSockets: settings.maxSockets,
    });
  }

  /** The HTTP handler shared by all clients, for providers that create their own STS client. */
  get requestHandler(): FetchRequestHandler {
    return this.#handler;
  }

  /**
   * An Organizations client (Organizations is served from us-east-1).
   *
   * @param credentials the management account's credentials
   * @param stats where attempts and throttles are counted
   * @returns the client
   */
  organizations(credentials: Credentials, stats: CallStats): OrganizationsClient {
    return this.#instrument(
      new OrganizationsClient(this.#config(credentials, "us-east-1")),
      credentials,
      stats,
    );
  }

  /**
   * An STS client.
   *
   * @param credentials whose identity to use
   * @param region STS regional endpoint to call
   * @param stats where attempts and throttles are counted
   * @returns the client
   */
  sts(credentials: Credentials, region: string, stats: CallStats): STSClient {
    // Every STS call is made with the caller's credentials: one pace for the whole run.
    return this.#instrument(
      new STSClient(this.#config(credentials, region)),
      credentials,
      stats,
      this.#stsPace,
    );
  }

  /**
   * An IAM client for one account (IAM is global; its endpoint is in us-east-1).
   *
   * @param credentials the account's credentials
   * @param stats the account's counters
   * @param limiter paces the account's IAM calls (per action when a function)
   * @returns the client
   */
  iam(credentials: Credentials, stats: CallStats, limiter?: Pace): IAMClient {
    return this.#instrument(
      new IAMClient(this.#config(credentials, "us-east-1")),
      credentials,
      stats,
      limiter,
    );
  }

  /**
   * A CloudTrail client for one account and region.
   *
   * @param credentials the account's credentials
   * @param region where the events are looked up
   * @param stats the account's counters
   * @param limiter paces the account's LookupEvents calls
   * @returns the client
   */
  cloudTrail(
    credentials: Credentials,
    region: string,
    stats: CallStats,
    limiter?: RateLimiter,
  ): CloudTrailClient {
    return this.#instrument(
      new CloudTrailClient(this.#config(credentials, region)),
      credentials,
      stats,
      limiter,
    );
  }

  /** Closes the pooled connections so the process can exit. */
  destroy(): void {
    this.#handler.destroy();
  }

  #config(credentials: Credentials, region: string) {
    return {
      region,
      credentials,
      requestHandler: this.#handler,
      maxAttempts: this.#settings.maxAttempts,
      retryMode: "standard",
    };
  }

  /**
   * Adds two steps to a client:
   * - inside the retry loop (so it sees every attempt): wait for the account's pace, count the
   *   attempt and any throttle, and give up at once when the run is interrupted;
   * - around everything: when AWS says the credentials expired (they can, mid-account, before
   *   their stated expiry), renew them and send the request again, at most twice.
   */
  #instrument<C extends { middlewareStack: { add: (m: never, o: never) => void } }>(
    client: C,
    credentials: Credentials,
    stats: CallStats,
    pace?: Pace,
  ): C {
    const signal = this.#settings.signal;
    // deno-lint-ignore no-explicit-any
    type Next = (args: any) => Promise<unknown>;
    const inFlight = this.#inFlight;
    const onAttempt = this.#settings.onAttempt;
    const perAttempt =
      (next: Next, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
        const limiter = typeof pace === "function" ? pace(actionOf(context)) : pace;
        // CloudTrail lookups, paced at 2 per second, are each account's critical path: they go first.
        const urgent = context.clientName === "CloudTrailClient";
        const release = await abortable(startWhenAllowed(limiter, inFlight, urgent), signal);
        if (signal?.aborted) {
          release();
          throw interrupted();
        }
        stats.apiCalls++;
        // The context lives as long as one `send`: it counts that call's attempts.
        const counted = context as { iamAuditAttempts?: number };
        const attempt = counted.iamAuditAttempts = (counted.iamAuditAttempts ?? 0) + 1;
        const started = performance.now();
        const report = (error?: unknown, throttled = false) =>
          onAttempt?.({
            service: serviceOf(context),
            action: actionOf(context),
            accountId: stats.accountId,
            attempt,
            ms: performance.now() - started,
            ...(error === undefined ? {} : { error: error instanceof Error ? error.name : String(error) }),
            throttled,
          });
        try {
          const out = await abortable(next(args), signal);
          report();
          return out;
        } catch (e) {
          const throttled = isThrottlingError(e);
          if (throttled) stats.throttled++;
          // Which credentials AWS rejected, so that an expiry renews them once, not once per request.
          if (e && typeof e === "object") {
            (e as { iamAuditAccessKeyId?: string }).iamAuditAccessKeyId = signingKeyOf(args);
          }
          report(e, throttled);
          throw e;
        } finally {
          release();
        }
      };
    client.middlewareStack.add(
      perAttempt as never,
      { step: "deserialize", name: "iamAuditPacingAndCounting", priority: "high" } as never,
    );
    const renewable = credentialsOf(credentials);
    const recovering = (next: Next) => async (args: unknown) => {
      for (let renewals = 0, rereads = 0;;) {
        try {
          return await next(args);
        } catch (e) {
          if (renewable && renewals < 2 && isExpiredToken(e)) {
            renewals++;
            renewable.invalidate((e as { iamAuditAccessKeyId?: string }).iamAuditAccessKeyId);
          } else if (rereads < 2 && isUnreadableResponse(e) && !signal?.aborted) {
            // The SDK does not retry a response it could not parse (a truncated body): from here it
            // is a transient failure like any other.
            rereads++;
            await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** rereads * Math.random()));
          } else {
            throw e;
          }
        }
      }
    };
    client.middlewareStack.add(
      recovering as never,
      { step: "initialize", name: "iamAuditRecover", priority: "high" } as never,
    );
    return client;
  }
}

function interrupted(): InterruptedError {
  return new InterruptedError();
}

/** Settles like `promise`, or rejects with {@link InterruptedError} as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(interrupted());
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function credentialsOf(credentials: unknown): CachedCredentials | undefined {
  return typeof credentials === "function" && "invalidate" in credentials
    ? credentials as CachedCredentials
    : undefined;
}

function serviceOf(context: { clientName?: string }): string {
  return (context.clientName ?? "").replace(/Client$/, "").toLowerCase();
}

function actionOf(context: { commandName?: string }): string {
  return (context.commandName ?? "").replace(/Command$/, "");
}

/**
 * Waits for the account's pace and a free slot, holding the slot only once the pace allows a start
 * (a request waiting for its pace must not keep another account's request from being sent).
 *
 * @returns the function to call when the request completes: it frees the slot and tells the pace
 */
async function startWhenAllowed(
  limiter: RateLimiter | undefined,
  inFlight: Semaphore | undefined,
  urgent: boolean,
): Promise<() => void> {
  while (true) {
    await limiter?.ready();
    const release = inFlight ? await inFlight.acquire(urgent) : () => {};
    const done = limiter ? limiter.tryTake() : () => {};
    if (done) {
      return () => {
        done();
        release();
      };
    }
    release();
  }
}

/** The access key id a signed request was signed with (from its SigV4 `Authorization` header). */
function signingKeyOf(args: unknown): string | undefined {
  const headers = (args as { request?: { headers?: Record<string, string> } }).request?.headers ?? {};
  const authorization = headers.authorization ?? headers.Authorization ?? "";
  return /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
}

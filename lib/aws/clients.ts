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
import type { MetadataBearer, Pluggable } from "@smithy/types";
import { type AttemptInfo, CallStats, type Credentials, instrumentation } from "./middleware.ts";
import { ServiceRate } from "./adaptive_rate.ts";
import { Pace } from "./pace.ts";
import { compactProperties, type ServiceId, signerFor, userAgentOf } from "./client_config.ts";

export { type AttemptInfo, CallStats, type Credentials };
import { Semaphore, type Usage } from "../util/semaphore.ts";

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
  /**
   * AssumeRole calls per second at most, over all of this factory's clients. @default 100 (each of a
   * run's threads has its own factory, and a share of the run's rate).
   */
  stsRps?: number;
}

/**
 * AssumeRole calls per second of a whole run, all made by the caller's account: a sixth of STS's quota
 * (600 per second per account and region, as reported), the rest left for the caller's other work; lower
 * when STS throttles (the rate adapts). It sets how fast a run's first accounts open: at 40, 200 accounts
 * took 5 s to open and the last of them ended the run that much later.
 */
export const STS_RPS = 100;

/** Creates the clients of one run over one shared connection pool. */
export class ClientFactory {
  readonly #settings: ClientSettings;
  readonly #handler: FetchRequestHandler;
  readonly #inFlight?: Semaphore;
  /**
   * AssumeRole calls of the whole run, all made by the caller's account: at most `stsRps` per second
   * ({@link STS_RPS}), lower if STS says so.
   */
  readonly #stsPace: Pace;

  /** @param settings retries, timeouts and pool size of every client */
  constructor(settings: ClientSettings) {
    this.#settings = settings;
    this.#stsPace = new Pace(new ServiceRate(settings.stsRps ?? STS_RPS).account());
    if (settings.maxInFlight) this.#inFlight = new Semaphore(settings.maxInFlight);
    this.#handler = createRequestHandler({
      requestTimeoutMs: settings.requestTimeoutMs,
      maxSockets: settings.maxSockets,
    });
  }

  /** The run's cap on requests in flight (`maxInFlight`), for how busy it is; none without a cap. */
  get requestSlots(): { usage(): Usage } | undefined {
    return this.#inFlight;
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
      new OrganizationsClient(this.#config("Organizations", credentials, "us-east-1")),
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
      new STSClient(this.#config("STS", credentials, region)),
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
   * @param pace paces the account's IAM calls
   * @returns the client
   */
  iam(credentials: Credentials, stats: CallStats, pace?: Pace): IAMClient {
    return this.#instrument(
      new IAMClient(this.#config("IAM", credentials, "us-east-1")),
      credentials,
      stats,
      pace,
    );
  }

  /**
   * A CloudTrail client for one account and region.
   *
   * @param credentials the account's credentials
   * @param region where the events are looked up
   * @param stats the account's counters
   * @param pace paces the account's LookupEvents calls
   * @returns the client
   */
  cloudTrail(credentials: Credentials, region: string, stats: CallStats, pace?: Pace): CloudTrailClient {
    return this.#instrument(
      new CloudTrailClient(this.#config("CloudTrail", credentials, region)),
      credentials,
      stats,
      pace,
    );
  }

  /** Closes the pooled connections so the process can exit. */
  destroy(): void {
    this.#handler.destroy();
  }

  #config(service: ServiceId, credentials: Credentials, region: string) {
    return {
      region,
      credentials,
      defaultUserAgentProvider: userAgentOf(service),
      signer: signerFor(service, credentials, region),
      requestHandler: this.#handler,
      maxAttempts: this.#settings.maxAttempts,
      retryMode: "standard",
      // Each command's middleware stack is resolved once per client, not at every call (the SDK's
      // option; no per-command middleware is used here). It was an eighth of the CPU of a call.
      cacheMiddleware: true,
    };
  }

  /** Adds iam-audit's steps to a client (lib/aws/middleware.ts). */
  #instrument<C extends { middlewareStack: { use(plugin: Pluggable<object, MetadataBearer>): void } }>(
    client: C,
    credentials: Credentials,
    stats: CallStats,
    pace?: Pace,
  ): C {
    // The SDK copies the configuration three times at every request: compacted, each copy costs a seventh.
    compactProperties((client as unknown as { config: object }).config);
    client.middlewareStack.use(instrumentation({
      credentials,
      stats,
      pace,
      inFlight: this.#inFlight,
      signal: this.#settings.signal,
      onAttempt: this.#settings.onAttempt,
    }));
    return client;
  }
}

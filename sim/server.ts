/**
 * A local HTTP server speaking the AWS wire protocols of Organizations, CloudTrail (JSON 1.1), STS and
 * IAM (query), answering from a {@link Scenario} for the account whose credentials signed each request.
 *
 * Point the real AWS SDK at it (`endpoint: sim.url`) with the scenario's management credentials.
 * See `README.md` beside this file for the behaviour in full.
 *
 * @module
 */

import type { Scenario } from "./scenario.ts";
import {
  DEFAULT_MAX_SIGNATURE_AGE_MS,
  IAM_THROTTLE_MODELS,
  type RateLimits,
  type SimOptions,
} from "./options.ts";
import { OrgModel } from "./org_model.ts";
import { CredentialStore } from "./credentials.ts";
import { type SimStats, StatsRecorder, statsToJson } from "./stats.ts";
import { SignatureVerifier } from "./sigv4.ts";
import {
  type RateLimiter,
  SlidingWindowLimiter,
  TokenBucketLimiter,
  validateBrownout,
} from "./rate_limiter.ts";
import { FaultInjector } from "./faults.ts";
import { checkRoute, route, serviceOf } from "./route.ts";
import { authenticate, readAuthorization } from "./auth.ts";
import {
  accessDenied,
  AwsError,
  expiredToken,
  type Protocol,
  serverError,
  type ServiceName,
  SignatureTimeError,
  throttled,
} from "./errors.ts";
import { errorReply, jsonReply, QUERY_NAMESPACE, queryReply, type Reply } from "./wire.ts";
import type { CallContext, JsonHandler, QueryHandler } from "./services/context.ts";
import { IAM_ACTIONS } from "./services/iam.ts";
import { STS_ACTIONS } from "./services/sts.ts";
import { ORGANIZATIONS_ACTIONS } from "./services/organizations.ts";
import { CLOUDTRAIL_ACTIONS } from "./services/cloudtrail.ts";

export type { SimStats } from "./stats.ts";
export type { Brownout, Faults, IamThrottleModel, RateLimits, ServiceRates, SimOptions } from "./options.ts";
export { AWS_LIKE_RATE_LIMITS, DEFAULT_MAX_SIGNATURE_AGE_MS, IAM_THROTTLE_MODELS } from "./options.ts";

/** A running simulator. */
export interface Simulator {
  /**
   * Base URL to use as the SDK clients' `endpoint`, e.g. `http://127.0.0.1:43127` (`https://` with
   * the `tls` option: use `localhost` instead of the address when the certificate names only that).
   */
  readonly url: string;
  readonly port: number;
  /** Live statistics (also served as JSON at `GET {url}/__sim/stats`). */
  readonly stats: SimStats;
  readonly scenario: Scenario;
  /** The management credentials' access key id (from the scenario). */
  readonly accessKeyId: string;
  /** The management credentials' secret (from the scenario). */
  readonly secretAccessKey: string;
  readonly managementAccountId: string;
  /** Secrets (secret keys, session tokens) of the temporary credentials issued, for leak checks. */
  issuedSecrets(): string[];
  /** Stops listening; pending delayed responses are released first. */
  close(): Promise<void>;
  /** Same as {@link Simulator.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const QUERY_HANDLERS: Partial<Record<ServiceName, Record<string, QueryHandler>>> = {
  iam: IAM_ACTIONS,
  sts: STS_ACTIONS,
};

const JSON_HANDLERS: Partial<Record<ServiceName, Record<string, JsonHandler>>> = {
  organizations: ORGANIZATIONS_ACTIONS,
  cloudtrail: CLOUDTRAIL_ACTIONS,
};

const RATE_OPTION: Record<
  ServiceName,
  "iamPerSecond" | "stsPerSecond" | "organizationsPerSecond" | "cloudTrailPerSecond"
> = {
  iam: "iamPerSecond",
  sts: "stsPerSecond",
  organizations: "organizationsPerSecond",
  cloudtrail: "cloudTrailPerSecond",
};

const THROTTLE_CODES = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException"]);

/** Outcome of the pipeline: a reply, possibly to be garbled, or a dropped connection. */
type Outcome = { reply: Reply; malformed?: boolean } | { reset: true };

/** Starts a simulator serving `scenario`; resolves once it listens. */
export async function startSimulator(scenario: Scenario, options: SimOptions = {}): Promise<Simulator> {
  const sim = new SimulatorServer(scenario, options);
  await sim.listening;
  return sim;
}

class SimulatorServer implements Simulator {
  readonly scenario: Scenario;
  readonly listening: Promise<void>;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly managementAccountId: string;
  #model: OrgModel;
  #credentials: CredentialStore;
  #recorder: StatsRecorder;
  #verifier?: SignatureVerifier;
  #faults: FaultInjector;
  #limiters = new Map<string, RateLimiter>();
  /** Where brownout schedules start (the `performance.now()` the limiters are given). */
  #startedAtMs = performance.now();
  #options: SimOptions;
  #now: () => Date;
  #pageSize: number;
  #maxSignatureAgeMs: number;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #sleepers = new Map<ReturnType<typeof setTimeout>, () => void>();
  #closed = false;

  constructor(scenario: Scenario, options: SimOptions) {
    this.scenario = scenario;
    this.#options = options;
    this.#model = new OrgModel(scenario);
    this.#credentials = new CredentialStore(scenario);
    this.#recorder = new StatsRecorder(this.#model.accountIds);
    this.#verifier = options.verifySignatures === false ? undefined : new SignatureVerifier();
    this.#faults = new FaultInjector(options.faults);
    this.#now = options.now ?? (() => new Date());
    this.#pageSize = options.pageSize ?? 2;
    if (!(this.#pageSize >= 1)) throw new Error(`pageSize must be at least 1: ${this.#pageSize}`);
    this.#maxSignatureAgeMs = options.maxSignatureAgeMs ?? DEFAULT_MAX_SIGNATURE_AGE_MS;
    if (!(this.#maxSignatureAgeMs > 0)) {
      throw new Error(`maxSignatureAgeMs must be positive: ${this.#maxSignatureAgeMs}`);
    }
    if (options.rateLimits) validateRateLimits(options.rateLimits);
    this.accessKeyId = scenario.managementCredentials.accessKeyId;
    this.secretAccessKey = scenario.managementCredentials.secretAccessKey;
    this.managementAccountId = scenario.managementAccountId;
    let ready!: () => void;
    this.listening = new Promise((resolve) => ready = resolve);
    this.#server = Deno.serve({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
      ...(options.tls ? { cert: options.tls.cert, key: options.tls.key } : {}),
      onListen: () => ready(),
      onError: (error) => {
        if (!(error instanceof SimulatedReset)) console.error("simulator: unhandled error", error);
        return new Response("internal error", { status: 500 });
      },
    }, (request) => this.#handle(request));
  }

  get port(): number {
    return this.#server.addr.port;
  }

  get url(): string {
    const scheme = this.#options.tls ? "https" : "http";
    return `${scheme}://${this.#server.addr.hostname}:${this.#server.addr.port}`;
  }

  issuedSecrets(): string[] {
    return this.#credentials.issuedSecrets();
  }

  get stats(): SimStats {
    return this.#recorder.stats;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const [timer, wake] of this.#sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.#sleepers.clear();
    await this.#server.shutdown();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleepers.delete(timer);
        resolve();
      }, ms);
      this.#sleepers.set(timer, resolve);
    });
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__sim/")) return this.#control(request, url);
    const recorder = this.#recorder;
    recorder.begin();
    let accountId: string | undefined;
    try {
      const requestId = crypto.randomUUID();
      const outcome = await this.#process(request, url, requestId, (id) => accountId = id);
      return toResponse(outcome, requestId);
    } finally {
      recorder.end(accountId);
    }
  }

  #control(request: Request, url: URL): Response {
    if (request.method === "GET" && url.pathname === "/__sim/stats") {
      return new Response(JSON.stringify(statsToJson(this.stats)), {
        headers: { "content-type": "application/json" },
      });
    }
    return new Response("not found", { status: 404 });
  }

  async #process(
    request: Request,
    url: URL,
    requestId: string,
    setAccount: (id: string) => void,
  ): Promise<Outcome> {
    const body = new Uint8Array(await request.arrayBuffer());
    const routed = route(request.headers, url, new TextDecoder().decode(body));
    const protocol: Protocol = routed.protocol;
    let service: ServiceName | undefined = routed.protocol === "json" ? routed.service : undefined;
    let callerAccountId: string | undefined;
    const fail = (error: AwsError): Outcome => {
      this.#recorder.error(error.code, THROTTLE_CODES.has(error.code), service, callerAccountId);
      const namespace = service === "sts" ? QUERY_NAMESPACE.sts : QUERY_NAMESPACE.iam;
      return { reply: errorReply(protocol, error, requestId, namespace) };
    };

    const auth = readAuthorization(request.headers, protocol);
    service = serviceOf(routed, auth instanceof AwsError ? undefined : auth.service);
    this.#recorder.action(`${service ?? routed.protocol}:${routed.action}`);
    if (auth instanceof AwsError) return fail(auth);
    const unroutable = checkRoute(routed, service);
    // checkRoute always objects to an unknown service; the second test only narrows the type.
    if (unroutable || service === undefined) return fail(unroutable ?? new AwsError("InvalidAction", ""));

    const nowDate = this.#now();
    const authenticated = authenticate(
      { method: request.method, url, headers: request.headers, body },
      auth,
      protocol,
      service,
      {
        credentials: this.#credentials,
        verifier: this.#verifier,
        nowMs: nowDate.getTime(),
        wallClockMs: Date.now(),
        maxSignatureAgeMs: this.#maxSignatureAgeMs,
      },
    );
    if (authenticated instanceof SignatureTimeError) this.#recorder.signatureExpired(authenticated.accountId);
    if (authenticated instanceof AwsError) return fail(authenticated);
    const principal = authenticated.principal;
    const accountId = callerAccountId = principal.accountId;
    setAccount(accountId);
    const action = routed.action;
    const key = `${service}:${action}`;
    this.#recorder.account(accountId, key === "cloudtrail:LookupEvents", performance.now());
    principal.calls++;
    const faults = this.#faults;
    if (
      principal.kind === "assumed" && faults.expireAfterCalls !== undefined &&
      principal.calls > faults.expireAfterCalls
    ) {
      this.#recorder.fault("expired");
      return fail(expiredToken(protocol));
    }

    await this.#sleep(this.#options.latencyMs ?? 0);

    const handler = routed.protocol === "json"
      ? JSON_HANDLERS[service]?.[action]
      : QUERY_HANDLERS[service]?.[action];
    if (!handler || action === "") {
      this.#recorder.refused(key);
      return fail(accessDenied(
        service,
        `User: ${principal.arn} is not authorized to perform: ${key} ` +
          `(the simulator refused a non-read-only or unsupported action)`,
      ));
    }
    if (faults.isDenied(accountId) && key !== "sts:GetCallerIdentity") {
      this.#recorder.fault("accessDenied");
      return fail(accessDenied(
        service,
        `User: ${principal.arn} is not authorized to perform: ${key} with an explicit deny in a service control policy`,
      ));
    }
    if (this.#model.accountsById.get(accountId)?.deniedActions?.includes(key)) {
      this.#recorder.fault("accessDenied");
      return fail(accessDenied(
        service,
        `User: ${principal.arn} is not authorized to perform: ${key} because no identity-based policy ` +
          `allows the ${key} action`,
      ));
    }
    if (!this.#admit(accountId, service, key)) return fail(throttled(service));
    if (service === "organizations" && faults.organizationsFails()) return fail(serverError(500));

    const fault = faults.draw();
    let malformed = false;
    switch (fault) {
      case "throttle":
        this.#recorder.fault("throttle");
        return fail(throttled(service));
      case "server500":
      case "server503":
        this.#recorder.fault("serverError");
        return fail(serverError(fault === "server500" ? 500 : 503));
      case "reset":
        this.#recorder.fault("reset");
        return { reset: true };
      case "slow":
        this.#recorder.fault("slow");
        await this.#sleep(faults.slowMs);
        break;
      case "malformed":
        this.#recorder.fault("malformed");
        malformed = true;
        break;
    }

    const ctx: CallContext = {
      principal,
      model: this.#model,
      region: authenticated.auth.region,
      requestId,
      now: nowDate,
      pageSize: this.#pageSize,
      credentials: this.#credentials,
      stats: this.#recorder,
    };
    if (routed.protocol === "json" && routed.error) return fail(routed.error);
    try {
      const reply = routed.protocol === "json"
        ? jsonReply((handler as JsonHandler)(ctx, routed.input))
        : queryReply(
          QUERY_NAMESPACE[service as "iam" | "sts"],
          action,
          (handler as QueryHandler)(ctx, routed.params),
          requestId,
        );
      return { reply, malformed };
    } catch (error) {
      if (error instanceof AwsError) return fail(error);
      console.error(`simulator: ${key} failed`, error);
      return fail(serverError(500));
    }
  }

  /**
   * Applies the per-account rate limit of `service`, if one is configured. IAM's follows its model:
   * per action (its own budget per API, as IAM throttles each API with its own token buckets), per
   * account, or a per-account token bucket.
   */
  #admit(accountId: string, service: ServiceName, action: string): boolean {
    const limits = this.#options.rateLimits;
    const rate = limits?.[RATE_OPTION[service]];
    if (rate === undefined) return true;
    const model = service === "iam" ? limits!.iamModel ?? "perAction" : "perAccount";
    const key = model === "perAction" ? `${accountId}:${action}` : `${accountId}:${service}`;
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = model === "bursty"
        ? new TokenBucketLimiter(
          rate,
          limits!.iamBurst ?? Math.max(1, 5 * rate),
          limits!.iamBrownout,
          this.#startedAtMs,
        )
        : new SlidingWindowLimiter(rate);
      this.#limiters.set(key, limiter);
    }
    return limiter.tryAcquire(performance.now());
  }
}

/** Rejects rate limits the limiters could not honour, before the first request. */
function validateRateLimits(limits: RateLimits): void {
  for (const key of Object.values(RATE_OPTION)) {
    const rate = limits[key];
    if (rate !== undefined && !(rate > 0)) throw new Error(`rate limit ${key} must be positive: ${rate}`);
  }
  const model = limits.iamModel;
  if (model !== undefined && !IAM_THROTTLE_MODELS.includes(model)) {
    throw new Error(`iamModel must be one of ${IAM_THROTTLE_MODELS.join(", ")}: ${model}`);
  }
  if (model !== undefined && limits.iamPerSecond === undefined) {
    throw new Error("iamModel needs iamPerSecond");
  }
  if ((limits.iamBurst !== undefined || limits.iamBrownout !== undefined) && model !== "bursty") {
    throw new Error('iamBurst and iamBrownout apply to iamModel "bursty" only');
  }
  if (limits.iamBurst !== undefined && !(limits.iamBurst >= 1)) {
    throw new Error(`iamBurst must be at least 1: ${limits.iamBurst}`);
  }
  if (limits.iamBrownout) validateBrownout(limits.iamBrownout);
}

/** The failure that aborts a response body on purpose (not worth logging). */
class SimulatedReset extends Error {}

/** Turns an outcome into a `Response`, garbling or dropping it as the fault demands. */
function toResponse(outcome: Outcome, requestId: string): Response {
  if ("reset" in outcome) {
    // Deno.serve cannot close a socket outright: promise a body and fail it, which aborts the connection.
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new SimulatedReset("simulated connection reset"));
      },
    });
    return new Response(body, { status: 200, headers: { "content-length": "1024" } });
  }
  const { reply, malformed } = outcome;
  const text = malformed ? garble(reply.body) : reply.body;
  return new Response(text, {
    status: reply.status,
    headers: { "content-type": reply.contentType, "x-amzn-RequestId": requestId },
  });
}

/** A truncated body: the first half, cut inside the document so no parser can accept it. */
function garble(body: string): string {
  return body.slice(0, Math.max(1, Math.floor(body.length / 2))) + '\u0000<"{';
}

/**
 * The HTTP layer under every AWS SDK client of a run: an SDK request handler on Deno's `fetch`,
 * sending through a `Deno.HttpClient` that trusts `AWS_CA_BUNDLE`.
 *
 * Why `fetch`, not the SDK's default `NodeHttpHandler` (node:https): corporate laptops often reach
 * AWS only through an HTTPS proxy that re-signs TLS with its own CA. Deno's `fetch` tunnels through
 * `HTTPS_PROXY` (CONNECT) and honours `HTTP_PROXY` and `NO_PROXY` by itself, accepts extra CA
 * certificates per client (`Deno.createHttpClient({ caCerts })`), and can trust the operating
 * system's store, identically under `deno run` and in a `deno compile`d binary; node:https does none
 * of this. `tests/bench/http_handler.ts` measures its CPU per call against NodeHttpHandler's.
 *
 * It calls `fetch` itself rather than through the SDK's `FetchHttpHandler`, which it wrapped until
 * the benchmark showed what that cost: a `Headers` built and copied into a `Request`, a race against a
 * timeout promise and an abort listener per call — about 100 µs of CPU per call, a fifth of the whole
 * call (`deno run -A tests/bench/http_handler.ts --baseline` compares both). Besides, that handler
 * times out only until the response headers arrive (leaving the request running) and passes Deno's
 * bare `TypeError`s on; this one times out over the whole exchange, body included, caps the requests
 * in flight, and throws errors that the SDK retries by code and that tell the user what to do
 * (`network_errors.ts`).
 *
 * @module
 */
import { buildQueryString, HttpResponse } from "@smithy/core/protocols";
import type { HttpHandlerOptions, HttpRequest } from "@smithy/types";
import { Semaphore } from "../../util/semaphore.ts";
import { abortError, networkError, timeoutError, tlsSetupError } from "./network_errors.ts";
import { type EnvReader, proxyFor } from "./proxy.ts";
import { readCaBundle, trustSystemStore } from "./trust_store.ts";

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /** Milliseconds one HTTP exchange (connect, send, response headers and body) may take; 0: no limit. */
  requestTimeoutMs: number;
  /** Requests in flight at most, over all clients; further requests wait for a free slot. */
  maxSockets: number;
  /**
   * Where `AWS_CA_BUNDLE` (and, for messages, the proxy variables) are read.
   *
   * @default the process environment, which is also the only place Deno's `fetch` reads
   * `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` from; only with it is the system trust store
   * switched on (see `trustSystemStore` in `trust_store.ts`)
   */
  env?: EnvReader;
}

/**
 * Creates the request handler that every AWS client of a run shares.
 *
 * @param options timeout, cap on requests in flight and environment
 * @returns the handler; call `destroy()` when the run ends so the process can exit
 * @throws {RangeError} when `maxSockets` is below 1
 * @example
 * ```ts
 * const handler = createRequestHandler({ requestTimeoutMs: 30_000, maxSockets: 64 });
 * const iam = new IAMClient({ region: "us-east-1", requestHandler: handler });
 * ```
 */
export function createRequestHandler(options: RequestHandlerOptions): FetchRequestHandler {
  // The trust store is the process's, set before its first TLS connection: only from its own environment.
  if (options.env === undefined) trustSystemStore();
  return new FetchRequestHandler(options);
}

/** The handler's configuration, as the SDK's handler contract exposes it. */
export interface FetchHandlerConfig {
  /** Milliseconds one exchange may take; 0: no limit. */
  requestTimeout: number;
}

/**
 * An AWS SDK request handler on Deno's `fetch`, with the additions the module documentation lists. Create it with {@link createRequestHandler}.
 */
export class FetchRequestHandler {
  /** Tells the SDK which protocol family this handler speaks. */
  readonly metadata = { handlerProtocol: "http/1.1" };
  readonly #config: FetchHandlerConfig;
  readonly #poolSize: number;
  readonly #slots: Semaphore;
  readonly #env: EnvReader;
  /** The HttpClient every request is sent with; made on first use. */
  #client?: Deno.HttpClient;

  /**
   * A handler with the process's trust store as it is: {@link createRequestHandler} sets it up first.
   *
   * @param options see {@link RequestHandlerOptions}
   * @throws {RangeError} when `maxSockets` is below 1
   */
  constructor(options: RequestHandlerOptions) {
    if (!(options.maxSockets >= 1)) {
      throw new RangeError(`maxSockets must be at least 1: ${options.maxSockets}`);
    }
    this.#config = { requestTimeout: options.requestTimeoutMs };
    this.#poolSize = options.maxSockets;
    this.#slots = new Semaphore(options.maxSockets);
    this.#env = options.env ?? ((name) => Deno.env.get(name));
  }

  /**
   * Sends one request and reads its whole response.
   *
   * @param request the SDK's signed request
   * @param options the SDK's abort signal and per-request timeout
   * @returns the response, its body as bytes
   * @throws an error with `name` `TimeoutError`, `AbortError`, `TlsError`, `ProxyError`,
   *   `CaBundleError`, `TlsSetupError` or `NetworkError`; network errors carry the Node `code` the
   *   SDK retries on
   */
  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) throw abortError(abortSignal);
    const client = this.#client ??= this.#createClient();
    const release = await this.#slots.acquire();
    // One signal ends the whole exchange, the body included: the timer's or the caller's.
    const controller = new AbortController();
    const timeoutMs = options.requestTimeout ?? this.#config.requestTimeout;
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs)
      : undefined;
    const onAbort = () => controller.abort(abortSignal?.reason);
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    let phase: "request" | "body" = "request";
    try {
      if (abortSignal?.aborted) throw abortSignal.reason;
      const method = request.method;
      const response = await fetch(url(request), {
        method,
        // A plain object: fetch validates each header once (a Headers object first would be a second pass).
        headers: request.headers,
        body: method === "GET" || method === "HEAD" ? undefined : request.body,
        signal: controller.signal,
        // As the SDK's handlers: a redirect goes back to the SDK; a signed request is not re-sent elsewhere.
        redirect: "manual",
        client,
      } as RequestInit);
      phase = "body";
      // Read here, under the timer, not later by the SDK: a body that stalls must time out too.
      const body = await response.bytes();
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) headers[name] = value;
      return {
        response: new HttpResponse({
          statusCode: response.status,
          reason: response.statusText,
          headers,
          body,
        }),
      };
    } catch (e) {
      if (timedOut) throw timeoutError(origin(request), timeoutMs, e);
      if (abortSignal?.aborted) throw abortError(abortSignal);
      const url = new URL(`${origin(request)}${request.path}`);
      throw networkError(e, url, proxyFor(url, this.#env), phase);
    } finally {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
      release();
    }
  }

  /**
   * Part of the SDK's handler contract: only `requestTimeout` can be changed.
   *
   * @param key the setting
   * @param value its new value
   */
  updateHttpClientConfig(key: keyof FetchHandlerConfig, value: number): void {
    this.#config[key] = value;
  }

  /**
   * Part of the SDK's handler contract.
   *
   * @returns the current settings
   */
  httpHandlerConfigs(): FetchHandlerConfig {
    return { ...this.#config };
  }

  /** Closes the pooled connections so the process can exit; a later request opens new ones. */
  destroy(): void {
    this.#client?.close();
    this.#client = undefined;
  }

  /** Called on first use, so that an unreadable `AWS_CA_BUNDLE` fails the first call, with its reason. */
  #createClient(): Deno.HttpClient {
    const bundle = this.#env("AWS_CA_BUNDLE");
    const caCerts = bundle ? readCaBundle(bundle) : [];
    try {
      return Deno.createHttpClient({
        caCerts,
        poolMaxIdlePerHost: this.#poolSize,
        // As the SDK's own handler: HTTP/1.1, the protocol AWS's query and JSON APIs are served and signed for.
        http1: true,
        http2: false,
      });
    } catch (e) {
      throw tlsSetupError(e);
    }
  }
}

/** The request's URL, as the SDK's handlers build it (query string and fragment included). */
function url(request: HttpRequest): string {
  const query = buildQueryString(request.query ?? {});
  const auth = request.username != null || request.password != null
    ? `${request.username ?? ""}:${request.password ?? ""}@`
    : "";
  return `${request.protocol}//${auth}${request.hostname}${
    request.port ? `:${request.port}` : ""
  }${request.path}` +
    `${query ? `?${query}` : ""}${request.fragment ? `#${request.fragment}` : ""}`;
}

/** `https://host:port` of a request, for messages. */
function origin(request: HttpRequest): string {
  return `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
}

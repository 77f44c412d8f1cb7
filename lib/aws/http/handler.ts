/**
 * The HTTP layer under every AWS SDK client of a run, built on Deno's own `fetch`.
 *
 * Why not the SDK's default `NodeHttpHandler` (node:https): corporate laptops often reach AWS only
 * through an HTTPS proxy that re-signs TLS with its own CA. Deno's `fetch` tunnels through
 * `HTTPS_PROXY` (CONNECT) and honours `HTTP_PROXY` and `NO_PROXY` by itself, accepts extra CA
 * certificates per client (`Deno.createHttpClient({ caCerts })`), and can trust the operating
 * system's store, identically under `deno run` and in a `deno compile`d binary; node:https does none
 * of this. It is also not slower: see `tests/bench/http_handler.ts`.
 *
 * What this module adds to `fetch`: the SDK's handler contract (an `HttpRequest` in, an
 * `HttpResponse` out), a request timeout covering the whole exchange (headers and body) that the SDK
 * sees as a `TimeoutError` and retries, a cap on requests in flight (`maxSockets`), `AWS_CA_BUNDLE`
 * and the system trust store by default (`trust_store.ts`), and failures turned into errors that say
 * what to do, carrying the Node error codes (`ECONNRESET`, `ECONNREFUSED`, ...) by which the SDK
 * decides to retry (`network_errors.ts`).
 *
 * @module
 */
import type {
  HeaderBag,
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  QueryParameterBag,
} from "@smithy/types";
import { abortError, networkError, timeoutError, tlsSetupError } from "./network_errors.ts";
import { type EnvReader, proxyFor } from "./proxy.ts";
import { readCaBundle, trustSystemStore } from "./trust_store.ts";

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /** Milliseconds one HTTP exchange (connect, send, response headers and body) may take. */
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
 * An AWS SDK request handler on Deno's `fetch`; see the module documentation. Create it with
 * {@link createRequestHandler}.
 */
export class FetchRequestHandler {
  /** Tells the SDK which protocol family this handler speaks. */
  readonly metadata = { handlerProtocol: "http/1.1" };
  readonly #config: FetchHandlerConfig;
  readonly #maxInFlight: number;
  readonly #env: EnvReader;
  #client?: Deno.HttpClient;
  #inFlight = 0;
  #waiting: (() => void)[] = [];

  /** @param options see {@link RequestHandlerOptions} */
  constructor(options: RequestHandlerOptions) {
    if (!(options.maxSockets >= 1)) {
      throw new RangeError(`maxSockets must be at least 1: ${options.maxSockets}`);
    }
    this.#config = { requestTimeout: options.requestTimeoutMs };
    this.#maxInFlight = options.maxSockets;
    this.#env = options.env ?? ((name) => Deno.env.get(name));
  }

  /**
   * Sends one request and reads its whole response.
   *
   * @param request the SDK's signed request
   * @param options the SDK's abort signal and per-request timeout
   * @returns the response, its body as bytes
   * @throws an error with `name` `TimeoutError`, `AbortError`, `TlsError`, `ProxyError`,
   *   `CaBundleError` or `NetworkError`; network errors carry the Node `code` the SDK retries on
   */
  async handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {},
  ): Promise<{ response: HttpResponse }> {
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    if (abortSignal?.aborted) throw abortError(abortSignal);
    const client = this.#httpClient();
    await this.#acquire();
    if (abortSignal?.aborted) {
      this.#release();
      throw abortError(abortSignal);
    }
    const url = requestUrl(request);
    const timeoutMs = options.requestTimeout ?? this.#config.requestTimeout;
    const controller = new AbortController();
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs)
      : undefined;
    const onAbort = () => controller.abort();
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    let phase: "request" | "body" = "request";
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: fetchHeaders(request.headers),
        body: request.method === "GET" || request.method === "HEAD" ? undefined : requestBody(request.body),
        signal: controller.signal,
        client,
        redirect: "manual",
      });
      phase = "body";
      const body = new Uint8Array(await response.arrayBuffer());
      const headers: HeaderBag = {};
      for (const [name, value] of response.headers) headers[name] = value;
      return {
        response: { statusCode: response.status, reason: response.statusText, headers, body },
      };
    } catch (e) {
      if (timedOut) throw timeoutError(url.origin, timeoutMs, e);
      if (abortSignal?.aborted) throw abortError(abortSignal);
      throw networkError(e, url, proxyFor(url, this.#env), phase);
    } finally {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
      this.#release();
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

  /** Created on first use, so that an unreadable `AWS_CA_BUNDLE` fails the first call, with its reason. */
  #httpClient(): Deno.HttpClient {
    if (this.#client) return this.#client;
    const bundle = this.#env("AWS_CA_BUNDLE");
    const caCerts: string[] = [];
    if (bundle) caCerts.push(...readCaBundle(bundle));
    try {
      this.#client = Deno.createHttpClient({
        caCerts,
        poolMaxIdlePerHost: this.#maxInFlight,
        // As the SDK's own handler: HTTP/1.1, the protocol AWS's query and JSON APIs are served and signed for.
        http1: true,
        http2: false,
      });
    } catch (e) {
      throw tlsSetupError(e);
    }
    return this.#client;
  }

  #acquire(): Promise<void> {
    if (this.#inFlight < this.#maxInFlight) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.#inFlight--;
  }
}

function requestUrl(request: HttpRequest): URL {
  const port = request.port ? `:${request.port}` : "";
  const query = queryString(request.query);
  const auth = request.username != null || request.password != null
    ? `${encodeURIComponent(request.username ?? "")}:${encodeURIComponent(request.password ?? "")}@`
    : "";
  const fragment = request.fragment ? `#${request.fragment}` : "";
  return new URL(`${request.protocol}//${auth}${request.hostname}${port}${request.path}${query}${fragment}`);
}

/** The SDK's query encoding (RFC 3986, as SigV4 signs it). */
function queryString(query: QueryParameterBag | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    const name = escapeUri(key);
    if (Array.isArray(value)) { for (const v of value) parts.push(`${name}=${escapeUri(v)}`); }
    else if (value === null) parts.push(name);
    else parts.push(`${name}=${escapeUri(value)}`);
  }
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `fetch` computes the framing headers itself; sending the SDK's copies could only conflict. */
const FRAMING_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "expect"]);

/** A plain record: `fetch` copies it into its own header list, so building a `Headers` here is waste. */
function fetchHeaders(bag: HeaderBag): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in bag) {
    const value = bag[name];
    if (value !== undefined && !FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}

function requestBody(body: unknown): BodyInit | undefined {
  if (body === undefined || body === null) return undefined;
  if (
    typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer ||
    body instanceof Blob || body instanceof ReadableStream
  ) {
    return body as BodyInit;
  }
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  }
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
    return ReadableStream.from(body as AsyncIterable<Uint8Array>);
  }
  throw new TypeError(`unsupported request body: ${Object.prototype.toString.call(body)}`);
}

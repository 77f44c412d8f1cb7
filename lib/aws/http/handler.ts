/**
 * The HTTP layer under every AWS SDK client of a run, built on Deno's own `fetch`.
 *
 * Why not the SDK's default `NodeHttpHandler` (node:https): corporate laptops often reach AWS only
 * through an HTTPS proxy that re-signs TLS with its own CA. Deno's `fetch` tunnels through
 * `HTTPS_PROXY` (CONNECT) and honours `HTTP_PROXY` and `NO_PROXY` by itself, accepts extra CA
 * certificates per client (`Deno.createHttpClient({ caCerts })`), and can trust the operating
 * system's store, identically under `deno run` and in a `deno compile`d binary; node:https does none
 * of this. It is also not slower: see the README's measurements.
 *
 * What this module adds to `fetch`: the SDK's handler contract (an `HttpRequest` in, an
 * `HttpResponse` out), a request timeout covering the whole exchange (headers and body) that the SDK
 * sees as a `TimeoutError` and retries, a cap on requests in flight (`maxSockets`), `AWS_CA_BUNDLE`,
 * the system trust store by default, and failures turned into errors that say what to do, carrying
 * the Node error codes (`ECONNRESET`, `ECONNREFUSED`, ...) by which the SDK decides to retry.
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

/** Reads one environment variable. */
export type EnvReader = (name: string) => string | undefined;

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /** Milliseconds one HTTP exchange (connect, send, response headers and body) may take. */
  requestTimeoutMs: number;
  /** Requests in flight at most, over all clients; further requests wait for a free slot. */
  maxSockets: number;
  /**
   * Where `AWS_CA_BUNDLE` (and, for messages, the proxy variables) are read. Default: the process
   * environment, which is also the only place Deno's `fetch` reads `HTTPS_PROXY`, `HTTP_PROXY` and
   * `NO_PROXY` from; only with the default is the system trust store switched on (see
   * {@link trustSystemStore}).
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

/** What {@link trustSystemStore} did. */
export type SystemStoreOutcome =
  /** The system store is trusted, beside Mozilla's roots. */
  | "added"
  /** `DENO_TLS_CA_STORE` was already set (by the user, or by an earlier call): that choice stands. */
  | "user-choice"
  /** The system store could not be loaded (the reason is given); Mozilla's roots only. */
  | { unavailable: string };

/**
 * Makes Deno's TLS trust the operating system's certificate store as well as its built-in Mozilla
 * roots, unless the user chose with `DENO_TLS_CA_STORE`: corporate CAs are installed in the system
 * store by device management, and nobody should need to know a Deno variable to use them.
 *
 * Deno reads the variable when the first HTTP client or TLS connection builds the process's root
 * store, and keeps that store only if it built; so this runs before any request, builds the store at
 * once (`probe`), and when the system store cannot be loaded (`SSL_CERT_FILE` naming a missing file,
 * a broken keychain) falls back to Mozilla's roots instead of failing every later request. Calling
 * it again is harmless: it then finds the variable set and leaves it.
 *
 * @param env the process environment (replaceable for tests)
 * @param probe builds the root store; throws when it cannot
 * @returns what was done
 */
export function trustSystemStore(
  env: { get(name: string): string | undefined; set(name: string, value: string): void } = Deno.env,
  probe: () => void = () => Deno.createHttpClient({}).close(),
): SystemStoreOutcome {
  if (env.get("DENO_TLS_CA_STORE")) return "user-choice";
  env.set("DENO_TLS_CA_STORE", "mozilla,system");
  try {
    probe();
    return "added";
  } catch (e) {
    env.set("DENO_TLS_CA_STORE", "mozilla");
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The proxy a request to `url` goes through, by the rules of Deno's `fetch` (which does the actual
 * routing): `NO_PROXY` first (comma-separated; `*` matches everything; a name matches itself and
 * its subdomains, with or without a leading dot; an IP address or CIDR block matches addresses),
 * then `ALL_PROXY`, then `HTTPS_PROXY` for https and `HTTP_PROXY` for http (upper case first).
 * Used to say which proxy a failure went through; it does not route anything.
 *
 * @param url the request's URL
 * @param env where to read the variables
 * @returns the proxy URL with any password masked, or undefined for a direct connection
 */
export function proxyFor(url: URL, env: EnvReader = (name) => Deno.env.get(name)): string | undefined {
  const noProxy = env("NO_PROXY") ?? env("no_proxy") ?? "";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (noProxy.split(",").map((d) => d.trim()).some((entry) => entry !== "" && noProxyMatches(entry, host))) {
    return undefined;
  }
  const pick = (...names: string[]) => names.map((n) => env(n)).find((v) => v !== undefined && v !== "");
  const proxy = pick("ALL_PROXY", "all_proxy") ??
    (url.protocol === "https:" ? pick("HTTPS_PROXY", "https_proxy") : pick("HTTP_PROXY", "http_proxy"));
  return proxy === undefined ? undefined : maskPassword(proxy);
}

function noProxyMatches(entry: string, host: string): boolean {
  if (entry === "*") return true;
  const hostIp = parseIp(host);
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  const entryIp = parseIp(cidr ? cidr[1] : entry);
  if (entryIp || hostIp) {
    if (!entryIp || !hostIp || entryIp.length !== hostIp.length) return false;
    const bits = cidr ? Number(cidr[2]) : entryIp.length * 8;
    return samePrefix(entryIp, hostIp, bits);
  }
  const domain = entry.startsWith(".") ? entry.slice(1) : entry;
  return host === domain || host.endsWith(`.${domain}`);
}

/** The bytes of an IPv4 or IPv6 address, or undefined for a name. */
function parseIp(text: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  }
  if (!text.includes(":")) return undefined;
  try {
    // The URL parser normalises IPv6 (expands nothing, but validates and lower-cases): expand here.
    const normal = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    const [head, tail] = normal.split("::");
    const groups = (s: string | undefined) => (s ? s.split(":") : []);
    const missing = 8 - groups(head).length - groups(tail).length;
    const all = normal.includes("::")
      ? [...groups(head), ...Array(missing).fill("0"), ...groups(tail)]
      : groups(normal);
    return all.flatMap((g) => {
      const n = parseInt(g, 16);
      return [n >> 8, n & 0xff];
    });
  } catch {
    return undefined;
  }
}

function samePrefix(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a[i] & mask) !== (b[i] & mask)) return false;
  }
  return true;
}

/**
 * A URL with its password replaced by `***`, for messages.
 *
 * @param url a proxy URL such as `http://user:secret@proxy:3128`
 * @returns e.g. `http://user:***@proxy:3128`
 */
export function maskPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
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
      if (timedOut) throw timeoutError(url, timeoutMs, e);
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
      throw namedError(
        "TlsSetupError",
        `TLS cannot be set up (${e instanceof Error ? e.message : String(e)}): check AWS_CA_BUNDLE, ` +
          "DENO_TLS_CA_STORE, DENO_CERT and SSL_CERT_FILE.",
        e,
      );
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

/**
 * The certificates of a PEM bundle, one string each.
 *
 * @param path the file named by `AWS_CA_BUNDLE`
 * @param readTextFile reads the file
 * @returns the PEM blocks
 * @throws {Error} named `CaBundleError` when the file cannot be read or holds no certificate
 */
export function readCaBundle(
  path: string,
  readTextFile: (path: string) => string = Deno.readTextFileSync,
): string[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "no such file"
      : e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable
      ? "permission denied"
      : e instanceof Error
      ? e.message
      : String(e);
    throw namedError(
      "CaBundleError",
      `AWS_CA_BUNDLE "${path}" cannot be read (${why}): point it at a PEM file of CA certificates.`,
      e,
    );
  }
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (certs.length === 0) {
    throw namedError(
      "CaBundleError",
      `AWS_CA_BUNDLE "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----): ` +
        "export the CA in PEM (Base64) format.",
    );
  }
  return certs;
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

function namedError(name: string, message: string, cause?: unknown, code?: string): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  if (code) Object.assign(error, { code });
  return error;
}

function timeoutError(url: URL, ms: number, cause: unknown): Error {
  // The SDK retries a TimeoutError (by name) and ETIMEDOUT (by code), as it does NodeHttpHandler's.
  return namedError("TimeoutError", `${url.origin} did not answer within ${ms} ms`, cause, "ETIMEDOUT");
}

function abortError(signal: AbortSignal): Error {
  const error = namedError("AbortError", "Request aborted", signal.reason);
  return error;
}

/** Every message of an error and its causes, for classification. */
function causeText(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 8; depth++) {
    parts.push(c instanceof Error ? c.message : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  return parts.join(": ");
}

/** The innermost useful reason of a fetch failure, e.g. `invalid peer certificate: UnknownIssuer`. */
function shortReason(text: string): string {
  const last =
    text.split(/:\s*(?=client error|tcp connect error|dns error|invalid peer certificate)/i).pop() ??
      text;
  return last.replace(/^client error \((\w+)\):\s*/i, "").replace(/\s+/g, " ").trim();
}

/**
 * Turns a `fetch` failure into an error that says what happened and what to do, with the Node error
 * code the SDK retries on (the same codes node:https gave, so retries behave as before).
 */
function networkError(e: unknown, url: URL, proxy: string | undefined, phase: "request" | "body"): Error {
  const text = causeText(e);
  const reason = shortReason(text);
  const target = url.host;
  const through = proxy ? ` through the proxy ${proxy}` : "";
  if (
    /certificate|UnknownIssuer|BadSignature|NotValidForName|CertExpired|CertNotValidYet|tls handshake|InvalidCertificate|CaUsedAsEndEntity/i
      .test(text)
  ) {
    return namedError(
      "TlsError",
      `TLS: the certificate of ${target}${through} is not trusted (${reason}). If a proxy or security ` +
        "software on this network re-signs HTTPS traffic, set AWS_CA_BUNDLE to the PEM file of its CA.",
      e,
      "ERR_TLS_CERT_UNTRUSTED",
    );
  }
  if (proxy && /tunnel|proxy/i.test(text) && !/refused|dns error/i.test(text)) {
    return namedError(
      "ProxyError",
      `the proxy ${proxy} would not open a tunnel to ${target} (${reason}): check HTTPS_PROXY ` +
        "(and its user:password) and NO_PROXY.",
      e,
      "ERR_PROXY_TUNNEL",
    );
  }
  const peer = proxy ? `the proxy ${proxy}` : url.origin;
  if (/connection refused/i.test(text)) {
    return namedError("NetworkError", `cannot connect to ${peer} (connection refused)`, e, "ECONNREFUSED");
  }
  if (/dns error|failed to lookup|name or service not known|nodename nor servname|no such host/i.test(text)) {
    return namedError("NetworkError", `cannot resolve the address of ${peer} (${reason})`, e, "ENOTFOUND");
  }
  if (/timed out/i.test(text)) {
    return namedError("NetworkError", `connecting to ${peer} timed out`, e, "ETIMEDOUT");
  }
  if (/unreachable/i.test(text)) {
    return namedError("NetworkError", `${peer} is unreachable (${reason})`, e, "ENETUNREACH");
  }
  if (
    phase === "body" ||
    /reset|closed|broken pipe|unexpected eof|incomplete|connection error|error decoding|end of file/i.test(
      text,
    )
  ) {
    return namedError("NetworkError", `the connection to ${peer} broke (${reason})`, e, "ECONNRESET");
  }
  return namedError("NetworkError", `request to ${url.origin}${through} failed (${reason})`, e);
}

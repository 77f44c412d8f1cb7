/**
 * Which proxy a request went through, to name it in error messages, and proxy URLs with their
 * credentials masked.
 *
 * Hand-written because Deno's `fetch` routes by `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
 * `NO_PROXY` itself but cannot say which proxy it chose, and the npm package for this
 * (`proxy-from-env`) follows other rules (lower case first, no CIDR blocks or IP addresses).
 *
 * @module
 */

/** Reads one environment variable. */
export type EnvReader = (name: string) => string | undefined;

const processEnv: EnvReader = (name) => Deno.env.get(name);

/**
 * The proxy a request to `url` goes through, by the rules of Deno's `fetch` (which does the actual
 * routing): `NO_PROXY` first (comma-separated; `*` matches everything; a name matches itself and
 * its subdomains, with or without a leading dot; an IP address or CIDR block matches addresses),
 * then `ALL_PROXY`, then `HTTPS_PROXY` for https and `HTTP_PROXY` for http (upper case first).
 * Used to say which proxy a failure went through; it does not route anything.
 *
 * @param url the request's URL
 * @param env where to read the variables
 * @returns the proxy URL with any credentials masked, or undefined for a direct connection
 * @example
 * ```ts
 * const env = (name: string) => ({ HTTPS_PROXY: "http://ops:pw@proxy:3128", NO_PROXY: "10.0.0.0/8" })[name];
 * proxyFor(new URL("https://iam.amazonaws.com/"), env); // "http://ops:***@proxy:3128"
 * proxyFor(new URL("https://10.1.2.3/"), env); // undefined
 * ```
 */
export function proxyFor(url: URL, env: EnvReader = processEnv): string | undefined {
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

/**
 * A proxy URL with its credentials replaced by `***`, for messages, in whatever form the user wrote
 * it: with or without a scheme, with a password holding `@`, `:` or `/`. Everything between the
 * scheme and the last `@` is credentials; the user name before the first `:` is kept (it tells
 * which account is used and is no secret), and a lone `user@` with no `:` is masked whole, since
 * some proxies take a token there. A path or query holding an `@` would be masked too: more, never
 * less.
 *
 * @param url a proxy URL such as `http://user:secret@proxy:3128` or `user:secret@proxy:3128`
 * @returns e.g. `http://user:***@proxy:3128`; a URL without `@` is returned as it is
 * @example
 * ```ts
 * maskPassword("http://ops:p@ss/w0rd@proxy:3128"); // "http://ops:***@proxy:3128"
 * maskPassword("ops:S3cret@proxy:3128"); // "ops:***@proxy:3128"
 * ```
 */
export function maskPassword(url: string): string {
  const at = url.lastIndexOf("@");
  if (at < 0) return url;
  const scheme = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.exec(url)?.[0] ?? "";
  const userinfo = url.slice(scheme.length, at);
  const colon = userinfo.indexOf(":");
  const kept = colon < 0 ? "" : `${userinfo.slice(0, colon)}:`;
  return `${scheme}${kept}***${url.slice(at)}`;
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
    // The URL parser validates and normalises IPv6 (compressing zeros, lower-casing): expand it here.
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

/**
 * AWS Signature Version 4: parsing the `Authorization` header and recomputing the signature, so a
 * client that signs wrongly (wrong secret, wrong scope, altered body) is caught as AWS would catch it.
 *
 * @module
 */

import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** The parts of an `AWS4-HMAC-SHA256` authorization header. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** `YYYYMMDD` of the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** What a request contributes to its canonical form. */
export interface SignedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/**
 * Parses a SigV4 `Authorization` header; returns an error message (for `IncompleteSignature`) when the
 * header is not one.
 */
export function parseAuthorization(header: string): SigV4Authorization | string {
  const m = AUTH_PATTERN.exec(header.trim());
  if (!m) {
    return `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. ` +
      `Authorization=${header.split(" ")[0]}`;
  }
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(";"),
    signature: m[6],
  };
}

/**
 * When a request was signed: its `X-Amz-Date` (`20261202T001500Z`), else its HTTP `Date` header.
 *
 * @param headers the request's headers
 * @returns epoch milliseconds, `"missing"` when neither header is there, `"malformed"` when it does not parse
 */
export function signedAt(headers: Headers): number | "missing" | "malformed" {
  const amzDate = headers.get("x-amz-date");
  if (amzDate !== null) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate.trim());
    if (!m) return "malformed";
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return Number.isNaN(ms) ? "malformed" : ms;
  }
  const date = headers.get("date");
  if (date === null) return "missing";
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? "malformed" : ms;
}

/** `20261202T001500Z`: SigV4's basic ISO 8601 form, to the second. */
export function amzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]|\.000/g, "");
}

/** `5 min.` for whole minutes, else seconds (`1.5 sec.`), as the age limit reads in AWS's message. */
function limitText(limitMs: number): string {
  return limitMs % 60_000 === 0 ? `${limitMs / 60_000} min.` : `${limitMs / 1000} sec.`;
}

/**
 * AWS's complaint about a signature made too long before, or too far after, the server's time; none
 * when it is within `limitMs` either way.
 *
 * @param signedMs when the request was signed (epoch ms)
 * @param nowMs the server's time (epoch ms)
 * @param limitMs the largest accepted difference
 * @returns the error message, or undefined when the signature is current
 * @example
 * ```ts
 * signatureTimeProblem(Date.UTC(2026, 11, 2, 0, 10), Date.UTC(2026, 11, 2, 0, 20), 300_000);
 * // "Signature expired: 20261202T001000Z is now earlier than 20261202T001500Z (20261202T002000Z - 5 min.)"
 * ```
 */
export function signatureTimeProblem(signedMs: number, nowMs: number, limitMs: number): string | undefined {
  if (signedMs < nowMs - limitMs) {
    return `Signature expired: ${amzDate(signedMs)} is now earlier than ${amzDate(nowMs - limitMs)} ` +
      `(${amzDate(nowMs)} - ${limitText(limitMs)})`;
  }
  if (signedMs > nowMs + limitMs) {
    return `Signature not yet current: ${amzDate(signedMs)} is still later than ${
      amzDate(nowMs + limitMs)
    } ` +
      `(${amzDate(nowMs)} + ${limitText(limitMs)})`;
  }
  return undefined;
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function canonicalPath(pathname: string): string {
  if (pathname === "/" || pathname === "") return "/";
  // Non-S3 services sign each path segment encoded once more on top of the wire encoding.
  return pathname.split("/").map((segment) => rfc3986(segment)).join("/");
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return "";
  const pairs = search.slice(1).split("&").filter((p) => p.length > 0).map((pair) => {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    return [rfc3986(safeDecode(key)), rfc3986(safeDecode(value))] as const;
  });
  pairs.sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Recomputes SigV4 signatures, caching derived signing keys (they change once a day per scope). */
export class SignatureVerifier {
  #keys = new Map<string, Uint8Array>();

  /** True when `auth.signature` is the signature of `request` under `secret`. */
  verify(request: SignedRequest, auth: SigV4Authorization, secret: string): boolean {
    const amzDate = request.headers.get("x-amz-date") ?? "";
    const canonicalHeaders = auth.signedHeaders
      .map((name) => `${name}:${(request.headers.get(name) ?? "").trim().replace(/\s+/g, " ")}\n`)
      .join("");
    const payloadHash = request.headers.get("x-amz-content-sha256") ?? sha256Hex(request.body);
    const canonicalRequest = [
      request.method,
      canonicalPath(request.url.pathname),
      canonicalQuery(request.url.search),
      canonicalHeaders,
      auth.signedHeaders.join(";"),
      payloadHash,
    ].join("\n");
    const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const expected = createHmac("sha256", this.#signingKey(secret, auth)).update(stringToSign).digest();
    const given = hexBytes(auth.signature);
    return given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
  }

  #signingKey(secret: string, auth: SigV4Authorization): Uint8Array {
    const cacheKey = `${secret}\0${auth.date}\0${auth.region}\0${auth.service}`;
    let key = this.#keys.get(cacheKey);
    if (!key) {
      const kDate = createHmac("sha256", "AWS4" + secret).update(auth.date).digest();
      const kRegion = createHmac("sha256", kDate).update(auth.region).digest();
      const kService = createHmac("sha256", kRegion).update(auth.service).digest();
      key = createHmac("sha256", kService).update("aws4_request").digest();
      // Each AssumeRole mints a new secret: bound the cache instead of letting it grow forever.
      if (this.#keys.size >= 4096) this.#keys.clear();
      this.#keys.set(cacheKey, key);
    }
    return key;
  }
}

function hexBytes(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-f]*$/.test(hex) || hex.length % 2 !== 0) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * `lib/aws/http/network_errors.ts`: Deno's fetch failures, with the messages Deno 2.9 gives, turned
 * into named errors carrying the Node codes the SDK retries on. (The handler's tests cause the same
 * failures for real: a refused port, a cut body, an untrusted certificate.)
 */
import assert from "node:assert/strict";
import { namedError, networkError, timeoutError } from "../lib/aws/http/network_errors.ts";

/** A failure shaped as Deno's `fetch` throws it: `TypeError: fetch failed`, caused by the reason. */
function fetchFailure(reason: string): TypeError {
  return new TypeError("fetch failed", { cause: new Error(reason) });
}

const IAM = new URL("https://iam.amazonaws.com/");
const PROXY = "http://ops:***@proxy.corp:3128";
const connect = (detail: string) =>
  fetchFailure(
    `error sending request for url (https://iam.amazonaws.com/): client error (Connect): ${detail}`,
  );

Deno.test("networkError gives each kind of failure its name, its Node code and a message saying what to do", () => {
  const cases: [Error, string | undefined, string, string | undefined, RegExp][] = [
    [
      connect("tcp connect error: Connection refused (os error 111)"),
      undefined,
      "NetworkError",
      "ECONNREFUSED",
      /^cannot connect to https:\/\/iam\.amazonaws\.com \(connection refused\)$/,
    ],
    [
      connect("tcp connect error: Connection refused (os error 111)"),
      PROXY,
      "NetworkError",
      "ECONNREFUSED",
      /^cannot connect to the proxy http:\/\/ops:\*\*\*@proxy\.corp:3128 \(connection refused\)$/,
    ],
    [
      connect("dns error: failed to lookup address information: Name or service not known"),
      undefined,
      "NetworkError",
      "ENOTFOUND",
      /^cannot resolve the address of https:\/\/iam\.amazonaws\.com \(dns error: failed to lookup/,
    ],
    [
      connect("proxy authentication required"),
      PROXY,
      "ProxyError",
      "ERR_PROXY_TUNNEL",
      /^the proxy http:\/\/ops:\*\*\*@proxy\.corp:3128 would not open a tunnel to iam\.amazonaws\.com \(proxy authentication required\): check HTTPS_PROXY/,
    ],
    [
      connect("invalid peer certificate: UnknownIssuer"),
      undefined,
      "TlsError",
      "ERR_TLS_CERT_UNTRUSTED",
      /^TLS: the certificate of iam\.amazonaws\.com is not trusted \(invalid peer certificate: UnknownIssuer\)\. .*set AWS_CA_BUNDLE/,
    ],
    [
      fetchFailure(
        "error sending request for url (https://iam.amazonaws.com/): connection closed before message completed",
      ),
      undefined,
      "NetworkError",
      "ECONNRESET",
      /^the connection to https:\/\/iam\.amazonaws\.com broke/,
    ],
  ];
  for (const [failure, proxy, name, code, message] of cases) {
    const error = networkError(failure, IAM, proxy, "request");
    assert.equal(error.name, name, error.message);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    assert.equal(error.cause, failure);
  }
});

Deno.test("a failure while reading the body is a broken connection (ECONNRESET, retried)", () => {
  const error = networkError(new TypeError("body stream failed"), IAM, undefined, "body");
  assert.equal(error.code, "ECONNRESET");
});

Deno.test("timeoutError is what the SDK retries: a TimeoutError with ETIMEDOUT", () => {
  const cause = new DOMException("aborted", "AbortError");
  const error = timeoutError("https://iam.amazonaws.com", 30_000, cause);
  assert.deepEqual([error.name, error.code, error.message, error.cause], [
    "TimeoutError",
    "ETIMEDOUT",
    "https://iam.amazonaws.com did not answer within 30000 ms",
    cause,
  ]);
  assert.equal(namedError("CaBundleError", "m").code, undefined);
});

/**
 * The request handler on its own (`lib/aws/http/handler.ts`), against real HTTP and HTTPS servers on
 * OS-chosen ports: what it sends and returns, its timeout over the whole exchange, the errors the
 * SDK retries, the cap on requests in flight, and `AWS_CA_BUNDLE`.
 */
import assert from "node:assert/strict";
import { createRequestHandler } from "../lib/aws/http/handler.ts";
import { makeTestCertificates } from "./support/tls.ts";

/** A signed-request-shaped request to `url`, as the SDK hands it to the handler. */
function request(url: string, body = "Action=ListUsers") {
  const u = new URL(url);
  return {
    method: "POST",
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query: {},
    headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(body.length) },
    body,
  };
}

async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  assert.fail("expected a failure");
}

const noEnv = () => undefined;

Deno.test("the handler sends the request as given and returns status, lower-case headers and the whole body", async () => {
  let seen: { method: string; path: string; body: string; type: string | null } | undefined;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen = {
      method: req.method,
      path: new URL(req.url).pathname + new URL(req.url).search,
      body: await req.text(),
      type: req.headers.get("content-type"),
    };
    return new Response("<ok/>", { status: 200, headers: { "X-Amzn-RequestId": "r-1" } });
  });
  const handler = createRequestHandler({ requestTimeoutMs: 5_000, maxSockets: 4, env: noEnv });
  try {
    const req = { ...request(`http://127.0.0.1:${server.addr.port}/p`), query: { b: "x y", a: ["1", "2"] } };
    const { response } = await handler.handle(req);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers["x-amzn-requestid"], "r-1");
    assert.equal(new TextDecoder().decode(response.body), "<ok/>");
    assert.deepEqual(seen, {
      method: "POST",
      path: "/p?a=1&a=2&b=x%20y",
      body: "Action=ListUsers",
      type: "application/x-www-form-urlencoded",
    });
  } finally {
    handler.destroy();
  }
});

Deno.test("a redirect goes back to the SDK as it came: a signed request is not re-sent elsewhere", async () => {
  const paths: string[] = [];
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    paths.push(new URL(req.url).pathname);
    return new Response(null, { status: 307, headers: { location: "/elsewhere" } });
  });
  const handler = createRequestHandler({ requestTimeoutMs: 5_000, maxSockets: 2, env: noEnv });
  try {
    const { response } = await handler.handle(request(`http://127.0.0.1:${server.addr.port}/`));
    assert.equal(response.statusCode, 307);
    assert.equal(response.headers.location, "/elsewhere");
    assert.deepEqual(paths, ["/"]);
  } finally {
    handler.destroy();
  }
});

Deno.test("a response slower than the timeout is a TimeoutError (which the SDK retries)", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    await held;
    return new Response("late");
  });
  const handler = createRequestHandler({ requestTimeoutMs: 150, maxSockets: 4, env: noEnv });
  try {
    const started = performance.now();
    const error = await caught(handler.handle(request(`http://127.0.0.1:${server.addr.port}/`)));
    assert.equal(error.name, "TimeoutError");
    assert.equal(error.code, "ETIMEDOUT");
    assert.ok(performance.now() - started < 2_000);
  } finally {
    release();
    handler.destroy();
  }
});

Deno.test("a body that stalls after the headers times out too: the timeout covers the whole exchange", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  await using server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    onError: () => new Response(),
  }, () =>
    new Response(
      new ReadableStream({
        async start(c) {
          c.enqueue(new TextEncoder().encode("<ListUsersResponse>"));
          await held;
          c.close();
        },
      }),
      { headers: { "content-length": "1000" } },
    ));
  const handler = createRequestHandler({ requestTimeoutMs: 200, maxSockets: 1, env: noEnv });
  try {
    const started = performance.now();
    const error = await caught(handler.handle(request(`http://127.0.0.1:${server.addr.port}/`)));
    assert.equal(error.name, "TimeoutError", error.message);
    assert.equal(error.code, "ETIMEDOUT");
    assert.match(error.message, /^http:\/\/127\.0\.0\.1:\d+ did not answer within 200 ms$/);
    assert.ok(performance.now() - started < 2_000);
  } finally {
    release();
    handler.destroy();
  }
});

Deno.test("a body cut off mid-way is ECONNRESET, a refused connection ECONNREFUSED (both retried by the SDK)", async () => {
  await using server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
    onError: () => new Response(),
  }, () =>
    new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("<partial"));
        },
        pull(c) {
          c.error(new Error("cut"));
        },
      }),
      { headers: { "content-length": "1000" } },
    ));
  const handler = createRequestHandler({ requestTimeoutMs: 5_000, maxSockets: 4, env: noEnv });
  try {
    const reset = await caught(handler.handle(request(`http://127.0.0.1:${server.addr.port}/`)));
    assert.equal(reset.code, "ECONNRESET", reset.message);

    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const freePort = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const refused = await caught(handler.handle(request(`http://127.0.0.1:${freePort}/`)));
    assert.equal(refused.code, "ECONNREFUSED", refused.message);
    assert.match(refused.message, /cannot connect to http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
  } finally {
    handler.destroy();
  }
});

Deno.test("an aborted call is an AbortError, and at most maxSockets requests are in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 20));
    inFlight--;
    return new Response("ok");
  });
  const handler = createRequestHandler({ requestTimeoutMs: 5_000, maxSockets: 3, env: noEnv });
  try {
    const url = `http://127.0.0.1:${server.addr.port}/`;
    const all = await Promise.all(Array.from({ length: 12 }, () => handler.handle(request(url))));
    assert.equal(all.length, 12);
    assert.equal(peak, 3);

    const controller = new AbortController();
    const pending = handler.handle(request(url), { abortSignal: controller.signal });
    controller.abort();
    assert.equal((await caught(pending)).name, "AbortError");
  } finally {
    handler.destroy();
  }
});

Deno.test({
  name:
    "AWS_CA_BUNDLE makes the handler trust a private CA; without it the failure is a TlsError, not retried",
  async fn() {
    const certs = await makeTestCertificates();
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, cert: certs.serverCert, key: certs.serverKey, onListen() {} },
      () => new Response("secure"),
    );
    const url = `https://localhost:${server.addr.port}/`;
    const trusting = createRequestHandler({
      requestTimeoutMs: 5_000,
      maxSockets: 2,
      env: (name) => name === "AWS_CA_BUNDLE" ? certs.caFile : undefined,
    });
    const plain = createRequestHandler({ requestTimeoutMs: 5_000, maxSockets: 2, env: noEnv });
    try {
      const { response } = await trusting.handle(request(url));
      assert.equal(new TextDecoder().decode(response.body), "secure");
      const error = await caught(plain.handle(request(url)));
      assert.equal(error.name, "TlsError");
      assert.match(
        error.message,
        /^TLS: the certificate of localhost:\d+ is not trusted \(.*\)\. .*AWS_CA_BUNDLE/,
      );
      assert.ok(!["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT"].includes(error.code ?? ""));
    } finally {
      trusting.destroy();
      plain.destroy();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

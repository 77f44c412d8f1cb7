/**
 * Corporate networks: the real command reaching the simulator over HTTPS, signed by a private CA,
 * through a local CONNECT proxy (which must see the traffic), or around it with NO_PROXY; and the
 * request handler's own behaviour (timeouts, resets, refusals, TLS trust, the in-flight cap) and its
 * pure helpers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createRequestHandler,
  maskPassword,
  proxyFor,
  readCaBundle,
  trustSystemStore,
} from "../lib/aws/http/handler.ts";
import { GENERATED_ROLE, generateOrganization } from "../sim/generate.ts";
import type { Scenario } from "../sim/scenario.ts";
import { startSimulator } from "../sim/server.ts";
import { runCli, simEnvironment } from "./support/cli.ts";
import { startProxy } from "./support/connect_proxy.ts";
import { makeTestCertificates, type TestCertificates } from "./support/tls.ts";

/** Four accounts, every one reachable, so that a successful audit exits 0. */
function reachableOrganization(): Scenario {
  const scenario = generateOrganization({
    accounts: 4,
    usersPerAccount: 3,
    seed: "proxy",
    eventsPerAccount: 4,
  });
  for (const account of scenario.accounts) {
    account.state = "ACTIVE";
    delete account.status;
    delete account.omitState;
    if (account.id !== scenario.managementAccountId) account.roles = [GENERATED_ROLE];
  }
  return scenario;
}

/** One CloudTrail event name instead of five: each costs half a second per account at AWS's 2 per second. */
const FAST = ["--events", "CreateUser"];

/** Variables of the host that would change the routing or trust of the command under test. */
const NETWORK_DEFAULTS = {
  HTTPS_PROXY: "",
  https_proxy: "",
  HTTP_PROXY: "",
  http_proxy: "",
  ALL_PROXY: "",
  all_proxy: "",
  NO_PROXY: "",
  no_proxy: "",
  // Empty means unset to the command: it then adds the system store, which cannot know the test CA.
  DENO_TLS_CA_STORE: "",
  // `deno run` checks dl.deno.land for a newer Deno, through the proxy too: not the command's traffic.
  DENO_NO_UPDATE_CHECK: "1",
};

/**
 * Runs the command against an HTTPS simulator with the given network environment.
 *
 * @param network variables such as HTTPS_PROXY, NO_PROXY and AWS_CA_BUNDLE
 * @param host the name or address the endpoint URL uses
 */
async function auditOverTls(
  certs: TestCertificates,
  network: (sim: { port: number }) => Record<string, string>,
  host = "localhost",
) {
  const scenario = reachableOrganization();
  const sim = await startSimulator(scenario, { tls: { cert: certs.serverCert, key: certs.serverKey } });
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-proxy-" });
  try {
    const env = await simEnvironment(dir, {
      url: `https://${host}:${sim.port}`,
      accessKeyId: sim.accessKeyId,
      secretAccessKey: sim.secretAccessKey,
    });
    const out = join(dir, "out");
    await Deno.mkdir(out);
    const started = performance.now();
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", GENERATED_ROLE, "--output-dir", out, "--lang", "en", ...FAST],
      { ...env, ...NETWORK_DEFAULTS, ...network(sim) },
    );
    const files = [...Deno.readDirSync(out)].map((e) => e.name);
    return {
      result,
      files,
      requests: sim.stats.totalRequests,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function assertAudited(run: Awaited<ReturnType<typeof auditOverTls>>): void {
  assert.equal(run.result.code, 0, run.result.stderr);
  assert.ok(run.files.some((f) => f.startsWith("iam_audit_report_")), run.files.join(", "));
  assert.match(run.result.stdout, /^Auditing account: Management \(\d{12}\)$/m);
  assert.ok(run.requests > 10, `the simulator answered ${run.requests} requests`);
}

/** Fails when stderr carries a stack trace or more than one line of error. */
function assertOneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^iam-audit: /);
  assert.doesNotMatch(stderr, /^\s+at /m);
  return lines[0];
}

Deno.test({
  name: "through HTTPS_PROXY with AWS_CA_BUNDLE the audit succeeds, and every call went through the tunnel",
  async fn() {
    const certs = await makeTestCertificates();
    const proxy = startProxy();
    try {
      const run = await auditOverTls(certs, () => ({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: certs.caFile }));
      assertAudited(run);
      const tunnels = [...proxy.log.tunnels.entries()];
      assert.equal(tunnels.length, 1, JSON.stringify(tunnels));
      assert.match(tunnels[0][0], /^localhost:\d+$/);
      assert.ok(tunnels[0][1] >= 1);
      // Connections are reused: far fewer tunnels than requests.
      assert.ok(tunnels[0][1] < run.requests / 2, `${tunnels[0][1]} tunnels for ${run.requests} requests`);
      assert.deepEqual(proxy.log.refused, []);
    } finally {
      await proxy.close();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "the lower-case https_proxy with user:password works, and a wrong password is one clear line, exit 1",
  async fn() {
    const certs = await makeTestCertificates();
    const proxy = startProxy({ credentials: "ops:s3cret" });
    try {
      const withUser = (password: string) =>
        auditOverTls(certs, () => ({
          https_proxy: proxy.url.replace("://", `://ops:${password}@`),
          AWS_CA_BUNDLE: certs.caFile,
        }));
      const [allowed, denied] = await Promise.all([withUser("s3cret"), withUser("wrong")]);
      assertAudited(allowed);
      assert.ok([...proxy.log.tunnels.values()][0] >= 1);

      assert.equal(denied.result.code, 1, denied.result.stderr);
      const line = assertOneLineError(denied.result.stderr);
      assert.match(line, /proxy http:\/\/ops:\*\*\*@127\.0\.0\.1:\d+/);
      assert.match(line, /HTTPS_PROXY/);
      assert.doesNotMatch(
        denied.result.stderr + denied.result.stdout,
        /wrong/,
        "the password is never printed",
      );
      assert.ok(denied.seconds < 20, `gave up after ${denied.seconds} s: a refused tunnel is not retried`);
    } finally {
      await proxy.close();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "NO_PROXY sends matching hosts around the proxy: a name, a CIDR block, and *",
  async fn() {
    const certs = await makeTestCertificates();
    const proxy = startProxy();
    try {
      const cases = [["localhost", "localhost"], ["127.0.0.0/8", "127.0.0.1"], ["*", "localhost"]];
      const runs = await Promise.all(cases.map(([noProxy, host]) =>
        auditOverTls(
          certs,
          () => ({
            HTTPS_PROXY: proxy.url,
            NO_PROXY: `example.com, ${noProxy}`,
            AWS_CA_BUNDLE: certs.caFile,
          }),
          host,
        )
      ));
      runs.forEach(assertAudited);
      assert.equal(proxy.log.tunnels.size, 0, `tunnels: ${[...proxy.log.tunnels.keys()]}`);
    } finally {
      await proxy.close();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "without the CA bundle the untrusted certificate is one clear line naming AWS_CA_BUNDLE, exit 1, no retries",
  async fn() {
    const certs = await makeTestCertificates();
    const proxy = startProxy();
    try {
      const [run, missing] = await Promise.all([
        auditOverTls(certs, () => ({ HTTPS_PROXY: proxy.url })),
        auditOverTls(certs, () => ({ AWS_CA_BUNDLE: join(certs.dir, "nope.pem") })),
      ]);
      assert.equal(run.result.code, 1, run.result.stderr);
      const line = assertOneLineError(run.result.stderr);
      assert.match(
        line,
        /certificate of localhost:\d+ through the proxy http:\/\/127\.0\.0\.1:\d+ is not trusted/,
      );
      assert.match(line, /AWS_CA_BUNDLE/);
      assert.equal(run.files.length, 0);
      assert.equal(proxy.log.tunnels.size, 1, "the proxy was used");
      assert.ok(run.seconds < 20, `gave up after ${run.seconds} s`);

      assert.equal(missing.result.code, 1, missing.result.stderr);
      assert.match(
        assertOneLineError(missing.result.stderr),
        /AWS_CA_BUNDLE ".*nope\.pem" cannot be read \(no such file\)/,
      );
    } finally {
      await proxy.close();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a CA in the system trust store is trusted without AWS_CA_BUNDLE",
  ignore: Deno.build.os !== "linux",
  async fn() {
    // On Linux the system store is the file SSL_CERT_FILE names (as OpenSSL and curl read it).
    const certs = await makeTestCertificates();
    try {
      assertAudited(await auditOverTls(certs, () => ({ SSL_CERT_FILE: certs.caFile })));
    } finally {
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test("HTTP_PROXY carries requests to an http:// endpoint", async () => {
  const proxy = startProxy();
  const scenario = reachableOrganization();
  const sim = await startSimulator(scenario);
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-proxy-" });
  try {
    const env = await simEnvironment(dir, sim);
    const out = join(dir, "out");
    await Deno.mkdir(out);
    const result = await runCli(
      ["--profile", "sim-mgmt", "--role", GENERATED_ROLE, "--output-dir", out, "--lang", "en", ...FAST],
      { ...env, ...NETWORK_DEFAULTS, HTTP_PROXY: proxy.url },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual([...proxy.log.forwarded.keys()], [new URL(sim.url).host]);
    assert.equal(proxy.log.tunnels.size, 0);
  } finally {
    await sim.close();
    await proxy.close();
    await Deno.remove(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------------------------------------
// The handler on its own.

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

Deno.test("proxyFor follows Deno's routing rules: NO_PROXY names, suffixes, CIDR and *, then the scheme's proxy", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  const proxied = { HTTPS_PROXY: "http://p:3128", HTTP_PROXY: "http://h:8080" };
  const at = (url: string, vars: Record<string, string>) => proxyFor(new URL(url), env(vars));
  assert.equal(at("https://iam.amazonaws.com/", proxied), "http://p:3128");
  assert.equal(at("http://iam.amazonaws.com/", proxied), "http://h:8080");
  assert.equal(at("https://iam.amazonaws.com/", {}), undefined);
  assert.equal(at("https://iam.amazonaws.com/", { https_proxy: "http://low:1" }), "http://low:1");
  assert.equal(
    at("https://iam.amazonaws.com/", { HTTPS_PROXY: "http://up:1", https_proxy: "http://low:1" }),
    "http://up:1",
  );
  assert.equal(at("https://x.example/", { ALL_PROXY: "socks5://s:1080" }), "socks5://s:1080");
  for (
    const noProxy of ["amazonaws.com", ".amazonaws.com", "iam.amazonaws.com", "*", "other, amazonaws.com"]
  ) {
    assert.equal(at("https://iam.amazonaws.com/", { ...proxied, NO_PROXY: noProxy }), undefined, noProxy);
  }
  for (const noProxy of ["notamazonaws.com", "aws.com", "iam.amazonaws.com.cn"]) {
    assert.equal(
      at("https://iam.amazonaws.com/", { ...proxied, no_proxy: noProxy }),
      "http://p:3128",
      noProxy,
    );
  }
  assert.equal(at("https://10.1.2.3/", { ...proxied, NO_PROXY: "10.0.0.0/8" }), undefined);
  assert.equal(at("https://11.1.2.3/", { ...proxied, NO_PROXY: "10.0.0.0/8" }), "http://p:3128");
  assert.equal(at("https://127.0.0.1/", { ...proxied, NO_PROXY: "127.0.0.1" }), undefined);
  assert.equal(at("https://[::1]:8443/", { ...proxied, NO_PROXY: "::1" }), undefined);
  assert.equal(at("https://[fd00::5]/", { ...proxied, NO_PROXY: "fd00::/8" }), undefined);
  assert.equal(at("https://localhost/", { ...proxied, NO_PROXY: "127.0.0.1" }), "http://p:3128");
});

Deno.test("passwords in proxy URLs are masked in messages", () => {
  assert.equal(maskPassword("http://user:pa:ss@proxy:3128"), "http://user:***@proxy:3128");
  assert.equal(maskPassword("http://proxy:3128"), "http://proxy:3128");
});

Deno.test("readCaBundle returns each PEM certificate and explains an unreadable or empty file", () => {
  const pem = (n: number) => `-----BEGIN CERTIFICATE-----\nAAAA${n}\n-----END CERTIFICATE-----\n`;
  assert.deepEqual(readCaBundle("/x", () => `junk\n${pem(1)}${pem(2)}`).length, 2);
  assert.throws(
    () => readCaBundle("/x", () => "no certs here"),
    /AWS_CA_BUNDLE "\/x" holds no PEM certificate/,
  );
  assert.throws(
    () =>
      readCaBundle("/x", () => {
        throw new Deno.errors.NotFound("gone");
      }),
    (e: Error) => e.name === "CaBundleError" && /cannot be read \(no such file\)/.test(e.message),
  );
});

Deno.test("the system trust store is added unless the user chose the stores, or it cannot be loaded", () => {
  const vars = new Map<string, string>();
  const env = { get: (n: string) => vars.get(n), set: (n: string, v: string) => void vars.set(n, v) };
  const fine = () => {};
  assert.equal(trustSystemStore(env, fine), "added");
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla,system");
  vars.set("DENO_TLS_CA_STORE", "mozilla");
  assert.equal(trustSystemStore(env, fine), "user-choice");
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla");

  vars.delete("DENO_TLS_CA_STORE");
  const outcome = trustSystemStore(env, () => {
    if (vars.get("DENO_TLS_CA_STORE")?.includes("system")) {
      throw new Error("Failed to load platform certificates");
    }
  });
  assert.deepEqual(outcome, { unavailable: "Failed to load platform certificates" });
  assert.equal(vars.get("DENO_TLS_CA_STORE"), "mozilla");
});

Deno.test("an unloadable system store falls back to Mozilla's roots instead of failing every request", async () => {
  // A child process, so that its root store starts unbuilt, as the command's does.
  const code = `
    import { createRequestHandler } from ${
    JSON.stringify(new URL("../lib/aws/http/handler.ts", import.meta.url).href)
  };
    await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
    const handler = createRequestHandler({ requestTimeoutMs: 5000, maxSockets: 2 });
    const { response } = await handler.handle({ method: "GET", protocol: "http:", hostname: "127.0.0.1",
      port: server.addr.port, path: "/", query: {}, headers: {} });
    handler.destroy();
    console.log(response.statusCode, Deno.env.get("DENO_TLS_CA_STORE"));
  `;
  const env = { ...Deno.env.toObject(), SSL_CERT_FILE: "/nonexistent/ca.pem", SSL_CERT_DIR: "/nonexistent" };
  delete (env as Record<string, string>).DENO_TLS_CA_STORE;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  assert.equal(
    stdout,
    Deno.build.os === "linux" ? "200 mozilla" : "200 mozilla,system",
    new TextDecoder().decode(out.stderr),
  );
});

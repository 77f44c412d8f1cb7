/**
 * Corporate networks: the real command reaching the simulator over HTTPS, signed by a private CA,
 * through a local CONNECT proxy (which must see the traffic), or around it with NO_PROXY. The HTTP
 * layer's modules are tested on their own in `http_handler_test.ts`, `proxy_for_test.ts`,
 * `trust_store_test.ts` and `network_errors_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { GENERATED_ROLE, generateOrganization } from "../sim/generate.ts";
import type { Scenario } from "../sim/scenario.ts";
import { startSimulator } from "../sim/server.ts";
import { runCli, simEnvironment } from "./support/cli.ts";
import { startProxy } from "./support/connect_proxy.ts";
import { watchSecrets } from "./support/leaks.ts";
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
// At most four requests in flight: connection reuse, not the machine's load, decides how many tunnels
// are opened.
const FAST = ["--events", "CreateUser", "--concurrency", "4"];

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
  const unwatch = watchSecrets(() => [sim.secretAccessKey, ...sim.issuedSecrets()]);
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
    unwatch();
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

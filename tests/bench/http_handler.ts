/**
 * Measures the request handler against the simulator: N IAM calls (`ListAccessKeys`, signed, the
 * audit's commonest call) with M in flight, through the SDK, once with the SDK's default handler
 * (`NodeHttpHandler` on node:http keep-alive agents) and once with `lib/aws/http/handler.ts`.
 *
 * ```
 * deno run -A tests/bench/http_handler.ts [--calls 5000] [--in-flight 64] [--rounds 3] [--in-process] [--tls]
 *   [--baseline FILE]
 * ```
 *
 * `--baseline` measures a third handler in the same run, the `createRequestHandler` of another
 * module: an earlier version of ours, to see what a change costs, e.g. after
 * `mkdir /tmp/before && git archive REV lib | tar -x -C /tmp/before`,
 * `--baseline /tmp/before/lib/aws/http/handler.ts` (its npm imports resolve through this deno.json).
 *
 * The simulator runs in its own process by default, as AWS is in real life: in the same process it
 * would take its CPU from the client's and blur the comparison. `--in-process` runs it here;
 * `--tls` (which implies `--in-process`) serves it over HTTPS with a throwaway certificate (needs
 * `openssl`) so that the cost of TLS is measured too (NodeHttpHandler then gets the CA through its
 * agent).
 *
 * @module
 */
import { IAMClient, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { createRequestHandler } from "../../lib/aws/http/handler.ts";
import { generateOrganization } from "../../sim/generate.ts";
import { startSimulator } from "../../sim/server.ts";
import { makeTestCertificates } from "../support/tls.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    calls: { type: "string", default: "5000" },
    "in-flight": { type: "string", default: "64" },
    rounds: { type: "string", default: "3" },
    tls: { type: "boolean", default: false },
    "in-process": { type: "boolean", default: false },
    baseline: { type: "string" },
  },
});
const calls = Number(values.calls);
const inFlight = Number(values["in-flight"]);
const rounds = Number(values.rounds);

const SEED = "bench";
const scenario = generateOrganization({ accounts: 1, usersPerAccount: 5, seed: SEED });
const certs = values.tls ? await makeTestCertificates() : undefined;
const sim = values.tls || values["in-process"]
  ? await startSimulator(scenario, {
    pageSize: 100,
    ...(certs ? { tls: { cert: certs.serverCert, key: certs.serverKey } } : {}),
  })
  : await startExternalSimulator(`gen:1:5:${SEED}`);
const endpoint = certs ? sim.url.replace("127.0.0.1", "localhost") : sim.url;
if (certs) Deno.env.set("AWS_CA_BUNDLE", certs.caFile);
const user = scenario.accounts[0].users[0].name;

type Handler = NonNullable<ConstructorParameters<typeof IAMClient>[0]>["requestHandler"] & {
  destroy?(): void;
};

const handlers: Record<string, () => Handler> = {
  "NodeHttpHandler (before)": () =>
    new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: inFlight * 2 }),
      httpsAgent: new HttpsAgent({
        keepAlive: true,
        maxSockets: inFlight * 2,
        ...(certs ? { ca: Deno.readTextFileSync(certs.caFile) } : {}),
      }),
      requestTimeout: 30_000,
    }),
  "fetch handler (lib/aws/http/handler.ts)": () =>
    createRequestHandler({ requestTimeoutMs: 30_000, maxSockets: inFlight * 2 }),
};
if (values.baseline) {
  const baseline: { createRequestHandler: typeof createRequestHandler } = await import(
    new URL(values.baseline, `file://${Deno.cwd()}/`).href
  );
  handlers[`baseline (${values.baseline})`] = () =>
    baseline.createRequestHandler({ requestTimeoutMs: 30_000, maxSockets: inFlight * 2 });
}

/** Runs sim/main.ts in a child process; the same scenario, generated from the same seed. */
async function startExternalSimulator(spec: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../sim/main.ts", import.meta.url).pathname,
      "--scenario",
      spec,
      "--page-size",
      "100",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the simulator exited before listening");
    line += value;
  }
  reader.releaseLock();
  const info = JSON.parse(line.split("\n")[0]) as {
    url: string;
    accessKeyId: string;
    secretAccessKey: string;
  };
  return {
    ...info,
    close: async () => {
      child.kill("SIGTERM");
      await child.status;
      await child.stdout.cancel().catch(() => {});
    },
  };
}

/** Calls per second, and the client's CPU time per call (the simulator's is not counted when external). */
async function run(make: () => Handler): Promise<{ rate: number; cpuMicros: number }> {
  const requestHandler = make();
  const iam = new IAMClient({
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
    requestHandler,
  });
  await iam.send(new ListAccessKeysCommand({ UserName: user })); // warm the pool
  let next = 0;
  const cpuBefore = cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next++ < calls) await iam.send(new ListAccessKeysCommand({ UserName: user }));
  }));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuUsage(cpuBefore);
  iam.destroy();
  requestHandler?.destroy?.();
  return { rate: calls / seconds, cpuMicros: (cpu.user + cpu.system) / calls };
}

console.log(`${calls} IAM calls, ${inFlight} in flight, ${values.tls ? "HTTPS" : "HTTP"}, ${rounds} rounds`);
const width = Math.max(...Object.keys(handlers).map((name) => name.length));
const results: Record<string, { rate: number; cpuMicros: number }[]> = {};
for (let round = 1; round <= rounds; round++) {
  // Alternating, so that a burst of load elsewhere on the machine hits both alike.
  for (const [name, make] of Object.entries(handlers)) {
    const result = await run(make);
    (results[name] ??= []).push(result);
    console.log(
      `round ${round}  ${name.padEnd(width)} ${Math.round(result.rate)} req/s, ` +
        `${Math.round(result.cpuMicros)} µs CPU per call`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [name, runs] of Object.entries(results)) {
  console.log(
    `median   ${name.padEnd(width)} ${Math.round(median(runs.map((r) => r.rate)))} req/s, ` +
      `${Math.round(median(runs.map((r) => r.cpuMicros)))} µs CPU per call`,
  );
}
await sim.close();
if (certs) await Deno.remove(certs.dir, { recursive: true });

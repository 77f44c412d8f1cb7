import assert from "node:assert/strict";
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import { CallStats, instrumentation } from "../lib/aws/middleware.ts";
import { Semaphore } from "../lib/util/semaphore.ts";
import { startSimulator } from "../sim/server.ts";
import { fixtureScenario } from "./sim/fixtures.ts";

Deno.test("a request waits for a slot of the run with its account's rank: the lowest rank is sent first", async () => {
  const sim = await startSimulator(fixtureScenario(), { latencyMs: 150 });
  const slots = new Semaphore(1);
  const sent: string[] = [];
  const credentials = { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey };
  const client = (name: string, rank: number) => {
    const stats = new CallStats(name);
    stats.rank = () => rank;
    const iam = new IAMClient({ endpoint: sim.url, region: "us-east-1", credentials, maxAttempts: 1 });
    iam.middlewareStack.use(
      instrumentation({ credentials, stats, inFlight: slots, onAttempt: (a) => sent.push(a.accountId!) }),
    );
    return iam;
  };
  const clients = [client("first", 0), client("later, rank 5", 5), client("last, rank -5", -5)];
  const call = (i: number) => clients[i].send(new GetAccountSummaryCommand({}));
  try {
    const calls = [call(0)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    calls.push(call(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    calls.push(call(2));
    await Promise.all(calls);
    assert.deepEqual(sent, ["first", "last, rank -5", "later, rank 5"]);
  } finally {
    for (const c of clients) c.destroy();
    await sim.close();
  }
});

/**
 * Run by `tests/threads_test.ts` in a child process (it sets the AWS variables of its process): audits a
 * generated organization, served by the simulator, with `auditInThreads` over two worker threads whose
 * module is the first argument (`default` for the real one; `THREADS` 1: none), and prints one JSON object: each result's
 * account, kind and users, the accounts' names as the start callbacks saw them, and the failures told.
 *
 * ```
 * deno run -A tests/support/threads_run.ts default|WORKER_URL [ACCOUNTS] [THREADS]
 * ```
 *
 * @module
 */
import { listAccounts } from "../../lib/audit/accounts.ts";
import { openSpoolDir } from "../../lib/audit/audit_accounts.ts";
import { auditInThreads } from "../../lib/audit/threads.ts";
import { ServiceRate } from "../../lib/aws/adaptive_rate.ts";
import { resolveCaller } from "../../lib/aws/caller.ts";
import { CallStats, ClientFactory, type ClientSettings } from "../../lib/aws/clients.ts";
import { generateOrganization } from "../../sim/generate.ts";
import { startSimulator } from "../../sim/server.ts";

const [worker, accountCount = "30", threads = "2"] = Deno.args;
const sim = await startSimulator(
  generateOrganization({ accounts: Number(accountCount), usersPerAccount: 4, seed: 5 }),
  { latencyMs: 5 },
);
Deno.env.set("AWS_ENDPOINT_URL", sim.url);
Deno.env.set("AWS_ACCESS_KEY_ID", sim.accessKeyId);
Deno.env.set("AWS_SECRET_ACCESS_KEY", sim.secretAccessKey);
Deno.env.set("AWS_REGION", "us-east-1");
const settings: ClientSettings = {
  maxAttempts: 3,
  requestTimeoutMs: 10_000,
  maxSockets: 16,
  maxInFlight: 16,
};
const abort = new AbortController();
const clients = new ClientFactory({ ...settings, signal: abort.signal });
const caller = await resolveCaller(clients, undefined, "us-east-1", abort.signal);
const spools = await openSpoolDir();
const started: string[] = [];
const failures: string[] = [];
const results = [];
const now = new Date();
try {
  const accounts = listAccounts(clients.organizations(caller.credentials, new CallStats()));
  const audit = auditInThreads(accounts, {
    caller,
    clients,
    spools,
    session: {
      role: "OrganizationAccountAccessRole",
      sessionName: "threads-test",
      region: "us-east-1",
      iamRate: new ServiceRate(1000),
      cloudTrailRate: new ServiceRate(2),
    },
    accountsInFlight: { initial: 4, max: 8 },
    userConcurrency: 2,
    eventNames: ["CreateUser"],
    window: { since: new Date(now.getTime() - 7 * 86_400_000), until: now },
    onAccountStart: (account) => started.push(account.name),
  }, {
    threads: Number(threads),
    clients: settings,
    signal: abort.signal,
    startAfter: 4,
    workerUrl: worker === "default" ? undefined : new URL(worker),
    onThreadFailed: (reason) => failures.push(reason),
  });
  for await (const result of audit) {
    results.push({
      id: result.account.id,
      kind: result.kind,
      users: result.kind === "skipped" ? [] : result.users.map((u) => u.userName).sort(),
    });
  }
} finally {
  await spools.remove();
  clients.destroy();
  await sim.close();
}
console.log(JSON.stringify({ results, started, failures, spoolLeft: await exists(spools.path) }));

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

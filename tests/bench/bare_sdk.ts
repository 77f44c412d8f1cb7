/**
 * The reference the benchmark measures the audit's speed against: the audit's own IAM calls
 * (`--no-cloudtrail`) made by a bare AWS SDK loop — every client with the SDK's defaults (its own HTTP
 * handler, standard retries), no pacing, no middleware, no spool, no reports: for each account of the
 * organization, AssumeRole, then ListUsers and, for each user, ListAccessKeys, GetAccessKeyLastUsed per
 * key, ListMFADevices, GetLoginProfile, ListServiceSpecificCredentials, ListSSHPublicKeys and
 * ListSigningCertificates, with GetAccountSummary and ListVirtualMFADevices for the root user.
 * `--in-flight` requests at most (as `--concurrency`), `--accounts` accounts and `--users` users of each
 * at once. What the same work costs in Deno through the SDK alone.
 *
 * ```
 * AWS_ENDPOINT_URL=... AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_REGION=us-east-1 \
 *   deno run -A tests/bench/bare_sdk.ts --role OrganizationAccountAccessRole [--in-flight 64]
 * ```
 *
 * Prints one JSON line: `{"calls", "seconds", "cpuMicrosPerCall"}` (calls counted by the SDK's
 * attempts, so comparable with the simulator's count of requests).
 *
 * @module
 */
import {
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUsers,
  paginateListVirtualMFADevices,
} from "@aws-sdk/client-iam";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { cpuUsage } from "node:process";
import { parseArgs } from "node:util";
import { orderedPooledMap, pooledMap } from "../../lib/util/pool.ts";
import { Semaphore } from "../../lib/util/semaphore.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    role: { type: "string", default: "OrganizationAccountAccessRole" },
    "in-flight": { type: "string", default: "64" },
    accounts: { type: "string", default: "32" },
    users: { type: "string", default: "8" },
  },
});
const slots = new Semaphore(Number(values["in-flight"]));
let calls = 0;
/** One SDK call, within the in-flight bound; every attempt counted (the SDK's `$metadata.attempts`). */
async function call<T extends { $metadata?: { attempts?: number } }>(send: () => Promise<T>): Promise<T> {
  const release = await slots.acquire();
  try {
    const out = await send();
    calls += out.$metadata?.attempts ?? 1;
    return out;
  } catch (e) {
    calls += (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    throw e;
  } finally {
    release();
  }
}

const cpuBefore = cpuUsage();
const started = performance.now();
const sts = new STSClient({});
const me = await call(() => sts.send(new GetCallerIdentityCommand({})));
const org = new OrganizationsClient({ region: "us-east-1" });
const accounts: string[] = [];
for await (const page of paginateListAccounts({ client: org }, {})) {
  calls++;
  for (const a of page.Accounts ?? []) if ((a.State ?? a.Status) === "ACTIVE") accounts.push(a.Id!);
}

async function auditAccount(id: string): Promise<void> {
  let credentials;
  if (id !== me.Account) {
    try {
      const out = await call(() =>
        sts.send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${id}:role/${values.role}`,
            RoleSessionName: "bare",
          }),
        )
      );
      const c = out.Credentials!;
      credentials = {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken,
      };
    } catch {
      return; // no role in this account
    }
  }
  const iam = new IAMClient({ region: "us-east-1", ...(credentials ? { credentials } : {}) });
  // Each paginator page is one call: counted as it comes (the SDK's paginator does not go through `call`).
  const pages = async <T>(list: AsyncIterable<T>, each: (page: T) => void) => {
    for await (const page of list) {
      calls++;
      each(page);
    }
  };
  const root = (async () => {
    await call(() => iam.send(new GetAccountSummaryCommand({})));
    await pages(paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: "Assigned" }), () => {});
  })();
  const users: string[] = [];
  await pages(
    paginateListUsers({ client: iam }, {}),
    (page) => users.push(...page.Users!.map((u) => u.UserName!)),
  );
  const work = orderedPooledMap(Number(values.users), users, async (user) => {
    const keys: string[] = [];
    await Promise.all([
      (async () => {
        await pages(
          paginateListAccessKeys({ client: iam }, { UserName: user }),
          (page) => keys.push(...page.AccessKeyMetadata!.map((k) => k.AccessKeyId!)),
        );
        await Promise.all(
          keys.map((k) => call(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k })))),
        );
      })(),
      pages(paginateListMFADevices({ client: iam }, { UserName: user }), () => {}),
      call(() => iam.send(new GetLoginProfileCommand({ UserName: user }))).catch(() => undefined),
      call(() => iam.send(new ListServiceSpecificCredentialsCommand({ UserName: user }))),
      pages(paginateListSSHPublicKeys({ client: iam }, { UserName: user }), () => {}),
      pages(paginateListSigningCertificates({ client: iam }, { UserName: user }), () => {}),
    ]);
  });
  for await (const _ of work) { /* drain */ }
  await root;
  iam.destroy();
}

for await (const _ of pooledMap(Number(values.accounts), accounts, auditAccount)) { /* drain */ }
const seconds = (performance.now() - started) / 1000;
const cpu = cpuUsage(cpuBefore);
console.log(JSON.stringify({ calls, seconds, cpuMicrosPerCall: (cpu.user + cpu.system) / calls }));
sts.destroy();
org.destroy();

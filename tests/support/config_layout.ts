/**
 * Run by `tests/client_config_test.ts` under `--v8-flags=--allow-natives-syntax`: whether each service's
 * client configuration is in V8's fast property layout — as the SDK leaves it, once `ClientFactory` made
 * the client, and after a call to the simulator. Prints one JSON object.
 *
 * @module
 */
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { GetAccountSummaryCommand, IAMClient } from "@aws-sdk/client-iam";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CallStats, ClientFactory } from "../../lib/aws/clients.ts";
import { generateOrganization } from "../../sim/generate.ts";
import { startSimulator } from "../../sim/server.ts";

// V8's test syntax is not TypeScript: compiled at run time.
const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;
const layout = (clients: Record<string, { config: object }>) =>
  Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, hasFastProperties(c.config)]));

const sim = await startSimulator(generateOrganization({ accounts: 2, usersPerAccount: 1, seed: 3 }));
const credentials = { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey };
Deno.env.set("AWS_ENDPOINT_URL", sim.url);
const region = "us-east-1";
const before = layout({
  IAM: new IAMClient({ region, credentials }),
  STS: new STSClient({ region, credentials }),
  Organizations: new OrganizationsClient({ region, credentials }),
  CloudTrail: new CloudTrailClient({ region, credentials }),
});
const factory = new ClientFactory({ maxAttempts: 2, requestTimeoutMs: 10_000, maxSockets: 4 });
const clients = {
  IAM: factory.iam(credentials, new CallStats()),
  STS: factory.sts(credentials, region, new CallStats()),
  Organizations: factory.organizations(credentials, new CallStats()),
  CloudTrail: factory.cloudTrail(credentials, region, new CallStats()),
};
const created = layout(clients);
await clients.IAM.send(new GetAccountSummaryCommand({}));
await clients.STS.send(new GetCallerIdentityCommand({}));
await clients.Organizations.send(new ListAccountsCommand({}));
await clients.CloudTrail.send(new LookupEventsCommand({}));
const afterCalls = layout(clients);
factory.destroy();
await sim.close();
console.log(JSON.stringify({ before, created, afterCalls }));

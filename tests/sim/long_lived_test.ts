import assert from "node:assert/strict";
import {
  AccountNotManagementOrDelegatedAdministratorException,
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMServiceException,
  InvalidInputException,
  ListOrganizationsFeaturesCommand,
  ListServiceSpecificCredentialsCommand,
  type ListServiceSpecificCredentialsCommandInput,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
  OrganizationNotInAllFeaturesModeException,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  ServiceAccessNotEnabledException,
  ServiceNotSupportedException,
  type ServiceSpecificCredentialMetadata,
  type SigningCertificate,
  type SSHPublicKeyMetadata,
  type SummaryKeyType,
} from "@aws-sdk/client-iam";
import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { type Simulator, startSimulator } from "../../sim/server.ts";
import type { Scenario } from "../../sim/scenario.ts";
import {
  LONG_LIVED_ACCOUNTS as IDS,
  LONG_LIVED_ROLE,
  LONG_LIVED_ROOTS,
  longLivedScenario,
} from "../../sim/scenarios/long_lived.ts";
import { type Clients, clientsFor } from "./fixtures.ts";

const NOW = new Date("2026-11-25T12:00:00Z");

async function withLongLived(
  fn: (sim: Simulator, mgmt: Clients) => Promise<void>,
  edit: (scenario: Scenario) => void = () => {},
): Promise<void> {
  const scenario = longLivedScenario(NOW);
  edit(scenario);
  const sim = await startSimulator(scenario, { now: () => NOW, pageSize: 2 });
  const mgmt = clientsFor(sim);
  try {
    await fn(sim, mgmt);
  } finally {
    mgmt.destroy();
    await sim.close();
  }
}

async function inAccount<T>(
  sim: Simulator,
  mgmt: Clients,
  accountId: string,
  fn: (c: Clients) => Promise<T>,
): Promise<T> {
  const out = await mgmt.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${LONG_LIVED_ROLE}`,
      RoleSessionName: "long-lived",
    }),
  );
  const c = out.Credentials!;
  const clients = clientsFor(sim, {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  });
  try {
    return await fn(clients);
  } finally {
    clients.destroy();
  }
}

/** Every page of ListServiceSpecificCredentials (the SDK has no paginator for it); also counts the pages. */
async function serviceCredentials(
  clients: Clients,
  input: ListServiceSpecificCredentialsCommandInput,
): Promise<{ items: ServiceSpecificCredentialMetadata[]; pages: number }> {
  const items: ServiceSpecificCredentialMetadata[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await clients.iam.send(
      new ListServiceSpecificCredentialsCommand({ ...input, Marker: marker }),
    );
    pages++;
    items.push(...page.ServiceSpecificCredentials ?? []);
    assert.equal(page.IsTruncated === true, page.Marker !== undefined);
    marker = page.Marker;
  } while (marker);
  return { items, pages };
}

Deno.test("ListServiceSpecificCredentials pages a user's credentials, typed as the SDK expects, never a secret", async () => {
  await withLongLived(async (sim, mgmt) => {
    await inAccount(sim, mgmt, IDS.builders, async (c) => {
      const { items, pages } = await serviceCredentials(c, { UserName: "everything" });
      assert.equal(pages, 3);
      assert.deepEqual(items.map((i) => [i.ServiceSpecificCredentialId, i.ServiceName, i.Status]), [
        ["ACCAEVERYTHING000001", "codecommit.amazonaws.com", "Active"],
        ["ACCAEVERYTHING000002", "cassandra.amazonaws.com", "Active"],
        ["ACCAEVERYTHING000003", "bedrock.amazonaws.com", "Active"],
        ["ACCAEVERYTHING000004", "bedrock.amazonaws.com", "Active"],
        // Active in the data, expired yesterday by the simulator's clock.
        ["ACCAEVERYTHING000005", "logs.amazonaws.com", "Expired"],
      ]);
      const [codecommit, , bedrock, expiring] = items;
      assert.equal(codecommit.UserName, "everything");
      assert.equal(codecommit.ServiceUserName, `everything-at-${IDS.builders}`);
      assert.equal(codecommit.ServiceCredentialAlias, undefined);
      assert.equal(codecommit.ExpirationDate, undefined);
      assert.ok(codecommit.CreateDate instanceof Date);
      assert.equal(bedrock.ServiceUserName, undefined);
      assert.match(bedrock.ServiceCredentialAlias!, /^everything-v1-\d{8}$/);
      assert.equal(bedrock.ExpirationDate, undefined, "a Bedrock key created without expiry never expires");
      assert.deepEqual(expiring.ExpirationDate, new Date(NOW.getTime() + 4 * 86_400_000));
      const allowed = new Set([
        "UserName",
        "Status",
        "ServiceUserName",
        "ServiceCredentialAlias",
        "CreateDate",
        "ExpirationDate",
        "ServiceSpecificCredentialId",
        "ServiceName",
      ]);
      for (const item of items) for (const key of Object.keys(item)) assert.ok(allowed.has(key), key);
      const one = await c.iam.send(
        new ListServiceSpecificCredentialsCommand({ UserName: "everything", MaxItems: 1 }),
      );
      assert.equal(one.ServiceSpecificCredentials!.length, 1);
      assert.equal(one.IsTruncated, true);
      assert.deepEqual((await serviceCredentials(c, { UserName: "plain" })).items, []);
    });
  });
});

Deno.test("ListServiceSpecificCredentials filters by service, lists all users, and refuses what IAM refuses", async () => {
  await withLongLived(async (sim, mgmt) => {
    await inAccount(sim, mgmt, IDS.builders, async (c) => {
      const bedrock = await serviceCredentials(c, { AllUsers: true, ServiceName: "bedrock.amazonaws.com" });
      assert.deepEqual(bedrock.items.map((i) => [i.UserName, i.Status, i.ExpirationDate?.toISOString()]), [
        ["BedrockAPIKey-forever", "Active", undefined],
        ["BedrockAPIKey-30days", "Active", "2026-12-15T12:00:00.000Z"],
        ["BedrockAPIKey-expired", "Expired", "2026-11-20T12:00:00.000Z"],
        ["BedrockAPIKey-expired", "Expired", "2026-09-16T12:00:00.000Z"],
        ["BedrockAPIKey-inactive", "Inactive", "2027-10-31T12:00:00.000Z"],
        ["everything", "Active", undefined],
        ["everything", "Active", "2026-11-29T12:00:00.000Z"],
      ]);
      const all = await serviceCredentials(c, { AllUsers: true });
      assert.equal(all.items.length, 14);
      assert.deepEqual(
        [...new Set(all.items.map((i) => i.ServiceName))].sort(),
        [
          "bedrock.amazonaws.com",
          "cassandra.amazonaws.com",
          "codecommit.amazonaws.com",
          "logs.amazonaws.com",
        ],
      );
      const logs = await serviceCredentials(c, { UserName: "everything", ServiceName: "logs.amazonaws.com" });
      assert.deepEqual(logs.items.map((i) => i.ServiceSpecificCredentialId), ["ACCAEVERYTHING000005"]);
      await assert.rejects(
        c.iam.send(
          new ListServiceSpecificCredentialsCommand({ ServiceName: "s3.amazonaws.com", UserName: "plain" }),
        ),
        (e) => e instanceof ServiceNotSupportedException && e.$metadata.httpStatusCode === 404,
      );
      await assert.rejects(
        c.iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: "plain" })),
        InvalidInputException,
      );
      await assert.rejects(
        c.iam.send(new ListServiceSpecificCredentialsCommand({ UserName: "nobody" })),
        (e) =>
          e instanceof NoSuchEntityException && e.message === "The user with name nobody cannot be found.",
      );
      // A role session is no IAM user: without UserName there is nobody to list.
      await assert.rejects(
        c.iam.send(new ListServiceSpecificCredentialsCommand({})),
        (e) => e instanceof IAMServiceException && e.name === "ValidationError",
      );
    });
  });
});

Deno.test("SSH public keys and signing certificates page like every IAM list", async () => {
  await withLongLived(async (sim, mgmt) => {
    await inAccount(sim, mgmt, IDS.builders, async (c) => {
      const keys: SSHPublicKeyMetadata[] = [];
      for await (const page of paginateListSSHPublicKeys({ client: c.iam }, { UserName: "everything" })) {
        keys.push(...page.SSHPublicKeys ?? []);
      }
      assert.deepEqual(keys.map((k) => [k.UserName, k.SSHPublicKeyId, k.Status]), [
        ["everything", "APKAEVERYTHING000001", "Active"],
        ["everything", "APKAEVERYTHING000002", "Active"],
        ["everything", "APKAEVERYTHING000003", "Inactive"],
      ]);
      assert.ok(keys.every((k) => k.UploadDate instanceof Date));
      const certs: SigningCertificate[] = [];
      for await (
        const page of paginateListSigningCertificates({ client: c.iam }, { UserName: "soap-legacy" })
      ) {
        certs.push(...page.Certificates ?? []);
      }
      assert.deepEqual(certs.map((k) => [k.CertificateId, k.Status]), [
        ["CERTSOAPLEGACY0000000001", "Active"],
        ["CERTSOAPLEGACY0000000002", "Inactive"],
      ]);
      assert.match(
        certs[0].CertificateBody!,
        /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=]+\n-----END CERTIFICATE-----\n$/,
      );
      assert.deepEqual(certs[0].UploadDate, new Date(NOW.getTime() - 900 * 86_400_000));
      assert.equal(sim.stats.byAction["iam:ListSSHPublicKeys"], 2);
      for await (const page of paginateListSSHPublicKeys({ client: c.iam }, { UserName: "plain" })) {
        assert.deepEqual(page.SSHPublicKeys, []);
      }
      await c.iam.send(new GenerateCredentialReportCommand({}));
      const report = await c.iam.send(new GetCredentialReportCommand({}));
      const rows = new TextDecoder().decode(report.Content).split("\n").map((line) => line.split(","));
      const row = (user: string) =>
        Object.fromEntries(rows.find((r) => r[0] === user)!.map((v, i) => [rows[0][i], v]));
      assert.equal(row("soap-legacy").cert_1_active, "true");
      assert.equal(row("soap-legacy").cert_2_active, "false");
      assert.equal(row("soap-legacy").cert_2_last_rotated, "2023-08-13T12:00:00+00:00");
      assert.equal(row("plain").cert_1_last_rotated, "N/A");
    });
  });
});

Deno.test("every root posture reads the same in GetAccountSummary, the virtual MFA list and the credential report", async () => {
  await withLongLived(async (sim, mgmt) => {
    for (const key of Object.keys(IDS) as (keyof typeof IDS)[]) {
      const declared = LONG_LIVED_ROOTS[key];
      const expected = {
        AccountMFAEnabled: declared && declared.mfa !== "none" ? 1 : 0,
        AccountAccessKeysPresent: declared && declared.accessKeysPresent > 0 ? 1 : 0,
        AccountPasswordPresent: declared?.password === false ? 0 : 1,
        AccountSigningCertificatesPresent: (declared?.signingCertificates ?? 0) > 0 ? 1 : 0,
      };
      const read = async (c: Clients) => {
        const { SummaryMap } = await c.iam.send(new GetAccountSummaryCommand({}));
        const flags = Object.fromEntries(
          Object.keys(expected).map((k) => [k, SummaryMap![k as SummaryKeyType]]),
        );
        const { VirtualMFADevices } = await c.iam.send(new ListVirtualMFADevicesCommand({}));
        const rootVirtual = VirtualMFADevices!.some((d) => d.User?.Arn?.endsWith(":root"));
        await c.iam.send(new GenerateCredentialReportCommand({}));
        const report = await c.iam.send(new GetCredentialReportCommand({}));
        const rows = new TextDecoder().decode(report.Content).split("\n").map((line) => line.split(","));
        const root = Object.fromEntries(rows[1].map((v, i) => [rows[0][i], v]));
        return { flags, rootVirtual, root };
      };
      const { flags, rootVirtual, root } = key === "management"
        ? await read(mgmt)
        : await inAccount(sim, mgmt, IDS[key], read);
      assert.deepEqual(flags, expected, key);
      assert.equal(rootVirtual, declared?.mfa === "virtual", key);
      assert.equal(root.user, "<root_account>");
      assert.equal(root.mfa_active, String(expected.AccountMFAEnabled === 1), key);
      assert.equal(root.access_key_1_active, String(expected.AccountAccessKeysPresent === 1), key);
      assert.equal(root.access_key_2_active, String((declared?.accessKeysPresent ?? 0) === 2), key);
      assert.equal(root.cert_1_active, String(expected.AccountSigningCertificatesPresent === 1), key);
      assert.equal(root.password_last_used, expected.AccountPasswordPresent ? "no_information" : "N/A", key);
    }
  });
});

Deno.test("ListOrganizationsFeatures: management and delegated administrator only, with AWS's errors", async () => {
  await withLongLived(async (sim, mgmt) => {
    const out = await mgmt.iam.send(new ListOrganizationsFeaturesCommand({}));
    assert.equal(out.OrganizationId, "o-longlived01");
    assert.deepEqual(out.EnabledFeatures, ["RootCredentialsManagement", "RootSessions"]);
    await inAccount(sim, mgmt, IDS.rootPasswordOnly, async (c) => {
      await assert.rejects(
        c.iam.send(new ListOrganizationsFeaturesCommand({})),
        (e) =>
          e instanceof AccountNotManagementOrDelegatedAdministratorException &&
          e.$metadata.httpStatusCode === 400,
      );
    });
    const delegated = await inAccount(
      sim,
      mgmt,
      IDS.builders,
      (c) => c.iam.send(new ListOrganizationsFeaturesCommand({})).then((o) => o.EnabledFeatures),
    );
    assert.deepEqual(delegated, out.EnabledFeatures);
  }, (s) => s.rootAccessManagement!.delegatedAdministratorAccountId = IDS.builders);
  await withLongLived(async (_sim, mgmt) => {
    await assert.rejects(
      mgmt.iam.send(new ListOrganizationsFeaturesCommand({})),
      ServiceAccessNotEnabledException,
    );
  }, (s) => delete s.rootAccessManagement);
  await withLongLived(async (_sim, mgmt) => {
    await assert.rejects(
      mgmt.iam.send(new ListOrganizationsFeaturesCommand({})),
      ServiceAccessNotEnabledException,
    );
  }, (s) => s.rootAccessManagement = { enabled: false, features: ["RootSessions"] });
  await withLongLived(async (_sim, mgmt) => {
    const enabledWithout = await mgmt.iam.send(new ListOrganizationsFeaturesCommand({}));
    assert.deepEqual(enabledWithout.EnabledFeatures ?? [], []);
  }, (s) => s.rootAccessManagement = { enabled: true });
  await withLongLived(async (_sim, mgmt) => {
    await assert.rejects(
      mgmt.iam.send(new ListOrganizationsFeaturesCommand({})),
      OrganizationNotInAllFeaturesModeException,
    );
    const { Organization } = await mgmt.org.send(new DescribeOrganizationCommand({}));
    assert.equal(Organization!.FeatureSet, "CONSOLIDATED_BILLING");
  }, (s) => s.featureSet = "CONSOLIDATED_BILLING");
});

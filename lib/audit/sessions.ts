/**
 * Second stage: credentials for each account — assumed once with `sts:AssumeRole` and shared by that
 * account's IAM and CloudTrail clients; the caller's own account uses the caller's credentials.
 *
 * @module
 */
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { CallStats, type ClientFactory, type Credentials } from "../aws/clients.ts";
import type { Caller } from "../aws/caller.ts";
import { cacheCredentials } from "../aws/credential_cache.ts";
import type { ServiceRate } from "../aws/adaptive_rate.ts";
import { Pace } from "../aws/pace.ts";
import type { OrgAccount } from "../model/records.ts";

/** How roles are assumed and calls paced. */
export interface SessionSettings {
  role: string;
  sessionName: string;
  externalId?: string;
  /** Region of STS and CloudTrail calls. */
  region: string;
  /** The run's IAM rate per account (`--iam-rps`, adapted to what IAM allows), shared by every session. */
  iamRate: ServiceRate;
  /** The run's CloudTrail LookupEvents rate per account (`--cloudtrail-rps`, adapted likewise). */
  cloudTrailRate: ServiceRate;
}

/** One account's clients, ready to audit it. */
export interface AccountSession {
  account: OrgAccount;
  iam: IAMClient;
  cloudTrail: CloudTrailClient;
  /** Every call made for this account, retries and throttles included. */
  stats: CallStats;
}

/**
 * The ARN of the audit role in an account.
 *
 * @param partition `aws`, `aws-us-gov` or `aws-cn`
 * @param accountId the account
 * @param role role name, optionally with a path (`audit/SecurityAudit`)
 * @returns e.g. `arn:aws:iam::123456789012:role/AuditRole`
 */
export function roleArn(partition: string, accountId: string, role: string): string {
  return `arn:${partition}:iam::${accountId}:role/${role}`;
}

/**
 * Opens a session in one account: assumes the audit role (or, for the caller's own account, uses the
 * caller's credentials) and resolves the credentials once, so a role that cannot be assumed fails here
 * with AWS's reason instead of on the first IAM call. The credentials are shared by the account's
 * clients and renewed near their expiry, or when AWS reports them expired.
 *
 * @param account the account to audit
 * @param caller the management account's caller
 * @param settings role, session name, region and the run's rates
 * @param clients the run's client factory
 * @param stats where the account's calls are counted (AssumeRole included, even when it fails)
 * @returns the account's session
 * @throws the SDK's error when the role cannot be assumed (e.g. `AccessDenied`)
 */
export async function openSession(
  account: OrgAccount,
  caller: Caller,
  settings: SessionSettings,
  clients: ClientFactory,
  stats: CallStats = new CallStats(account.id),
): Promise<AccountSession> {
  let credentials: Credentials = caller.credentials;
  if (account.id !== caller.accountId) {
    // AssumeRole goes through an instrumented STS client, like every other call: counted, retried,
    // bounded by the run's in-flight cap, and abortable.
    const sts = clients.sts(caller.credentials, settings.region, stats);
    const input = {
      RoleArn: roleArn(caller.partition, account.id, settings.role),
      RoleSessionName: settings.sessionName,
      ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
    };
    const cached = cacheCredentials(async () => {
      // A fresh input each time: the command must not share state between renewals.
      const out = await sts.send(new AssumeRoleCommand({ ...input }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("AssumeRole returned no credentials");
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    });
    await cached();
    credentials = cached;
  }
  return {
    account,
    // One pace per account and service, all IAM actions together: AWS does not say how IAM scopes its
    // limits, and a total per account holds whatever the scope; its rate adapts to what IAM allows.
    iam: clients.iam(credentials, stats, new Pace(settings.iamRate.account())),
    cloudTrail: clients.cloudTrail(
      credentials,
      settings.region,
      stats,
      new Pace(settings.cloudTrailRate.account()),
    ),
    stats,
  };
}

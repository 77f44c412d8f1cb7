/**
 * The root user's posture in one account: password, MFA (none, virtual or hardware), access keys,
 * signing certificates, and its last console sign-in.
 *
 * @module
 */
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { GetAccountSummaryCommand, type IAMClient, paginateListVirtualMFADevices } from "@aws-sdk/client-iam";
import { lookupEvents, type TimeWindow } from "./cloudtrail.ts";
import type { RootPosture } from "../model/records.ts";

/**
 * Reads the root user's credentials: `GetAccountSummary` (`AccountMFAEnabled`, `AccountAccessKeysPresent`,
 * `AccountPasswordPresent`, `AccountSigningCertificatesPresent`) and, when MFA is on,
 * `ListVirtualMFADevices` to tell a virtual device (one assigned to the root ARN) from a hardware one.
 *
 * @param iam the account's IAM client
 * @returns MFA kind, access keys, password and signing certificates (a value IAM did not give is unknown)
 * @throws the SDK's error when a call fails (after retries)
 */
export async function readRootCredentials(
  iam: IAMClient,
): Promise<Pick<RootPosture, "mfa" | "accessKeys" | "password" | "signingCertificates">> {
  const summary = await iam.send(new GetAccountSummaryCommand({}));
  const map = summary.SummaryMap ?? {};
  const posture = {
    accessKeys: map.AccountAccessKeysPresent ?? 0,
    password: map.AccountPasswordPresent === undefined ? undefined : map.AccountPasswordPresent > 0,
    signingCertificates: map.AccountSigningCertificatesPresent,
  };
  if (!map.AccountMFAEnabled) return { mfa: "None", ...posture };
  for await (const page of paginateListVirtualMFADevices({ client: iam }, { AssignmentStatus: "Assigned" })) {
    for (const device of page.VirtualMFADevices ?? []) {
      if (device.User?.Arn && /:root$/.test(device.User.Arn)) return { mfa: "Virtual", ...posture };
    }
  }
  return { mfa: "Hardware", ...posture };
}

/**
 * Finds the root user's last console sign-in within the window: `ConsoleLogin` events whose
 * `userIdentity.type` is `Root`.
 *
 * @param cloudTrail the account's CloudTrail client
 * @param window the lookup window
 * @returns the newest such sign-in, or undefined
 * @throws the SDK's error when a lookup fails (after retries)
 */
export async function lastRootConsoleLogin(
  cloudTrail: CloudTrailClient,
  window: TimeWindow,
): Promise<Date | undefined> {
  let last: Date | undefined;
  for await (const event of lookupEvents(cloudTrail, "ConsoleLogin", window)) {
    if (event.identityType !== "Root" || !event.eventTime) continue;
    if (!last || event.eventTime > last) last = event.eventTime;
  }
  return last;
}

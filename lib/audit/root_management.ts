/**
 * Whether the organization manages its member accounts' root credentials centrally (since November
 * 2024): IAM's `ListOrganizationsFeatures`, read once, in the management account.
 *
 * @module
 */
import { type IAMClient, ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import { isServiceError, summarizeError } from "../aws/service_errors.ts";
import { InterruptedError } from "../errors/audit_error.ts";
import type { RootManagement } from "../model/records.ts";

/** The feature that removes member accounts' root credentials. */
export const ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement";

/**
 * Reads the organization's root access management: on, off, or not readable (a denied call, an
 * account that is not the management account), with the reason.
 *
 * AWS answers `ServiceAccessNotEnabledException` when IAM's trusted access to Organizations was never
 * enabled: then the feature cannot be on, and that is what this says.
 *
 * @param iam an IAM client with the management account's credentials
 * @returns the feature's state
 * @throws {InterruptedError} when the run is interrupted
 */
export async function readRootManagement(iam: IAMClient): Promise<RootManagement> {
  try {
    const out = await iam.send(new ListOrganizationsFeaturesCommand({}));
    const features = [...(out.EnabledFeatures ?? [])] as string[];
    return { state: features.includes(ROOT_CREDENTIALS_MANAGEMENT) ? "enabled" : "disabled", features };
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    if (isServiceError(e) && /^ServiceAccessNotEnabled(Exception)?$/.test(e.name)) {
      return { state: "disabled", features: [] };
    }
    return { state: "unknown", error: summarizeError(e) };
  }
}

/**
 * First stage: the organization's accounts, streamed page by page from Organizations.
 *
 * @module
 */
import {
  type Account,
  DescribeOrganizationCommand,
  type OrganizationsClient,
  paginateListAccounts,
} from "@aws-sdk/client-organizations";
import { describeError, isAccessDenied, isServiceError } from "../aws/service_errors.ts";
import { AuditError, InterruptedError } from "../errors/audit_error.ts";
import type { OrgAccount } from "../model/records.ts";

/**
 * The account's lifecycle state: `State`, or the legacy `Status` where `State` is absent (AWS retired
 * `Status` on 2026-09-09).
 *
 * @param account an account as Organizations returns it
 * @returns e.g. `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`; `UNKNOWN` when neither field is present
 */
export function accountState(account: Pick<Account, "State" | "Status">): string {
  return account.State ?? account.Status ?? "UNKNOWN";
}

/**
 * Lists every account of the organization (`organizations:ListAccounts`), one page at a time.
 *
 * @param org an Organizations client with the management account's credentials
 * @yields each account, in the order Organizations returns them
 * @throws {AuditError} `organizations-denied` or `organizations-not-in-use` with what to do
 */
export async function* listAccounts(org: OrganizationsClient): AsyncGenerator<OrgAccount> {
  try {
    // A fresh input literal: the paginator writes its token into the object it is given.
    for await (const page of paginateListAccounts({ client: org }, {})) {
      for (const account of page.Accounts ?? []) {
        yield {
          id: account.Id ?? "",
          name: account.Name ?? "",
          email: account.Email,
          state: accountState(account),
        };
      }
    }
  } catch (e) {
    throw e instanceof InterruptedError ? e : organizationsError(e);
  }
}

/**
 * Turns a failure to read the organization into a one-line error saying what to do.
 *
 * @param e what the SDK threw
 * @returns the error to show
 */
export function organizationsError(e: unknown): AuditError {
  if (isServiceError(e)) {
    if (isAccessDenied(e)) {
      return new AuditError("organizations-denied", (w) => w.errors.organizationsDenied, { cause: e });
    }
    if (e.name === "AWSOrganizationsNotInUseException") {
      return new AuditError("organizations-not-in-use", (w) => w.errors.organizationsNotInUse, { cause: e });
    }
  }
  if (e instanceof AuditError) return e;
  const detail = describeError(e);
  return new AuditError("organization-unavailable", (w) => w.errors.organizationUnavailable(detail), {
    cause: e,
  });
}

/**
 * The organization's id (`o-...`), for the reports' heading; undefined when it cannot be read (it is
 * a nicety, never a reason to stop).
 *
 * @param org an Organizations client
 * @returns the id, or undefined
 */
export async function organizationId(org: OrganizationsClient): Promise<string | undefined> {
  try {
    return (await org.send(new DescribeOrganizationCommand({}))).Organization?.Id;
  } catch {
    return undefined;
  }
}

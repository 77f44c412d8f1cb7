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
import { AuditError, describeError, InterruptedError, isServiceError } from "../errors/audit_error.ts";
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
    if (e.name === "AccessDeniedException" || e.name === "AccessDenied") {
      return new AuditError(
        "organizations-denied",
        "The credentials cannot list the organization's accounts (organizations:ListAccounts was denied): " +
          "use a profile of the management account (or a delegated administrator) whose policy allows " +
          "organizations:ListAccounts.",
        { cause: e },
      );
    }
    if (e.name === "AWSOrganizationsNotInUseException") {
      return new AuditError(
        "organizations-not-in-use",
        "This account is not a member of an AWS Organization: use a profile of the organization's management account.",
        { cause: e },
      );
    }
  }
  if (e instanceof AuditError) return e;
  return new AuditError(
    "organization-unavailable",
    `Could not list the organization's accounts: ${describeError(e)}.`,
    { cause: e },
  );
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

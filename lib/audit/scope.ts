/**
 * Scoping: which of the organization's accounts are audited — all of them, those under some
 * organizational units (recursively), a list of ids, minus exclusions.
 *
 * @module
 */
import {
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from "@aws-sdk/client-organizations";
import { accountState, listAccounts, organizationsError } from "./accounts.ts";
import { isServiceError } from "../aws/service_errors.ts";
import { AuditError, InterruptedError } from "../errors/audit_error.ts";
import type { OrgAccount } from "../model/records.ts";

/**
 * Lists the accounts under organizational units, recursively (`ListAccountsForParent` and
 * `ListOrganizationalUnitsForParent`, breadth first), each account once.
 *
 * @param org an Organizations client with the management account's credentials
 * @param parentIds OU ids (`ou-...`) or the root id (`r-...`)
 * @yields each account under them
 * @throws {AuditError} `scope` when an OU does not exist; the errors of {@link organizationsError}
 */
export async function* listAccountsUnder(
  org: OrganizationsClient,
  parentIds: readonly string[],
): AsyncGenerator<OrgAccount> {
  const seen = new Set<string>();
  const queue = [...parentIds];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    try {
      for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parent })) {
        for (const account of page.Accounts ?? []) {
          if (!account.Id || seen.has(account.Id)) continue;
          seen.add(account.Id);
          yield {
            id: account.Id,
            name: account.Name ?? "",
            email: account.Email,
            state: accountState(account),
          };
        }
      }
      for await (
        const page of paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent })
      ) {
        for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) queue.push(ou.Id);
      }
    } catch (e) {
      if (isServiceError(e) && e.name === "ParentNotFoundException") {
        const ou = parent;
        throw new AuditError("scope", (w) => w.errors.ouNotFound(ou), { cause: e });
      }
      throw e instanceof InterruptedError ? e : organizationsError(e);
    }
  }
}

/** Which accounts to keep, by id. */
export interface AccountFilter {
  /** Only these; undefined: all. */
  include?: readonly string[];
  exclude: readonly string[];
}

/**
 * Keeps the accounts the filter selects, and reports afterwards the `include` ids never seen.
 * Selecting nothing at all is an error: it names the ids that matched nothing.
 *
 * @param accounts the accounts listed
 * @param filter ids to keep and to drop
 * @param onMissing told, at the end, of the `include` ids that were not listed
 * @yields the selected accounts, in listing order
 * @throws {AuditError} `scope` (a usage error) when no account is selected
 */
export async function* filterAccounts(
  accounts: AsyncIterable<OrgAccount>,
  filter: AccountFilter,
  onMissing?: (ids: string[]) => void,
): AsyncGenerator<OrgAccount> {
  const include = filter.include ? new Set(filter.include) : undefined;
  const exclude = new Set(filter.exclude);
  const found = new Set<string>();
  for await (const account of accounts) {
    if (exclude.has(account.id)) continue;
    if (include && !include.has(account.id)) continue;
    found.add(account.id);
    yield account;
  }
  const missing = include ? [...include].filter((id) => !found.has(id) && !exclude.has(id)) : [];
  if (found.size === 0) {
    // Nothing to audit is never a clean audit: a typo in an id must not pass as "no findings".
    const excluded = include ? [...include].filter((id) => exclude.has(id)) : [];
    throw new AuditError("scope", (w) => w.errors.emptyScope(missing, excluded));
  }
  if (missing.length > 0) onMissing?.(missing);
}

/** Which accounts a run audits, as the flags say. */
export interface Scope {
  /** `--ou`: only accounts under these (empty: the whole organization). */
  ous: readonly string[];
  /** `--accounts`: only these (undefined: all). */
  accounts?: readonly string[];
  /** `--exclude-accounts`. */
  excludeAccounts: readonly string[];
}

/**
 * The accounts in scope, streamed as Organizations lists them.
 *
 * @param org an Organizations client with the management account's credentials
 * @param scope the scoping flags
 * @param onMissing told, at the end, of `--accounts` ids that were not listed
 * @returns the accounts
 */
export function scopedAccounts(
  org: OrganizationsClient,
  scope: Scope,
  onMissing?: (ids: string[]) => void,
): AsyncGenerator<OrgAccount> {
  const listed = scope.ous.length > 0 ? listAccountsUnder(org, scope.ous) : listAccounts(org);
  return filterAccounts(listed, { include: scope.accounts, exclude: scope.excludeAccounts }, onMissing);
}

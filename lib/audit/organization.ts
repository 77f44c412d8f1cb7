/**
 * The organization as the run sees it before any account: its client, its id, and whether it manages
 * its member accounts' root credentials centrally.
 *
 * @module
 */
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { Caller } from "../aws/caller.ts";
import { CallStats, type ClientFactory } from "../aws/clients.ts";
import type { RootManagement } from "../model/records.ts";
import { organizationId } from "./accounts.ts";
import { readRootManagement } from "./root_management.ts";

/** What is known of the organization at the start of a run. */
export interface Organization {
  /** An Organizations client with the management account's credentials. */
  client: OrganizationsClient;
  /** The organization's id (`o-…`), when it could be read. */
  id?: string;
  /** Its central root access management. */
  rootManagement: RootManagement;
}

/**
 * Opens the organization with the caller's credentials.
 *
 * @param clients the run's client factory
 * @param caller the management account's caller
 * @returns the organization
 */
export async function openOrganization(clients: ClientFactory, caller: Caller): Promise<Organization> {
  const client = clients.organizations(caller.credentials, new CallStats());
  const [id, rootManagement] = await Promise.all([
    organizationId(client),
    readRootManagement(clients.iam(caller.credentials, new CallStats())),
  ]);
  return { client, id, rootManagement };
}

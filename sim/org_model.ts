/**
 * The organization as Organizations serves it: the OU tree, parent links and rendered `Account`
 * objects, built once at start; per-account IAM/CloudTrail indexes are built on first use so that a
 * generated organization of thousands of accounts starts quickly.
 *
 * @module
 */

import type { Account, OrganizationalUnit, Scenario } from "./scenario.ts";
import { AccountIndex } from "./account_index.ts";
import { derivedChars } from "./ids.ts";
import { epochSeconds, parseIsoMs } from "./time.ts";

/** An Organizations `Account` object as returned on the wire. */
export interface OrgAccountJson {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status?: string;
  State?: string;
  JoinedMethod: string;
  JoinedTimestamp: number;
}

/** A root or OU of the tree. */
export interface UnitInfo {
  id: string;
  name: string;
  arn: string;
  type: "ROOT" | "ORGANIZATIONAL_UNIT";
}

const LEGACY_STATUS: Record<string, string | undefined> = {
  ACTIVE: "ACTIVE",
  SUSPENDED: "SUSPENDED",
  PENDING_CLOSURE: "PENDING_CLOSURE",
};

/** Indexed, validated view of a {@link Scenario}. */
export class OrgModel {
  readonly scenario: Scenario;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accounts: Account[];
  /** Ids of {@link OrgModel.accounts}, in scenario order (ListAccounts' order). */
  readonly accountIds: string[];
  readonly accountsById = new Map<string, Account>();
  readonly accountJson = new Map<string, OrgAccountJson>();
  readonly root: UnitInfo;
  readonly units = new Map<string, UnitInfo>();
  /** Parent of every account and OU. */
  readonly parentOf = new Map<string, UnitInfo>();
  readonly childAccounts = new Map<string, string[]>();
  readonly childUnits = new Map<string, string[]>();
  #indexes = new Map<string, AccountIndex>();

  /** Validates and indexes `scenario`; throws on inconsistent data (duplicate ids, unknown accounts). */
  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.organizationId = scenario.organizationId;
    this.managementAccountId = scenario.managementAccountId;
    this.accounts = scenario.accounts;
    this.accountIds = scenario.accounts.map((a) => a.id);
    const mgmt = this.managementAccountId;
    for (const account of scenario.accounts) {
      if (!/^\d{12}$/.test(account.id)) throw new Error(`account id must be 12 digits: ${account.id}`);
      if (this.accountsById.has(account.id)) throw new Error(`duplicate account ${account.id}`);
      parseIsoMs(account.joinedTimestamp, `account ${account.id} joinedTimestamp`);
      this.accountsById.set(account.id, account);
      this.accountJson.set(account.id, this.#accountJson(account));
    }
    if (!this.accountsById.has(mgmt)) throw new Error(`management account ${mgmt} is not in accounts`);
    const delegated = scenario.rootAccessManagement?.delegatedAdministratorAccountId;
    if (delegated !== undefined && (delegated === mgmt || !this.accountsById.has(delegated))) {
      throw new Error(`root access delegated administrator ${delegated} must be a member account`);
    }
    for (const feature of scenario.rootAccessManagement?.features ?? []) {
      if (feature !== "RootCredentialsManagement" && feature !== "RootSessions") {
        throw new Error(`unknown root access feature ${JSON.stringify(feature)}`);
      }
    }

    const rootUnit: OrganizationalUnit = scenario.root ??
      {
        id: `r-${derivedChars(scenario.organizationId, 4).toLowerCase()}`,
        name: "Root",
        accountIds: [],
        children: [],
      };
    this.root = { id: rootUnit.id, name: "Root", arn: this.#arn("root", rootUnit.id), type: "ROOT" };
    this.units.set(this.root.id, this.root);
    this.#walk(rootUnit, this.root);
    const unplaced = scenario.accounts.filter((a) => !this.parentOf.has(a.id)).map((a) => a.id);
    this.childAccounts.get(this.root.id)!.push(...unplaced);
    for (const id of unplaced) this.parentOf.set(id, this.root);
  }

  #arn(kind: string, id: string): string {
    return `arn:aws:organizations::${this.managementAccountId}:${kind}/${this.organizationId}/${id}`;
  }

  #walk(unit: OrganizationalUnit, info: UnitInfo): void {
    const accountIds: string[] = [];
    for (const id of unit.accountIds) {
      if (!this.accountsById.has(id)) throw new Error(`OU ${unit.id} lists unknown account ${id}`);
      if (this.parentOf.has(id)) throw new Error(`account ${id} is placed in two OUs`);
      this.parentOf.set(id, info);
      accountIds.push(id);
    }
    this.childAccounts.set(info.id, accountIds);
    this.childUnits.set(info.id, unit.children.map((c) => c.id));
    for (const child of unit.children) {
      if (this.units.has(child.id)) throw new Error(`duplicate OU ${child.id}`);
      const childInfo: UnitInfo = {
        id: child.id,
        name: child.name,
        arn: this.#arn("ou", child.id),
        type: "ORGANIZATIONAL_UNIT",
      };
      this.units.set(child.id, childInfo);
      this.parentOf.set(child.id, info);
      this.#walk(child, childInfo);
    }
  }

  #accountJson(account: Account): OrgAccountJson {
    const json: OrgAccountJson = {
      Id: account.id,
      Arn: this.#arn("account", account.id),
      Email: account.email,
      Name: account.name,
      JoinedMethod: account.joinedMethod ?? (account.id === this.managementAccountId ? "INVITED" : "CREATED"),
      JoinedTimestamp: epochSeconds(account.joinedTimestamp),
    };
    const status = account.status ?? LEGACY_STATUS[account.state];
    if (status) json.Status = status;
    if (!account.omitState) json.State = account.state;
    return json;
  }

  /** The organization ARN. */
  get organizationArn(): string {
    return `arn:aws:organizations::${this.managementAccountId}:organization/${this.organizationId}`;
  }

  /** IAM/CloudTrail index of an account (built on first use). */
  index(accountId: string): AccountIndex {
    let index = this.#indexes.get(accountId);
    if (!index) {
      const account = this.accountsById.get(accountId);
      if (!account) throw new Error(`unknown account ${accountId}`);
      this.#indexes.set(accountId, index = new AccountIndex(account));
    }
    return index;
  }
}

/**
 * Organizations (JSON 1.1, `AWSOrganizationsV20161128`): the organization, its OU tree and accounts.
 * Only the management account may call it, except DescribeOrganization, which AWS documents as
 * callable from any member account.
 *
 * @module
 */

import { AwsError } from "../errors.ts";
import { decodeToken, page } from "../pagination.ts";
import type { UnitInfo } from "../org_model.ts";
import type { CallContext, JsonHandler } from "./context.ts";

function invalidInput(reason: string, message: string): AwsError {
  return new AwsError("InvalidInputException", message, 400, { Reason: reason });
}

function requireManagement(ctx: CallContext): void {
  if (ctx.principal.accountId !== ctx.model.managementAccountId) {
    throw new AwsError("AccessDeniedException", "You don't have permissions to access this resource.", 400);
  }
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value === "") {
    throw invalidInput("INPUT_REQUIRED", "You must specify a value for all required parameters.");
  }
  return value;
}

/** Pages `items` by NextToken/MaxResults into `{ [listName]: ..., NextToken }`. */
function paged<T>(
  ctx: CallContext,
  input: Record<string, unknown>,
  scope: string,
  listName: string,
  items: readonly T[],
): Record<string, unknown> {
  let limit = 20;
  const max = input.MaxResults;
  if (max !== undefined && max !== null) {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1) {
      throw invalidInput(
        "MIN_VALUE_EXCEEDED",
        "You provided a value that is less than the minimum allowed value.",
      );
    }
    if (max > 20) {
      throw invalidInput(
        "MAX_VALUE_EXCEEDED",
        "You provided a value that exceeds the maximum allowed value.",
      );
    }
    limit = max;
  }
  let offset = 0;
  const token = input.NextToken;
  if (token !== undefined && token !== null) {
    const decoded = typeof token === "string" ? decodeToken(scope, token) : undefined;
    if (decoded === undefined) {
      throw invalidInput(
        "INVALID_NEXT_TOKEN",
        "You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.",
      );
    }
    offset = decoded;
  }
  const p = page(scope, items.length, offset, Math.min(limit, ctx.pageSize));
  const out: Record<string, unknown> = { [listName]: items.slice(p.start, p.end) };
  if (p.nextToken) out.NextToken = p.nextToken;
  return out;
}

function parentUnit(ctx: CallContext, input: Record<string, unknown>): UnitInfo {
  const parentId = requiredString(input, "ParentId");
  const unit = ctx.model.units.get(parentId);
  if (!unit) {
    throw new AwsError(
      "ParentNotFoundException",
      "We can't find a root or OU with the ParentId that you specified.",
    );
  }
  return unit;
}

function accountsJson(ctx: CallContext, ids: readonly string[]): unknown[] {
  return ids.map((id) => ctx.model.accountJson.get(id)!);
}

const describeOrganization: JsonHandler = (ctx) => {
  const m = ctx.model;
  const mgmt = m.accountJson.get(m.managementAccountId)!;
  return {
    Organization: {
      Id: m.organizationId,
      Arn: m.organizationArn,
      FeatureSet: m.scenario.featureSet ?? "ALL",
      MasterAccountArn: mgmt.Arn,
      MasterAccountId: mgmt.Id,
      MasterAccountEmail: mgmt.Email,
      AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    },
  };
};

const listAccounts: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const out = paged(ctx, input, "org:ListAccounts", "Accounts", ctx.model.accountIds);
  out.Accounts = accountsJson(ctx, out.Accounts as string[]);
  return out;
};

const listRoots: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const root = ctx.model.root;
  return paged(ctx, input, "org:ListRoots", "Roots", [{
    Id: root.id,
    Arn: root.arn,
    Name: root.name,
    PolicyTypes: [],
  }]);
};

const listOrganizationalUnitsForParent: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const parent = parentUnit(ctx, input);
  const ids = ctx.model.childUnits.get(parent.id) ?? [];
  const out = paged(ctx, input, `org:ListOUs:${parent.id}`, "OrganizationalUnits", ids);
  out.OrganizationalUnits = (out.OrganizationalUnits as string[]).map((id) => {
    const unit = ctx.model.units.get(id)!;
    return { Id: unit.id, Arn: unit.arn, Name: unit.name };
  });
  return out;
};

const listAccountsForParent: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const parent = parentUnit(ctx, input);
  const out = paged(
    ctx,
    input,
    `org:ListAccountsForParent:${parent.id}`,
    "Accounts",
    ctx.model.childAccounts.get(parent.id) ?? [],
  );
  out.Accounts = accountsJson(ctx, out.Accounts as string[]);
  return out;
};

const listChildren: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const parent = parentUnit(ctx, input);
  const childType = requiredString(input, "ChildType");
  if (childType !== "ACCOUNT" && childType !== "ORGANIZATIONAL_UNIT") {
    throw invalidInput("INVALID_ENUM", "You specified an invalid value.");
  }
  const ids = (childType === "ACCOUNT" ? ctx.model.childAccounts : ctx.model.childUnits).get(parent.id) ?? [];
  const out = paged(ctx, input, `org:ListChildren:${parent.id}:${childType}`, "Children", ids);
  out.Children = (out.Children as string[]).map((id) => ({ Id: id, Type: childType }));
  return out;
};

const describeAccount: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const id = requiredString(input, "AccountId");
  const account = ctx.model.accountJson.get(id);
  if (!account) {
    throw new AwsError(
      "AccountNotFoundException",
      "We can't find an AWS account with the AccountId that you specified, or the account whose credentials " +
        "you used to make this request isn't a member of an organization.",
    );
  }
  return { Account: account };
};

const listParents: JsonHandler = (ctx, input) => {
  requireManagement(ctx);
  const childId = requiredString(input, "ChildId");
  const parent = ctx.model.parentOf.get(childId);
  if (!parent) {
    throw new AwsError(
      "ChildNotFoundException",
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    );
  }
  return paged(ctx, input, `org:ListParents:${childId}`, "Parents", [{ Id: parent.id, Type: parent.type }]);
};

/** Organizations actions the simulator serves; any other is refused. */
export const ORGANIZATIONS_ACTIONS: Record<string, JsonHandler> = {
  DescribeOrganization: describeOrganization,
  ListAccounts: listAccounts,
  ListRoots: listRoots,
  ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
  ListAccountsForParent: listAccountsForParent,
  ListChildren: listChildren,
  DescribeAccount: describeAccount,
  ListParents: listParents,
};

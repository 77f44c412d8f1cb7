/**
 * IAM (query protocol, `Version=2010-05-08`): the read-only actions an audit uses.
 *
 * @module
 */

import { AwsError, notAuthorizedMessage } from "../errors.ts";
import { type AccountIndex, type ServiceCredentialEntry, type UserEntry } from "../account_index.ts";
import { SERVICE_SPECIFIC_CREDENTIAL_SERVICES } from "../scenario.ts";
import { decodeToken, page } from "../pagination.ts";
import { isoSeconds } from "../time.ts";
import { el, memberList, xmlEscape } from "../xml.ts";
import { Buffer } from "node:buffer";
import { derivedChars, uniqueId } from "../ids.ts";
import type { CallContext, QueryHandler } from "./context.ts";
import { credentialReportCsv } from "./credential_report.ts";

function validation(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

function noSuchUser(name: string): AwsError {
  return new AwsError("NoSuchEntity", `The user with name ${name} cannot be found.`, 404);
}

function accountOf(ctx: CallContext): AccountIndex {
  return ctx.model.index(ctx.principal.accountId);
}

/** The user named by `UserName`, or the calling IAM user when it is absent (as IAM does). */
function targetUser(ctx: CallContext, params: URLSearchParams): UserEntry | undefined {
  const name = params.get("UserName");
  if (name === null || name === "") {
    if (!ctx.principal.userName) {
      throw validation("Must specify userName when calling with non-User credentials");
    }
    return accountOf(ctx).usersByName.get(ctx.principal.userName);
  }
  if (name.length > 128) {
    throw validation(
      `1 validation error detected: Value at 'userName' failed to satisfy constraint: ` +
        `Member must have length less than or equal to 128`,
    );
  }
  const user = accountOf(ctx).usersByName.get(name);
  if (!user) throw noSuchUser(name);
  return user;
}

function requiredUser(ctx: CallContext, params: URLSearchParams): UserEntry {
  const user = targetUser(ctx, params);
  if (!user) throw noSuchUser(ctx.principal.userName ?? "");
  return user;
}

/** Pages `items` by IAM's `Marker`/`MaxItems`, rendering each with `render`. */
function paged<T>(
  ctx: CallContext,
  params: URLSearchParams,
  scope: string,
  listName: string,
  items: readonly T[],
  render: (item: T) => string,
): string {
  const maxItemsText = params.get("MaxItems");
  let limit = 100;
  if (maxItemsText !== null) {
    limit = Number(maxItemsText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw validation(
        `1 validation error detected: Value '${maxItemsText}' at 'maxItems' failed to satisfy constraint: ` +
          `Member must have value ${limit < 1 ? "greater than or equal to 1" : "less than or equal to 1000"}`,
      );
    }
  }
  const marker = params.get("Marker");
  let offset = 0;
  if (marker !== null) {
    const decoded = decodeToken(scope, marker);
    if (decoded === undefined) throw validation("Invalid Marker.");
    offset = decoded;
  }
  const p = page(scope, items.length, offset, Math.min(limit, ctx.pageSize));
  const members: string[] = [];
  for (let i = p.start; i < p.end; i++) members.push(render(items[i]));
  return memberList(listName, members) + el("IsTruncated", p.nextToken !== undefined) +
    el("Marker", p.nextToken);
}

function scopeOf(ctx: CallContext, action: string, subject = ""): string {
  return `iam:${action}:${ctx.principal.accountId}:${subject}`;
}

const listUsers: QueryHandler = (ctx, params) => {
  const prefix = params.get("PathPrefix") ?? "/";
  const all = accountOf(ctx).users;
  const users = prefix === "/" ? all : all.filter((u) => u.path.startsWith(prefix));
  return paged(ctx, params, scopeOf(ctx, "ListUsers", prefix), "Users", users, (u) => u.xml);
};

const getUser: QueryHandler = (ctx, params) => {
  const user = targetUser(ctx, params);
  if (user) return `<User>${user.xml}</User>`;
  // The management caller may be an IAM user the scenario does not list among the account's users.
  const p = ctx.principal;
  const account = ctx.model.accountsById.get(p.accountId)!;
  return `<User>${
    el("Path", "/") + el("UserName", p.userName) + el("UserId", p.userId) + el("Arn", p.arn) +
    el("CreateDate", isoSeconds(account.joinedTimestamp))
  }</User>`;
};

const listAccessKeys: QueryHandler = (ctx, params) => {
  const user = targetUser(ctx, params);
  const keys = user?.user.accessKeys ?? [];
  const name = user?.user.name ?? ctx.principal.userName ?? "";
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListAccessKeys", name),
    "AccessKeyMetadata",
    keys,
    (k) =>
      el("UserName", name) + el("AccessKeyId", k.id) + el("Status", k.status) +
      el("CreateDate", isoSeconds(k.createDate)),
  );
};

const getAccessKeyLastUsed: QueryHandler = (ctx, params) => {
  const id = params.get("AccessKeyId");
  if (id === null || !/^\w{16,128}$/.test(id)) {
    throw validation(
      `1 validation error detected: Value '${id ?? "null"}' at 'accessKeyId' failed to satisfy constraint: ` +
        (id === null ? "Member must not be null" : "Member must satisfy regular expression pattern: [\\w]+"),
    );
  }
  const found = accountOf(ctx).keysById.get(id);
  if (!found) {
    throw new AwsError(
      "AccessDenied",
      notAuthorizedMessage(ctx.principal.arn, "iam:GetAccessKeyLastUsed", `access key ${id}`),
      403,
    );
  }
  const used = found.key.lastUsed;
  const lastUsed = used
    ? el("LastUsedDate", isoSeconds(used.date)) + el("ServiceName", used.service) + el("Region", used.region)
    : el("ServiceName", "N/A") + el("Region", "N/A");
  return el("UserName", found.user.user.name) + `<AccessKeyLastUsed>${lastUsed}</AccessKeyLastUsed>`;
};

const listMfaDevices: QueryHandler = (ctx, params) => {
  const user = targetUser(ctx, params);
  const devices = user?.user.mfaDevices ?? [];
  const name = user?.user.name ?? ctx.principal.userName ?? "";
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListMFADevices", name),
    "MFADevices",
    devices,
    (d) =>
      el("UserName", name) + el("SerialNumber", d.serialNumber) + el("EnableDate", isoSeconds(d.enableDate)),
  );
};

const getLoginProfile: QueryHandler = (ctx, params) => {
  const user = requiredUser(ctx, params);
  const profile = user.user.loginProfile;
  if (!profile) {
    throw new AwsError("NoSuchEntity", `Login Profile for User ${user.user.name} cannot be found.`, 404);
  }
  return `<LoginProfile>${
    el("UserName", user.user.name) + el("CreateDate", isoSeconds(profile.createDate)) +
    el("PasswordResetRequired", profile.passwordResetRequired ?? false)
  }</LoginProfile>`;
};

const getAccountSummary: QueryHandler = (ctx) => `<SummaryMap>${accountOf(ctx).summaryXml}</SummaryMap>`;

const listVirtualMfaDevices: QueryHandler = (ctx, params) => {
  const status = params.get("AssignmentStatus") ?? "Any";
  if (!["Assigned", "Unassigned", "Any"].includes(status)) {
    throw validation(
      `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [Unassigned, Any, Assigned]`,
    );
  }
  // Every simulated virtual device is assigned to someone.
  const devices = status === "Unassigned" ? [] : accountOf(ctx).virtualMfa;
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListVirtualMFADevices", status),
    "VirtualMFADevices",
    devices,
    (d) => d,
  );
};

const listAttachedUserPolicies: QueryHandler = (ctx, params) => {
  const user = requiredUser(ctx, params);
  const arns = user.user.attachedPolicies ?? [];
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListAttachedUserPolicies", user.user.name),
    "AttachedPolicies",
    arns,
    (a) => el("PolicyName", a.slice(a.lastIndexOf("/") + 1)) + el("PolicyArn", a),
  );
};

const listUserPolicies: QueryHandler = (ctx, params) => {
  const user = requiredUser(ctx, params);
  const names = user.user.inlinePolicies ?? [];
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListUserPolicies", user.user.name),
    "PolicyNames",
    names,
    xmlEscape,
  );
};

const listGroupsForUser: QueryHandler = (ctx, params) => {
  const user = requiredUser(ctx, params);
  const accountId = ctx.principal.accountId;
  const created = isoSeconds(ctx.model.accountsById.get(accountId)!.joinedTimestamp);
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListGroupsForUser", user.user.name),
    "Groups",
    user.user.groups ?? [],
    (g) =>
      el("Path", "/") + el("GroupName", g) + el("GroupId", uniqueId("AGPA", `${accountId}/group/${g}`)) +
      el("Arn", `arn:aws:iam::${accountId}:group/${g}`) + el("CreateDate", created),
  );
};

const generateCredentialReport: QueryHandler = (ctx) => {
  const account = accountOf(ctx);
  if (!account.credentialReportStartedAt) {
    account.credentialReportStartedAt = ctx.now;
    return el("State", "STARTED") +
      el("Description", "No report exists. Starting a new report generation task");
  }
  return el("State", "COMPLETE");
};

const getCredentialReport: QueryHandler = (ctx) => {
  const account = accountOf(ctx);
  if (!account.credentialReportStartedAt) {
    throw new AwsError(
      "ReportNotPresent",
      "Credential report does not exist. Use GenerateCredentialReport to generate a credential report.",
      410,
    );
  }
  const csv = credentialReportCsv(account);
  return el("Content", Buffer.from(csv, "utf8").toString("base64")) +
    el("ReportFormat", "text/csv") + el("GeneratedTime", isoSeconds(account.credentialReportStartedAt));
};

const SUPPORTED_SERVICES: ReadonlySet<string> = new Set(SERVICE_SPECIFIC_CREDENTIAL_SERVICES);
/** Services whose service-specific credentials are a user name and password. */
const PASSWORD_SERVICES = new Set(["codecommit.amazonaws.com", "cassandra.amazonaws.com"]);

function serviceCredentialXml(ctx: CallContext, entry: ServiceCredentialEntry): string {
  const { user, credential: c } = entry;
  const name = user.user.name;
  const expired = c.status === "Active" && c.expirationDate !== undefined &&
    Date.parse(c.expirationDate) <= ctx.now.getTime();
  const isPassword = PASSWORD_SERVICES.has(c.serviceName);
  const serviceUserName = c.serviceUserName ??
    (isPassword ? `${name}-at-${ctx.principal.accountId}` : undefined);
  const alias = c.serviceCredentialAlias ??
    (isPassword ? undefined : `${name}-v1-${isoSeconds(c.createDate).slice(0, 10).replaceAll("-", "")}`);
  return el("UserName", name) + el("Status", expired ? "Expired" : c.status) +
    el("ServiceUserName", serviceUserName) + el("ServiceCredentialAlias", alias) +
    el("CreateDate", isoSeconds(c.createDate)) +
    el("ExpirationDate", c.expirationDate === undefined ? undefined : isoSeconds(c.expirationDate)) +
    el("ServiceSpecificCredentialId", c.id) + el("ServiceName", c.serviceName);
}

const listServiceSpecificCredentials: QueryHandler = (ctx, params) => {
  const serviceName = params.get("ServiceName");
  if (serviceName !== null && !SUPPORTED_SERVICES.has(serviceName)) {
    throw new AwsError(
      "NotSupportedService",
      `The service ${serviceName} does not support service-specific credentials.`,
      404,
    );
  }
  const allUsers = params.get("AllUsers") === "true";
  let entries: readonly ServiceCredentialEntry[];
  let subject: string;
  if (allUsers) {
    if (params.get("UserName")) {
      throw new AwsError("InvalidInput", "AllUsers cannot be specified together with UserName.", 400);
    }
    entries = accountOf(ctx).serviceCredentials;
    subject = "*";
  } else {
    const user = targetUser(ctx, params);
    entries = user
      ? (user.user.serviceSpecificCredentials ?? []).map((credential) => ({ user, credential }))
      : [];
    subject = `user/${user?.user.name ?? ctx.principal.userName ?? ""}`;
  }
  if (serviceName !== null) entries = entries.filter((e) => e.credential.serviceName === serviceName);
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListServiceSpecificCredentials", `${subject}|${serviceName ?? ""}`),
    "ServiceSpecificCredentials",
    entries,
    (e) => serviceCredentialXml(ctx, e),
  );
};

const listSshPublicKeys: QueryHandler = (ctx, params) => {
  const user = targetUser(ctx, params);
  const name = user?.user.name ?? ctx.principal.userName ?? "";
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListSSHPublicKeys", name),
    "SSHPublicKeys",
    user?.user.sshPublicKeys ?? [],
    (k) =>
      el("UserName", name) + el("SSHPublicKeyId", k.id) + el("Status", k.status) +
      el("UploadDate", isoSeconds(k.uploadDate)),
  );
};

/** A short PEM-shaped stand-in for a certificate body (the audit never parses it). */
function fakeCertificateBody(certificateId: string): string {
  const base64 = "MIIB" + derivedChars(`certificate/${certificateId}`, 56);
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

const listSigningCertificates: QueryHandler = (ctx, params) => {
  const user = targetUser(ctx, params);
  const name = user?.user.name ?? ctx.principal.userName ?? "";
  return paged(
    ctx,
    params,
    scopeOf(ctx, "ListSigningCertificates", name),
    "Certificates",
    user?.user.signingCertificates ?? [],
    (c) =>
      el("UserName", name) + el("CertificateId", c.id) + el("CertificateBody", fakeCertificateBody(c.id)) +
      el("Status", c.status) + el("UploadDate", isoSeconds(c.uploadDate)),
  );
};

const listOrganizationsFeatures: QueryHandler = (ctx) => {
  const model = ctx.model;
  const access = model.scenario.rootAccessManagement;
  const caller = ctx.principal.accountId;
  if (caller !== model.managementAccountId && caller !== access?.delegatedAdministratorAccountId) {
    throw new AwsError(
      "AccountNotManagementOrDelegatedAdministratorException",
      "The request was rejected because the account making the request is not the management account " +
        "or the delegated administrator for centralized root access.",
    );
  }
  if ((model.scenario.featureSet ?? "ALL") !== "ALL") {
    throw new AwsError(
      "OrganizationNotInAllFeaturesModeException",
      "The request was rejected because the organization does not have all features enabled.",
    );
  }
  if (!access?.enabled) {
    throw new AwsError(
      "ServiceAccessNotEnabledException",
      "The request was rejected because trusted access for IAM is not enabled in AWS Organizations.",
    );
  }
  return el("OrganizationId", model.organizationId) +
    memberList("EnabledFeatures", (access.features ?? []).map(xmlEscape));
};

/** IAM actions the simulator serves; any other IAM action is refused. */
export const IAM_ACTIONS: Record<string, QueryHandler> = {
  ListUsers: listUsers,
  GetUser: getUser,
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  ListMFADevices: listMfaDevices,
  GetLoginProfile: getLoginProfile,
  GetAccountSummary: getAccountSummary,
  ListVirtualMFADevices: listVirtualMfaDevices,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  ListUserPolicies: listUserPolicies,
  ListGroupsForUser: listGroupsForUser,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  ListServiceSpecificCredentials: listServiceSpecificCredentials,
  ListSSHPublicKeys: listSshPublicKeys,
  ListSigningCertificates: listSigningCertificates,
  ListOrganizationsFeatures: listOrganizationsFeatures,
};

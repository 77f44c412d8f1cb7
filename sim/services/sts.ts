/**
 * STS (query protocol, `Version=2011-06-15`): GetCallerIdentity and AssumeRole.
 *
 * @module
 */

import { AwsError, notAuthorizedMessage } from "../errors.ts";
import type { AssumeRoleCall } from "../stats.ts";
import { isoSeconds } from "../time.ts";
import { el } from "../xml.ts";
import type { QueryHandler } from "./context.ts";

/** Longest session the simulated roles allow (their MaxSessionDuration, AWS's default of one hour). */
const MAX_SESSION_SECONDS = 3600;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@\/-]*\/)?([\w+=,.@-]+)$/;

function validation(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

function constraint(value: string | null, member: string, rule: string): AwsError {
  const shown = value === null ? "null" : `'${value}'`;
  return validation(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );
}

const getCallerIdentity: QueryHandler = (ctx) =>
  el("UserId", ctx.principal.userId) + el("Account", ctx.principal.accountId) + el("Arn", ctx.principal.arn);

function validateAssumeRole(
  params: URLSearchParams,
): { roleArn: string; sessionName: string; duration: number } {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  const externalId = params.get("ExternalId");
  const durationText = params.get("DurationSeconds");
  if (roleArn === null) throw constraint(null, "roleArn", "not be null");
  if (sessionName === null) throw constraint(null, "roleSessionName", "not be null");
  if (roleArn.length < 20) throw constraint(roleArn, "roleArn", "have length greater than or equal to 20");
  if (sessionName.length < 2 || sessionName.length > 64) {
    throw constraint(
      sessionName,
      "roleSessionName",
      sessionName.length < 2
        ? "have length greater than or equal to 2"
        : "have length less than or equal to 64",
    );
  }
  if (!/^[\w+=,.@-]*$/.test(sessionName)) {
    throw constraint(sessionName, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  if (externalId !== null && (externalId.length < 2 || externalId.length > 1224)) {
    throw constraint(externalId, "externalId", "have length greater than or equal to 2");
  }
  let duration = 3600;
  if (durationText !== null) {
    duration = Number(durationText);
    if (!Number.isInteger(duration) || duration < 900) {
      throw constraint(durationText, "durationSeconds", "have value greater than or equal to 900");
    }
    if (duration > 43200) {
      throw constraint(durationText, "durationSeconds", "have value less than or equal to 43200");
    }
    if (duration > MAX_SESSION_SECONDS) {
      throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
  }
  if (!ROLE_ARN.test(roleArn)) throw validation(`${roleArn} is invalid`);
  return { roleArn, sessionName, duration };
}

const assumeRole: QueryHandler = (ctx, params) => {
  const externalId = params.get("ExternalId") ?? undefined;
  const parsedArn = ROLE_ARN.exec(params.get("RoleArn") ?? "");
  const call: AssumeRoleCall = {
    callerArn: ctx.principal.arn,
    targetAccountId: parsedArn?.[1] ?? "",
    roleName: parsedArn?.[2] ?? "",
    sessionName: params.get("RoleSessionName") ?? "",
    externalId,
    outcome: "invalid",
  };
  let input;
  try {
    input = validateAssumeRole(params);
  } catch (e) {
    ctx.stats.assumeRole(call);
    throw e;
  }
  const target = ctx.model.accountsById.get(call.targetAccountId);
  // The roles trust the management account only; a required ExternalId must match exactly.
  const allowed = ctx.principal.accountId === ctx.model.managementAccountId && target !== undefined &&
    target.roles.includes(call.roleName) &&
    (target.externalId === undefined || target.externalId === externalId);
  if (!allowed) {
    ctx.stats.assumeRole({ ...call, outcome: "denied" });
    throw new AwsError(
      "AccessDenied",
      notAuthorizedMessage(ctx.principal.arn, "sts:AssumeRole", input.roleArn),
      403,
    );
  }
  const expiresAt = ctx.now.getTime() + input.duration * 1000;
  const session = ctx.credentials.issue(call.targetAccountId, call.roleName, input.sessionName, expiresAt);
  ctx.stats.assumeRole({ ...call, outcome: "ok" });
  const sourceIdentity = params.get("SourceIdentity");
  return `<Credentials>${
    el("AccessKeyId", session.accessKeyId) + el("SecretAccessKey", session.secretAccessKey) +
    el("SessionToken", session.sessionToken) + el("Expiration", isoSeconds(expiresAt))
  }</Credentials><AssumedRoleUser>${
    el("AssumedRoleId", session.userId) + el("Arn", session.arn)
  }</AssumedRoleUser>` +
    (sourceIdentity ? el("SourceIdentity", sourceIdentity) : "");
};

/** STS actions the simulator serves; any other STS action is refused. */
export const STS_ACTIONS: Record<string, QueryHandler> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};

/**
 * The full CloudTrail record of a scenario event (the `CloudTrailEvent` JSON string of LookupEvents),
 * with the fields an auditor reads: `userIdentity`, `requestParameters`, `responseElements`, ...
 *
 * @module
 */

import type { CloudTrailEvent } from "./scenario.ts";
import { derivedUuid, uniqueId } from "./ids.ts";
import { epochSeconds, isoSeconds } from "./time.ts";

/** One element of LookupEvents' `Events`. */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: number;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** IAM's responseElements carry dates like `Nov 20, 2026 10:00:00 AM`, not ISO. */
function consoleDate(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ` +
    `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${
      h < 12 ? "AM" : "PM"
    }`;
}

function resourceName(event: CloudTrailEvent, type: string): string | undefined {
  return event.resources.find((r) => r.type === type)?.name;
}

function userIdentity(event: CloudTrailEvent, accountId: string): Record<string, unknown> {
  const name = event.username ?? "unknown";
  const type = event.userIdentityType ?? "IAMUser";
  const key = event.accessKeyId ? { accessKeyId: event.accessKeyId } : {};
  switch (type) {
    case "Root":
      return {
        type,
        principalId: accountId,
        arn: event.userArn ?? `arn:aws:iam::${accountId}:root`,
        accountId,
        ...key,
      };
    case "AssumedRole": {
      const arn = event.userArn ??
        `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/${name}`;
      const role = /assumed-role\/([^/]+)\//.exec(arn)?.[1] ?? "OrganizationAccountAccessRole";
      const roleId = uniqueId("AROA", `${accountId}/role/${role}`);
      return {
        type,
        principalId: `${roleId}:${name}`,
        arn,
        accountId,
        ...key,
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: roleId,
            arn: `arn:aws:iam::${accountId}:role/${role}`,
            accountId,
            userName: role,
          },
          attributes: { creationDate: isoSeconds(event.eventTime), mfaAuthenticated: "false" },
        },
      };
    }
    case "AWSService":
      return { type, invokedBy: name };
    case "FederatedUser":
      return {
        type,
        principalId: `${accountId}:${name}`,
        arn: event.userArn ?? `arn:aws:sts::${accountId}:federated-user/${name}`,
        accountId,
        ...key,
      };
    default:
      return {
        type,
        principalId: uniqueId("AIDA", `${accountId}/user/${name}`),
        arn: event.userArn ?? `arn:aws:iam::${accountId}:user/${name}`,
        accountId,
        ...key,
        userName: name,
      };
  }
}

function derivedParameters(event: CloudTrailEvent): Record<string, unknown> | null {
  const userName = resourceName(event, "AWS::IAM::User");
  const accessKeyId = resourceName(event, "AWS::IAM::AccessKey");
  switch (event.eventName) {
    case "ConsoleLogin":
      return null;
    case "CreateLoginProfile":
      return { userName, passwordResetRequired: false };
    case "DeleteAccessKey":
    case "UpdateAccessKey":
      return {
        userName,
        accessKeyId,
        ...(event.eventName === "UpdateAccessKey" ? { status: "Inactive" } : {}),
      };
    default: {
      const params: Record<string, unknown> = {};
      if (userName !== undefined) params.userName = userName;
      if (accessKeyId !== undefined && event.eventName !== "CreateAccessKey") {
        params.accessKeyId = accessKeyId;
      }
      return Object.keys(params).length > 0 ? params : null;
    }
  }
}

function derivedResponse(event: CloudTrailEvent, accountId: string): Record<string, unknown> | null {
  if (event.eventName === "ConsoleLogin") return { ConsoleLogin: event.errorCode ? "Failure" : "Success" };
  if (event.errorCode) return null;
  const userName = resourceName(event, "AWS::IAM::User");
  const createDate = consoleDate(event.eventTime);
  switch (event.eventName) {
    case "CreateUser":
      return {
        user: {
          path: "/",
          userName,
          userId: uniqueId("AIDA", `${accountId}/user/${userName}`),
          arn: `arn:aws:iam::${accountId}:user/${userName}`,
          createDate,
        },
      };
    case "CreateAccessKey":
      return {
        accessKey: {
          userName,
          accessKeyId: resourceName(event, "AWS::IAM::AccessKey"),
          status: "Active",
          createDate,
        },
      };
    case "CreateLoginProfile":
      return { loginProfile: { userName, createDate, passwordResetRequired: false } };
    default:
      return null;
  }
}

/** The `CloudTrailEvent` JSON string: the record as CloudTrail stores it. */
export function cloudTrailRecord(event: CloudTrailEvent, accountId: string): string {
  const record: Record<string, unknown> = {
    eventVersion: "1.10",
    userIdentity: userIdentity(event, accountId),
    eventTime: isoSeconds(event.eventTime),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent,
  };
  if (event.errorCode) {
    record.errorCode = event.errorCode;
    record.errorMessage = event.errorMessage ??
      (event.eventName === "ConsoleLogin" ? "Failed authentication" : "");
  }
  record.requestParameters = event.requestParameters !== undefined
    ? event.requestParameters
    : derivedParameters(event);
  record.responseElements = event.responseElements !== undefined
    ? event.responseElements
    : derivedResponse(event, accountId);
  if (event.eventName === "ConsoleLogin") {
    record.additionalEventData = {
      LoginTo: "https://console.aws.amazon.com/console/home",
      MobileVersion: "No",
      MFAUsed: event.userIdentityType === "Root" ? "Yes" : "No",
    };
  }
  record.requestID = derivedUuid(`request/${event.eventId}`);
  record.eventID = event.eventId;
  record.readOnly = event.readOnly;
  record.eventType = event.eventName === "ConsoleLogin" ? "AwsConsoleSignIn" : "AwsApiCall";
  record.managementEvent = true;
  record.recipientAccountId = accountId;
  record.eventCategory = "Management";
  return JSON.stringify(record);
}

/** The LookupEvents representation of a scenario event. */
export function lookupEvent(event: CloudTrailEvent, accountId: string): LookupEvent {
  const out: LookupEvent = {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    EventTime: epochSeconds(event.eventTime),
    EventSource: event.eventSource,
    Resources: event.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: cloudTrailRecord(event, accountId),
  };
  if (event.accessKeyId) out.AccessKeyId = event.accessKeyId;
  if (event.username !== undefined) out.Username = event.username;
  return out;
}

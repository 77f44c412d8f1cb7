/**
 * The CloudTrail stage: IAM-related management events of one account, from its event history.
 *
 * @module
 */
import { type CloudTrailClient, type Event, paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import type { EventRecord } from "../model/records.ts";

/** The events the original tool looks up, in its order (`--events` replaces them). */
export const DEFAULT_EVENT_NAMES = [
  "CreateUser",
  "DeleteUser",
  "CreateAccessKey",
  "DeleteAccessKey",
  "DeleteLoginProfile",
] as const;

/** The time window of the lookups. */
export interface TimeWindow {
  since: Date;
  until: Date;
}

/**
 * Looks up the events of one name in one account (`cloudtrail:LookupEvents`: one lookup attribute
 * per call, as the API requires), every page.
 *
 * @param cloudTrail the account's CloudTrail client (its region is where events are looked up)
 * @param eventName the event name to look up
 * @param window start and end of the lookup
 * @yields each event, newest first
 * @throws the SDK's error when a lookup fails (after the client's retries)
 */
export async function* lookupEvents(
  cloudTrail: CloudTrailClient,
  eventName: string,
  window: TimeWindow,
): AsyncGenerator<EventRecord> {
  // A fresh input literal: the paginator writes its token into the object it is given.
  const input = {
    LookupAttributes: [{ AttributeKey: "EventName" as const, AttributeValue: eventName }],
    StartTime: window.since,
    EndTime: window.until,
  };
  for await (const page of paginateLookupEvents({ client: cloudTrail, pageSize: 50 }, input)) {
    for (const event of page.Events ?? []) yield toEventRecord(event);
  }
}

/**
 * Turns a LookupEvents event into the report's record, reading source IP, user agent, error code and
 * region from the full CloudTrail record it carries.
 *
 * @param event an event as LookupEvents returns it
 * @returns the record
 */
export function toEventRecord(event: Event): EventRecord {
  const detail = parseDetail(event.CloudTrailEvent);
  return {
    eventTime: event.EventTime,
    eventName: event.EventName ?? "",
    username: event.Username,
    resources: (event.Resources ?? []).map((r) => r.ResourceName ?? "").filter((name) => name !== ""),
    eventId: event.EventId ?? "",
    accessKeyId: event.AccessKeyId,
    sourceIp: text(detail.sourceIPAddress),
    userAgent: text(detail.userAgent),
    errorCode: text(detail.errorCode),
    awsRegion: text(detail.awsRegion),
    identityType: text((detail.userIdentity as { type?: unknown } | undefined)?.type),
  };
}

function parseDetail(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

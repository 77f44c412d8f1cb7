/**
 * CloudTrail (JSON 1.1, `CloudTrail_20131101`): LookupEvents over the 90-day event history of the
 * calling account, in the region of the request's credential scope.
 *
 * @module
 */

import { AwsError } from "../errors.ts";
import { decodeToken, page } from "../pagination.ts";
import { LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey, wireEvent } from "../trail_index.ts";
import type { JsonHandler } from "./context.ts";

/** How far back event history reaches. */
export const RETENTION_MS = 90 * 24 * 3600 * 1000;

function invalidAttributes(message: string): AwsError {
  return new AwsError("InvalidLookupAttributesException", message);
}

function parseAttribute(value: unknown): { key: LookupAttributeKey; value: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidAttributes("LookupAttributes must be a list.");
  if (value.length === 0) return undefined;
  if (value.length > 1) throw invalidAttributes("You can only specify one lookup attribute.");
  const { AttributeKey: key, AttributeValue: attributeValue } = (value[0] ?? {}) as Record<string, unknown>;
  if (typeof key !== "string" || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw invalidAttributes(`Invalid attribute key: ${String(key)}`);
  }
  if (typeof attributeValue !== "string" || attributeValue.length < 1 || attributeValue.length > 2000) {
    throw invalidAttributes("Attribute value must be between 1 and 2000 characters.");
  }
  return { key: key as LookupAttributeKey, value: attributeValue };
}

/** Epoch ms of a JSON timestamp (epoch seconds; ISO strings tolerated). */
function parseTime(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new AwsError("InvalidTimeRangeException", `Invalid ${member}.`);
  return ms;
}

const lookupEvents: JsonHandler = (ctx, input) => {
  const attribute = parseAttribute(input.LookupAttributes);
  const nowMs = ctx.now.getTime();
  const startInput = parseTime(input.StartTime, "StartTime");
  const endInput = parseTime(input.EndTime, "EndTime");
  const start = Math.max(startInput ?? -Infinity, nowMs - RETENTION_MS);
  const end = endInput ?? nowMs;
  if (startInput !== undefined && endInput !== undefined && startInput > endInput) {
    throw new AwsError("InvalidTimeRangeException", "Start time must be earlier than end time.");
  }
  let limit = 50;
  if (input.MaxResults !== undefined && input.MaxResults !== null) {
    const max = input.MaxResults;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 50) {
      throw new AwsError("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
    }
    limit = max;
  }
  const category = input.EventCategory;
  if (category !== undefined && category !== null && category !== "insight") {
    throw new AwsError("InvalidEventCategoryException", `Invalid EventCategory: ${String(category)}`);
  }
  const accountId = ctx.principal.accountId;
  // Tokens are bound to the request's own parameters: defaulted times move with the clock.
  const scope =
    `ct:${accountId}:${ctx.region}:${attribute?.key}=${attribute?.value}:${startInput}:${endInput}:${category}`;
  let offset = 0;
  if (input.NextToken !== undefined && input.NextToken !== null) {
    const decoded = typeof input.NextToken === "string" ? decodeToken(scope, input.NextToken) : undefined;
    if (decoded === undefined) throw new AwsError("InvalidNextTokenException", "Invalid NextToken.");
    offset = decoded;
  }
  const trail = category === "insight" ? undefined : ctx.model.index(accountId).trail.get(ctx.region);
  if (!trail || start > end) return { Events: [] };
  const { list, from, to } = trail.select(attribute, start, end);
  const p = page(scope, Math.max(0, to - from), offset, Math.min(limit, ctx.pageSize));
  const events = [];
  for (let i = from + p.start; i < from + p.end; i++) events.push(wireEvent(list[i], accountId));
  return p.nextToken ? { Events: events, NextToken: p.nextToken } : { Events: events };
};

/** CloudTrail actions the simulator serves; any other is refused. */
export const CLOUDTRAIL_ACTIONS: Record<string, JsonHandler> = {
  LookupEvents: lookupEvents,
};

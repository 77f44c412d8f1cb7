/**
 * An account's CloudTrail event history indexed for LookupEvents: per region, newest first, with one
 * list per lookup attribute value, so a lookup is a binary search plus a slice (no scan per request).
 *
 * @module
 */

import type { CloudTrailEvent } from "./scenario.ts";
import { type LookupEvent, lookupEvent } from "./cloudtrail_record.ts";
import { parseIsoMs } from "./time.ts";

/** Lookup attribute keys LookupEvents accepts. */
export const LOOKUP_ATTRIBUTE_KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
] as const;

/** One of {@link LOOKUP_ATTRIBUTE_KEYS}. */
export type LookupAttributeKey = typeof LOOKUP_ATTRIBUTE_KEYS[number];

/** An event with its time and (lazily) its wire form. */
export interface TrailEntry {
  event: CloudTrailEvent;
  timeMs: number;
  wire?: LookupEvent;
}

function attributeValues(event: CloudTrailEvent, key: LookupAttributeKey): string[] {
  switch (key) {
    case "EventId":
      return [event.eventId];
    case "EventName":
      return [event.eventName];
    case "ReadOnly":
      return [String(event.readOnly)];
    case "Username":
      return event.username === undefined ? [] : [event.username];
    case "ResourceType":
      return [...new Set(event.resources.map((r) => r.type))];
    case "ResourceName":
      return [...new Set(event.resources.map((r) => r.name))];
    case "EventSource":
      return [event.eventSource];
    case "AccessKeyId":
      return event.accessKeyId ? [event.accessKeyId] : [];
  }
}

/** Events of one region of one account. */
export class RegionTrail {
  readonly all: TrailEntry[];
  #byAttribute = new Map<string, TrailEntry[]>();

  /** Indexes `entries` (any order). */
  constructor(entries: TrailEntry[]) {
    // Newest first, as LookupEvents returns them; ties broken by id so pages are stable.
    this.all = entries.sort((a, b) => b.timeMs - a.timeMs || (a.event.eventId < b.event.eventId ? -1 : 1));
    for (const entry of this.all) {
      for (const key of LOOKUP_ATTRIBUTE_KEYS) {
        for (const value of attributeValues(entry.event, key)) {
          const k = `${key}\0${value}`;
          let list = this.#byAttribute.get(k);
          if (!list) this.#byAttribute.set(k, list = []);
          list.push(entry);
        }
      }
    }
  }

  /** Entries matching the attribute (all when none), newest first, with time in [startMs, endMs]. */
  select(attribute: { key: LookupAttributeKey; value: string } | undefined, startMs: number, endMs: number) {
    const list = attribute ? this.#byAttribute.get(`${attribute.key}\0${attribute.value}`) ?? [] : this.all;
    return { list, from: firstOlder(list, endMs, true), to: firstOlder(list, startMs, false) };
  }
}

/** Index of the first entry (newest-first order) older than `ms` (or at `ms` when `inclusive`). */
function firstOlder(list: TrailEntry[], ms: number, inclusive: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = list[mid].timeMs;
    if (inclusive ? t > ms : t >= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Groups an account's events by region. */
export function indexTrail(events: CloudTrailEvent[]): Map<string, RegionTrail> {
  const byRegion = new Map<string, TrailEntry[]>();
  for (const event of events) {
    let list = byRegion.get(event.awsRegion);
    if (!list) byRegion.set(event.awsRegion, list = []);
    list.push({ event, timeMs: parseIsoMs(event.eventTime, `event ${event.eventId}`) });
  }
  return new Map([...byRegion].map(([region, list]) => [region, new RegionTrail(list)]));
}

/** The wire form of an entry, built on first use and kept. */
export function wireEvent(entry: TrailEntry, accountId: string): LookupEvent {
  return entry.wire ??= lookupEvent(entry.event, accountId);
}

/**
 * Opaque pagination tokens (IAM `Marker`, Organizations and CloudTrail `NextToken`).
 *
 * A token names an offset and is bound to the listing it came from (action, parent, filters), so a
 * token replayed against another listing, or edited by hand, is rejected as AWS rejects it.
 *
 * @module
 */

import { hash32 } from "./prng.ts";

/** Token for resuming the listing `scope` at `offset`. */
export function encodeToken(scope: string, offset: number): string {
  const check = hash32(`${scope}|${offset}`).toString(36);
  return btoa(`v1:${offset}:${check}:${hash32(scope).toString(36)}`).replace(/=+$/, "");
}

/** The offset a token stands for, or undefined when it does not belong to `scope` or is garbage. */
export function decodeToken(scope: string, token: string): number | undefined {
  let text: string;
  try {
    text = atob(token);
  } catch {
    return undefined;
  }
  const parts = text.split(":");
  if (parts.length !== 4 || parts[0] !== "v1" || !/^\d+$/.test(parts[1])) return undefined;
  const offset = Number(parts[1]);
  return parts[2] === hash32(`${scope}|${offset}`).toString(36) ? offset : undefined;
}

/** One page of a listing: the slice bounds and the token for the next page, if any. */
export interface Page {
  start: number;
  end: number;
  nextToken?: string;
}

/** Cuts `[offset, offset + limit)` out of `total` items. */
export function page(scope: string, total: number, offset: number, limit: number): Page {
  const end = Math.min(total, offset + limit);
  return { start: offset, end, nextToken: end < total ? encodeToken(scope, end) : undefined };
}

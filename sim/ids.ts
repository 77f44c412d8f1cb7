/**
 * Deterministic AWS-looking identifiers derived from names, so a scenario need not spell them out
 * and the same scenario always produces the same ids.
 *
 * @module
 */

import { hash32 } from "./prng.ts";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `length` uppercase base32 characters derived from `seed`. */
export function derivedChars(seed: string, length: number): string {
  let out = "";
  let h = hash32(seed);
  for (let i = 0; out.length < length; i++) {
    if (i % 6 === 0) h = hash32(`${seed}#${i}`);
    out += BASE32[h & 31];
    h >>>= 5;
  }
  return out;
}

/** A unique id such as `AIDA...` (user), `AROA...` (role) or `AGPA...` (group): prefix + 17 characters. */
export function uniqueId(prefix: string, seed: string): string {
  return prefix + derivedChars(seed, 17);
}

/** A UUID-shaped string derived from `seed` (request ids of recorded events). */
export function derivedUuid(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(`${seed}/${i}`).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${
    hex.slice(20, 32)
  }`;
}

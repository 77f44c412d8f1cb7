/**
 * Deterministic fault injection: one draw per API request from a seeded generator decides its fate.
 *
 * @module
 */

import type { Faults } from "./options.ts";
import { Prng } from "./prng.ts";

/** What happens to a request. */
export type FaultKind = "throttle" | "server500" | "server503" | "reset" | "slow" | "malformed";

/** Decides faults for successive requests. */
export class FaultInjector {
  readonly slowMs: number;
  readonly expireAfterCalls?: number;
  #prng: Prng;
  #bands: [number, FaultKind | "server"][] = [];
  #denied: Set<string>;
  #organizationsFailAfter?: number;
  #organizationsCalls = 0;

  /** Validates the fractions (each in [0, 1], summing to at most 1). */
  constructor(faults: Faults = {}) {
    this.#prng = new Prng(faults.seed ?? 1);
    this.slowMs = faults.slowMs ?? 10_000;
    this.expireAfterCalls = faults.expireAfterCalls;
    this.#denied = new Set(faults.accessDeniedAccounts ?? []);
    this.#organizationsFailAfter = faults.organizationsFailAfterCalls;
    let total = 0;
    const fractions: [number | undefined, FaultKind | "server"][] = [
      [faults.throttleFraction, "throttle"],
      [faults.serverErrorFraction, "server"],
      [faults.resetFraction, "reset"],
      [faults.slowFraction, "slow"],
      [faults.malformedFraction, "malformed"],
    ];
    for (const [fraction, kind] of fractions) {
      if (!fraction) continue;
      if (fraction < 0 || fraction > 1) throw new Error(`fault fraction out of [0, 1]: ${kind}=${fraction}`);
      total += fraction;
      this.#bands.push([total, kind]);
    }
    if (total > 1 + 1e-9) throw new Error(`fault fractions add up to more than 1: ${total}`);
  }

  /** The fault for the next request, if any. */
  draw(): FaultKind | undefined {
    if (this.#bands.length === 0) return undefined;
    const r = this.#prng.next();
    let low = 0;
    for (const [high, kind] of this.#bands) {
      if (r < high) {
        if (kind !== "server") return kind;
        // Split the band, so one draw also picks which server error.
        return r < (low + high) / 2 ? "server500" : "server503";
      }
      low = high;
    }
    return undefined;
  }

  /** Whether this Organizations call (counted from 1) must fail: the listing breaks off. */
  organizationsFails(): boolean {
    this.#organizationsCalls++;
    return this.#organizationsFailAfter !== undefined &&
      this.#organizationsCalls > this.#organizationsFailAfter;
  }

  /** Whether every call from `accountId` must be denied. */
  isDenied(accountId: string): boolean {
    return this.#denied.has(accountId);
  }
}

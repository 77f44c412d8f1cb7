/**
 * Counters describing how a client used the simulator: what it called, how hard, and what it got back.
 *
 * Everything is a counter or bounded per-account data, so a long load test does not grow memory.
 *
 * @module
 */

/** One AssumeRole request, as recorded in {@link SimStats.assumeRole}. */
export interface AssumeRoleCall {
  callerArn: string;
  targetAccountId: string;
  roleName: string;
  sessionName: string;
  externalId?: string;
  /** `ok`, `denied` (AccessDenied) or `invalid` (ValidationError). */
  outcome: "ok" | "denied" | "invalid";
}

/** AssumeRole counters for one target account. */
export interface AssumeRoleAccountStats {
  calls: number;
  succeeded: number;
  denied: number;
  /** The most recent call into this account. */
  last: AssumeRoleCall;
}

/** Counts of injected faults, by kind. */
export interface FaultStats {
  throttle: number;
  serverError: number;
  reset: number;
  slow: number;
  malformed: number;
  accessDenied: number;
  expired: number;
}

/** Live statistics of a simulator (`sim.stats`; JSON at `GET /__sim/stats`). */
export interface SimStats {
  /** Every request except `/__sim/*`, whatever its outcome. */
  totalRequests: number;
  /** Requests per `service:Action` (e.g. `iam:ListUsers`). */
  byAction: Record<string, number>;
  /** The set of `service:Action` called. */
  actionsCalled: Set<string>;
  /** Authenticated requests per account id (the account whose credentials signed them). */
  byAccount: Record<string, number>;
  /** Throttling errors returned (rate limits and injected throttles). */
  throttled: number;
  /** {@link SimStats.throttled} per service (`iam`, `sts`, `organizations`, `cloudtrail`). */
  throttledByService: Record<string, number>;
  /** {@link SimStats.throttled} per account whose credentials signed the request. */
  throttledByAccount: Record<string, number>;
  /** Non-read-only (or unknown) actions refused. */
  refused: number;
  /** Refused requests per `service:Action`. */
  refusedActions: Record<string, number>;
  /** Error responses per error code. */
  errors: Record<string, number>;
  /** Requests refused because their signature was too old or too far ahead (`maxSignatureAgeMs`). */
  signatureExpired: number;
  /** {@link SimStats.signatureExpired} per account whose credentials signed the request. */
  signatureExpiredByAccount: Record<string, number>;
  /** Injected faults, by kind. */
  faults: FaultStats;
  assumeRole: {
    calls: number;
    succeeded: number;
    denied: number;
    /** Per target account (accounts outside the scenario are grouped under `unknown`). */
    byAccount: Record<string, AssumeRoleAccountStats>;
    /** The last {@link RECENT_ASSUME_ROLE_CALLS} calls, oldest first. */
    recent: AssumeRoleCall[];
  };
  /** Requests being handled right now. */
  inFlight: number;
  /** Highest `inFlight` seen. */
  maxInFlight: number;
  /** Highest number of concurrent requests signed by each account. */
  maxInFlightByAccount: Record<string, number>;
  /** Per account: most LookupEvents requests that arrived within any 1,000 ms window. */
  lookupEventsPeakPerSecond: Record<string, number>;
  /** The worst of {@link SimStats.lookupEventsPeakPerSecond} over all accounts. */
  lookupEventsPeakPerSecondMax: number;
}

/** How many AssumeRole calls `assumeRole.recent` keeps. */
export const RECENT_ASSUME_ROLE_CALLS = 100;

/** Distinct `service:Action` keys kept before folding the rest into `other:Other`. */
const MAX_ACTION_KEYS = 1000;

/** Arrival times of the last second's requests, to find the busiest 1,000 ms window. */
class WindowPeak {
  #times: number[] = [];
  #head = 0;
  peak = 0;

  add(nowMs: number): number {
    this.#times.push(nowMs);
    while (this.#times[this.#head] <= nowMs - 1000) this.#head++;
    // Compact now and then rather than shifting on every request.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    const count = this.#times.length - this.#head;
    if (count > this.peak) this.peak = count;
    return this.peak;
  }
}

/** Creates empty statistics. */
export function emptyStats(): SimStats {
  return {
    totalRequests: 0,
    byAction: {},
    actionsCalled: new Set(),
    byAccount: {},
    throttled: 0,
    throttledByService: {},
    throttledByAccount: {},
    refused: 0,
    refusedActions: {},
    errors: {},
    signatureExpired: 0,
    signatureExpiredByAccount: {},
    faults: { throttle: 0, serverError: 0, reset: 0, slow: 0, malformed: 0, accessDenied: 0, expired: 0 },
    assumeRole: { calls: 0, succeeded: 0, denied: 0, byAccount: {}, recent: [] },
    inFlight: 0,
    maxInFlight: 0,
    maxInFlightByAccount: {},
    lookupEventsPeakPerSecond: {},
    lookupEventsPeakPerSecondMax: 0,
  };
}

/** Updates a {@link SimStats} as requests come and go. */
export class StatsRecorder {
  readonly stats: SimStats = emptyStats();
  #accountInFlight = new Map<string, number>();
  #lookupWindows = new Map<string, WindowPeak>();
  #knownAccounts: Set<string>;

  /** `knownAccounts` bounds the per-account maps to the scenario's accounts. */
  constructor(knownAccounts: Iterable<string>) {
    this.#knownAccounts = new Set(knownAccounts);
  }

  /** A request arrived. */
  begin(): void {
    const s = this.stats;
    s.totalRequests++;
    s.inFlight++;
    if (s.inFlight > s.maxInFlight) s.maxInFlight = s.inFlight;
  }

  /** A request's response was produced; `accountId` is set when it was authenticated. */
  end(accountId: string | undefined): void {
    this.stats.inFlight--;
    if (accountId !== undefined) {
      this.#accountInFlight.set(accountId, (this.#accountInFlight.get(accountId) ?? 1) - 1);
    }
  }

  /** The request's `service:Action` is known. */
  action(key: string): void {
    const s = this.stats;
    if (!(key in s.byAction) && s.actionsCalled.size >= MAX_ACTION_KEYS) key = "other:Other";
    s.byAction[key] = (s.byAction[key] ?? 0) + 1;
    s.actionsCalled.add(key);
  }

  /** The request was authenticated as `accountId`. */
  account(accountId: string, isLookupEvents: boolean, nowMs: number): void {
    const s = this.stats;
    s.byAccount[accountId] = (s.byAccount[accountId] ?? 0) + 1;
    const inFlight = (this.#accountInFlight.get(accountId) ?? 0) + 1;
    this.#accountInFlight.set(accountId, inFlight);
    if (inFlight > (s.maxInFlightByAccount[accountId] ?? 0)) s.maxInFlightByAccount[accountId] = inFlight;
    if (isLookupEvents) {
      let window = this.#lookupWindows.get(accountId);
      if (!window) this.#lookupWindows.set(accountId, window = new WindowPeak());
      const peak = window.add(nowMs);
      s.lookupEventsPeakPerSecond[accountId] = peak;
      if (peak > s.lookupEventsPeakPerSecondMax) s.lookupEventsPeakPerSecondMax = peak;
    }
  }

  /**
   * An error response with `code` is being returned, for a request to `service` (when known) signed
   * by `accountId` (when authenticated).
   */
  error(code: string, isThrottle: boolean, service?: string, accountId?: string): void {
    const s = this.stats;
    if (!(code in s.errors) && Object.keys(s.errors).length >= MAX_ACTION_KEYS) code = "Other";
    s.errors[code] = (s.errors[code] ?? 0) + 1;
    if (!isThrottle) return;
    s.throttled++;
    // Throttles happen after routing and authentication, so both are known and bounded.
    if (service !== undefined) s.throttledByService[service] = (s.throttledByService[service] ?? 0) + 1;
    if (accountId !== undefined) s.throttledByAccount[accountId] = (s.throttledByAccount[accountId] ?? 0) + 1;
  }

  /** A request signed by `accountId` was refused for the age of its signature. */
  signatureExpired(accountId: string): void {
    const s = this.stats;
    s.signatureExpired++;
    s.signatureExpiredByAccount[accountId] = (s.signatureExpiredByAccount[accountId] ?? 0) + 1;
  }

  /** A non-read-only action was refused. */
  refused(key: string): void {
    const s = this.stats;
    s.refused++;
    if (!(key in s.refusedActions) && Object.keys(s.refusedActions).length >= MAX_ACTION_KEYS) {
      key = "other:Other";
    }
    s.refusedActions[key] = (s.refusedActions[key] ?? 0) + 1;
  }

  /** A fault was injected. */
  fault(kind: keyof FaultStats): void {
    this.stats.faults[kind]++;
  }

  /** An AssumeRole request was answered. */
  assumeRole(call: AssumeRoleCall): void {
    const a = this.stats.assumeRole;
    a.calls++;
    if (call.outcome === "ok") a.succeeded++;
    if (call.outcome === "denied") a.denied++;
    const key = this.#knownAccounts.has(call.targetAccountId) ? call.targetAccountId : "unknown";
    const entry = a.byAccount[key] ??= { calls: 0, succeeded: 0, denied: 0, last: call };
    entry.calls++;
    if (call.outcome === "ok") entry.succeeded++;
    if (call.outcome === "denied") entry.denied++;
    entry.last = call;
    a.recent.push(call);
    if (a.recent.length > RECENT_ASSUME_ROLE_CALLS) a.recent.shift();
  }
}

/** A JSON-safe copy of the statistics (the set becomes a sorted array). */
export function statsToJson(stats: SimStats): Record<string, unknown> {
  return { ...stats, actionsCalled: [...stats.actionsCalled].sort() };
}

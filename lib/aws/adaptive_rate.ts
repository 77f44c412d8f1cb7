/**
 * Adaptive rates: what AWS really allows each account to send to a service, learned from its
 * throttles, starting from the configured rate — a ceiling, never exceeded, not a promise.
 *
 * AWS documents few of its limits (none for IAM) and not their scope: per action, per account, a
 * token bucket that lets bursts through, less during an incident. So each account's calls to a
 * service are paced by a rate that is cut when AWS throttles them and raised again with care:
 *
 * - **Scouted start.** Every account of a run starts together, so a limit far below the configured rate
 *   would throttle each account of the first wave before any of them learned it. So the run starts at
 *   three quarters of the configured rate, and one account — the scout — sends at the configured rate:
 *   what AWS accepts of it within a second raises the others' rate as it goes (a limit counted per
 *   second lets no more through), and once it has had nine tenths of the configured rate accepted within
 *   a second, every account goes to the configured rate. If the scout is throttled first, what it got
 *   through is the limit, and the whole run takes it before the other accounts, at their slower pace,
 *   reach it. A scout that runs out of work hands over to another account. Rates under 4 per second
 *   (such as CloudTrail's documented 2) start at the configured rate.
 * - **Cut.** Two throttles in a row in one account, or three among its last twenty requests (one alone
 *   is retried and forgotten: AWS also throttles now and then for its own reasons), cut the account's
 *   rate by ×0.7 (CUBIC's factor, as in the SDK's adaptive retry mode) — or further, to what AWS
 *   accepted from the account in the second before (or since its first request, if less than a second
 *   before, and at least a tenth of a second), when it was sending at its rate: for a limit counted per
 *   second, that is the limit itself. A throttle of a request started before the last cut teaches
 *   nothing new and is ignored. Rates of 1 or more are whole numbers.
 * - **Learned once for the organization.** Every account of an organization has the same limits, so
 *   an account that finds the limit lower sets the rate of the whole run (the {@link ServiceRate}): the
 *   other accounts and the ones started later use it without being throttled themselves. An account
 *   whose rate is cut again soon after (another caller spends its budget, say) only lowers its own,
 *   which climbs back to the run's by itself, linearly, after a quiet spell.
 * - **Raised by probes.** After a quiet spell, one account at a time — one that has more to send than
 *   its rate allows — tries a step higher (×1.25, or halfway to a rate already found too high) for two
 *   seconds. If AWS throttles none of it, the run takes the most the probe got through within a second
 *   (a probe that could not fill a second proves no more than that); if AWS throttles it, the step is
 *   remembered as too high for a while and the next probe waits twice as long. A wrong guess costs one
 *   account a throttle or two, not a hundred accounts one each. The configured rate is never exceeded.
 *
 * @module
 */
import { type Grant, type Pace, type RateSource, realTimer, type Timer } from "./pace.ts";

/** The multiplicative cut (CUBIC's β, as in the SDK's adaptive retry mode). */
const BETA = 0.7;
/** A rate is too high when two requests in a row, or this many of an account's last ones, were throttled. */
const RECENT = 20;
const RECENT_THROTTLES = 3;
/** How long a probe runs before its rate is taken. */
const PROBE_MS = 2000;
/** Quiet time after a cut before the first probe; doubled after each failed probe, up to the maximum. */
const HOLD_MS = 2000;
const MAX_HOLD_MS = 60_000;
/** After an account cut the run's rate, its cuts within this time are its own (another caller may be
 * spending its budget). */
const OWN_CUTS_MS = 30_000;
/** How long a rate found too high is not tried again. */
const TOO_HIGH_MS = 30_000;
/** The share of the configured rate a run starts at while its scout tries the configured rate. */
const START_SHARE = 0.75;
/** Configured rates below this start as they are (a quarter less would be too coarse a step to scout). */
const MIN_SCOUTED_RATE = 4;
/** The scout proves the configured rate with this share of it accepted within one second. */
const SCOUT_PROOF = 0.9;
/** A scout that started nothing for this long and waits for no answer has run out of work. */
const SCOUT_IDLE_MS = 1000;
/** What was accepted since an account's first request counts as a limit when that spans this long. */
const MIN_EVIDENCE_MS = 100;

/** Options of {@link ServiceRate}. */
export interface ServiceRateOptions {
  /** Clock. @default realTimer */
  timer?: Timer;
  /** The lowest rate a cut goes to. @default ceiling / 20 */
  floor?: number;
}

/**
 * What the accounts of a run have learned about one service's limit (IAM, CloudTrail, STS): the rate
 * each account may use, and the probe that may raise it. Each account's own state is an
 * {@link AccountRate}, from {@link ServiceRate.account}.
 */
export class ServiceRate {
  /** The configured rate: never exceeded. */
  readonly ceiling: number;
  readonly floor: number;
  readonly timer: Timer;
  #rate: number;
  #loweredAt = -Infinity;
  #cuts = 0;
  #probe?: {
    owner: AccountRate;
    rate: number;
    since: number;
    lastStart: number;
    /** When the requests at the probe's rate started, and how many are not answered yet. */
    starts: number[];
    outstanding: number;
  };
  #nextProbeAt = -Infinity;
  #holdMs = HOLD_MS;
  #tooHigh?: { rate: number; until: number };
  /** True until the configured rate is proven or the limit found: the run's rate is below it meanwhile. */
  #scouting: boolean;
  #scout?: {
    owner: AccountRate;
    /** The start of its current second at the configured rate, and how many of the requests started
     * in that second AWS accepted; the most it accepted in any of its seconds. */
    first: number;
    accepted: number;
    best: number;
    lastStart: number;
    outstanding: number;
  };

  /**
   * @param ceiling the configured rate, requests per second per account
   * @param options clock and floor
   */
  constructor(ceiling: number, options: ServiceRateOptions = {}) {
    if (!(ceiling > 0)) throw new RangeError(`rate must be positive: ${ceiling}`);
    this.ceiling = ceiling;
    this.floor = Math.min(ceiling, options.floor ?? ceiling / 20);
    this.timer = options.timer ?? realTimer;
    this.#rate = ceiling >= MIN_SCOUTED_RATE ? whole(ceiling * START_SHARE) : ceiling;
    this.#scouting = this.#rate < ceiling;
  }

  /** The rate every account of the run uses now (a probing account aside). */
  get rate(): number {
    return this.#rate;
  }

  /** How many times the run's rate was cut. */
  get cuts(): number {
    return this.#cuts;
  }

  /** When the run's rate was last cut, on the timer's clock. */
  get loweredAt(): number {
    return this.#loweredAt;
  }

  /**
   * A new account's rate, starting from what the run has learned.
   *
   * @returns the account's rate, a source for its {@link Pace}
   */
  account(): AccountRate {
    return new AccountRate(this);
  }

  /** The probe's rate if `account` is probing now. */
  probeRateOf(account: AccountRate): number | undefined {
    const probe = this.#probe;
    if (!probe) return undefined;
    const now = this.timer.now();
    // A probe whose account stopped sending proves nothing: dropped, without penalty.
    if (now - probe.lastStart > PROBE_MS && probe.outstanding === 0) {
      this.#probe = undefined;
      return undefined;
    }
    // After PROBE_MS the probe sends no more at its rate: it waits for the answers of what it sent.
    return probe.owner === account && now - probe.since < PROBE_MS ? probe.rate : undefined;
  }

  /** True while the run's start is scouted (see the module's documentation). */
  get scouting(): boolean {
    return this.#scouting;
  }

  /** The configured rate if `account` is the scout now. */
  scoutRateOf(account: AccountRate): number | undefined {
    const scout = this.#scout;
    if (!scout) return undefined;
    if (this.timer.now() - scout.lastStart > SCOUT_IDLE_MS && scout.outstanding === 0) {
      this.#scout = undefined;
      return undefined;
    }
    return scout.owner === account ? this.ceiling : undefined;
  }

  /** The most requests AWS accepted from the scout within one second (0 when not scouting). */
  acceptedByScout(): number {
    return this.#scout?.best ?? 0;
  }

  /** Whether `account` is the scout. */
  isScout(account: AccountRate): boolean {
    return this.#scout?.owner === account;
  }

  /**
   * The scout was throttled twice: the limit is below the configured rate. The run takes what the scout
   * got through, when it sent enough to tell, in either direction; else it keeps its rate.
   *
   * @param limit what AWS accepted from the scout, if it tells the limit
   */
  scouted(limit: number | undefined): void {
    const now = this.timer.now();
    this.#endScouting();
    this.#tooHigh = { rate: this.ceiling, until: now + TOO_HIGH_MS };
    this.#nextProbeAt = now + this.#holdMs;
    if (limit === undefined) return;
    this.#rate = Math.max(this.floor, Math.min(this.ceiling, whole(limit)));
    this.#cuts++;
    this.#loweredAt = now;
  }

  #endScouting(): void {
    this.#scouting = false;
    this.#scout = undefined;
  }

  /** Lowers the run's rate (never raises it). */
  lower(target: number): void {
    // An account other than the scout throttled at the start rate: the limit is below it.
    this.#endScouting();
    const rate = whole(target);
    if (rate >= this.#rate) return;
    this.#rate = rate;
    this.#cuts++;
    this.#loweredAt = this.timer.now();
    this.#nextProbeAt = this.#loweredAt + this.#holdMs;
  }

  /** An account that follows the run's rate has more to send than it allows: it may probe. */
  offerProbe(account: AccountRate): void {
    if (this.#scouting) {
      if (!this.#scout) {
        const now = this.timer.now();
        this.#scout = {
          owner: account,
          first: -Infinity,
          accepted: 0,
          best: 0,
          lastStart: now,
          outstanding: 0,
        };
      }
      return;
    }
    const now = this.timer.now();
    if (this.#probe || this.#rate >= this.ceiling || now < this.#nextProbeAt) return;
    if (this.#tooHigh && now >= this.#tooHigh.until) this.#tooHigh = undefined;
    const minStep = this.#rate >= 1 ? 1 : this.floor / 4;
    let rate = Math.max(this.#rate * 1.25, this.#rate + minStep);
    if (this.#tooHigh) {
      const gap = this.#tooHigh.rate - this.#rate;
      // Next to a rate AWS refused: stay until that memory fades.
      if (gap <= minStep) return;
      rate = Math.min(rate, this.#rate + Math.max(minStep, gap / 2));
    }
    rate = Math.min(this.ceiling, whole(rate));
    if (rate <= this.#rate) return;
    this.#probe = { owner: account, rate, since: now, lastStart: now, starts: [], outstanding: 0 };
  }

  /** An account started a request: the scout and a probe count theirs. */
  trialStarted(account: AccountRate, grant: Grant): void {
    const scout = this.#scout;
    if (scout?.owner === account && grant.rate === this.ceiling) {
      // Each second of the scout is a trial of its own (one slowed by a busy machine proves less).
      if (grant.start - scout.first >= 1000) [scout.first, scout.accepted] = [grant.start, 0];
      scout.lastStart = grant.start;
      scout.outstanding++;
      return;
    }
    const probe = this.#probe;
    if (probe?.owner !== account || grant.rate !== probe.rate) return;
    probe.lastStart = grant.start;
    probe.starts.push(grant.start);
    probe.outstanding++;
  }

  /**
   * An account's request was accepted. The scout's raise the run's rate as they come; once a probe has
   * run its time and every request it sent was answered, the run takes the probe's rate.
   */
  trialAccepted(account: AccountRate, grant: Grant): void {
    const scout = this.#scout;
    if (scout?.owner === account && grant.rate === this.ceiling) {
      scout.outstanding--;
      if (grant.start < scout.first || grant.start - scout.first >= 1000) return;
      // AWS took this many within one second: the others may send as many.
      scout.best = Math.max(scout.best, ++scout.accepted);
      if (scout.accepted >= SCOUT_PROOF * this.ceiling) {
        this.#rate = this.ceiling;
        this.#endScouting();
      } else {
        this.#rate = Math.max(this.#rate, whole(scout.accepted));
      }
      return;
    }
    const probe = this.#probe;
    if (probe?.owner !== account || grant.rate !== probe.rate) return;
    probe.outstanding--;
    const now = this.timer.now();
    if (now - probe.since < PROBE_MS || probe.outstanding > 0) return;
    this.#probe = undefined;
    // A probe proves what AWS took within one second, no more: an account that ran out of work, or
    // whose window waited on its answers, proves less than the probe's rate — and nothing at all when
    // it sent no more in a second than the run's rate allows already.
    const proven = Math.min(probe.rate, whole(mostWithinASecond(probe.starts)));
    if (proven <= this.#rate) {
      this.#nextProbeAt = now + this.#holdMs;
      return;
    }
    this.#rate = proven;
    this.#holdMs = HOLD_MS;
    this.#nextProbeAt = now;
    if (this.#tooHigh && this.#rate >= this.#tooHigh.rate) this.#tooHigh = undefined;
  }

  /**
   * An account's request was throttled. A probe's step was too high: the probe ends (true). The scout's
   * throttles are judged as any account's (false).
   */
  trialThrottled(account: AccountRate, grant: Grant): boolean {
    const scout = this.#scout;
    if (scout?.owner === account && grant.rate === this.ceiling) {
      // One throttle alone is not the limit: the scout's throttles are judged as any account's.
      scout.outstanding--;
      return false;
    }
    const probe = this.#probe;
    if (probe?.owner !== account || grant.rate !== probe.rate) return false;
    const now = this.timer.now();
    this.#probe = undefined;
    this.#tooHigh = { rate: probe.rate, until: now + TOO_HIGH_MS };
    this.#nextProbeAt = now + this.#holdMs;
    this.#holdMs = Math.min(MAX_HOLD_MS, this.#holdMs * 2);
    return true;
  }
}

/**
 * One account's rate for one service: the run's rate, or the account's own when AWS throttled it
 * below; a {@link RateSource} for the account's {@link Pace}.
 */
export class AccountRate implements RateSource {
  readonly #service: ServiceRate;
  /** The account's own rate when lower than the run's; Infinity: follows the run. */
  #own = Infinity;
  #ownAt = -Infinity;
  /** Quiet time before the own rate climbs; doubled at each cut of it, reset when it rejoins the run. */
  #ownHoldMs = HOLD_MS;
  /** Outcomes of the account's last requests started since the last cut, newest last: true = throttled. */
  readonly #recent: boolean[] = [];
  /** When this account last cut the run's rate: its cuts soon after are its own. */
  #cutRunAt = -Infinity;

  /** @param service the run's rate for the service */
  constructor(service: ServiceRate) {
    this.#service = service;
  }

  /** The configured rate. */
  get ceiling(): number {
    return this.#service.ceiling;
  }

  /** The rate a start is allowed at now. */
  current(): number {
    const service = this.#service;
    const scout = service.scoutRateOf(this);
    if (scout !== undefined) return scout;
    const probe = service.probeRateOf(this);
    if (probe !== undefined) return probe;
    if (this.#own !== Infinity) {
      const quiet = service.timer.now() - this.#ownAt - this.#ownHoldMs;
      const own = quiet > 0 ? whole(this.#own + (quiet / 1000) * (service.ceiling / 20)) : this.#own;
      if (own < service.rate) return own;
      if (quiet > 0) {
        this.#own = Infinity;
        this.#ownHoldMs = HOLD_MS;
      }
    }
    return service.rate;
  }

  /** More is asked than the rate allows: this account may probe a higher one for the run. */
  saturated(): void {
    if (this.#own === Infinity) this.#service.offerProbe(this);
  }

  /** A request started: a probe counts its starts. */
  started(grant: Grant): void {
    this.#service.trialStarted(this, grant);
  }

  /**
   * Learns from a completed request.
   *
   * @param grant the request's start, rate and outcome
   * @param pace the account's pace, for what AWS accepted just before
   */
  completed(grant: Grant, pace: Pace): void {
    const service = this.#service;
    // Started before the last cut: already accounted for.
    if (grant.start < Math.max(this.#ownAt, service.loweredAt)) return;
    const throttled = grant.outcome === "throttled";
    const recent = this.#recent;
    const previous = recent.at(-1);
    recent.push(throttled);
    if (recent.length > RECENT) recent.shift();
    if (!throttled) {
      service.trialAccepted(this, grant);
      return;
    }
    // A probe fails at its first throttle: a step is taken only if AWS accepts all of it.
    if (service.trialThrottled(this, grant)) {
      recent.length = 0;
      return;
    }
    // One throttle now and then is AWS's own business (the SDK retries it); two in a row, or several
    // among the last requests, mean the rate is too high.
    if (!previous && recent.filter(Boolean).length < RECENT_THROTTLES) return;
    recent.length = 0;
    const now = service.timer.now();
    const before = pace.recentBefore(grant.start);
    // What AWS accepted in the second before (or since the first request), when the account was sending
    // at its rate: for a limit counted per second, that is the limit.
    const told = before !== undefined && before.span >= MIN_EVIDENCE_MS &&
      // (Less than a second holds few requests: one fewer than the rate's share still counts.)
      before.sent + (before.span < 1000 ? 1 : 0) >= 0.8 * grant.rate * before.span / 1000;
    const target = Math.max(
      service.floor,
      told ? Math.min(before.accepted, BETA * grant.rate) : BETA * grant.rate,
    );
    if (service.isScout(this)) {
      service.scouted(told ? target : undefined);
      return;
    }
    // While the scout got more through than this account, the limit is this account's alone. Otherwise
    // less than a second of history tells the run's limit only while the run starts (every account
    // started together and meets the same limit at once); later, it cuts the run by β at most.
    const runTarget = told && (before.span >= 1000 || service.scouting)
      ? target
      : Math.max(service.floor, BETA * grant.rate);
    if (
      this.#own === Infinity && grant.rate >= service.rate && now - this.#cutRunAt > OWN_CUTS_MS &&
      service.acceptedByScout() <= target
    ) {
      this.#cutRunAt = now;
      service.lower(runTarget);
    } else if (this.#own !== Infinity) {
      this.#ownHoldMs = Math.min(MAX_HOLD_MS, 2 * this.#ownHoldMs);
    }
    this.#own = Math.min(whole(target), this.#own);
    this.#ownAt = now;
  }
}

/** The most of `times` (ascending) within any 1,000 ms. */
function mostWithinASecond(times: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * A rate of 1 or more rounded down to a whole number: a pace at r lets `ceil(r)` requests through in a
 * burst, so a rate between two whole numbers is as risky as the higher one and a probe of it proves
 * less (its bursts may never fill a second).
 */
function whole(rate: number): number {
  return rate >= 1 ? Math.floor(rate) : rate;
}

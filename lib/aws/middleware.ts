/**
 * The two steps iam-audit adds to every SDK client:
 *
 * - **each attempt** (inside the SDK's retry loop, just before the request is signed): wait until the
 *   account's credentials are ready, its pace allows a start and a slot of the run's in-flight cap is
 *   free; only then is the request signed and sent, so a signature is never minutes old when it
 *   reaches AWS (AWS rejects signatures older than 5 minutes). The attempt is counted, timed, and
 *   told to `--verbose`; a throttle is counted and told to the pace, whose rate learns from it; an
 *   interruption abandons it at once.
 * - **each call** (around everything): when AWS says the credentials expired (they can, mid-account,
 *   before their stated expiry), renew them and send again, at most twice; a response whose body could
 *   not be read (cut, garbled) is read again, at most twice — the SDK does not retry those.
 *
 * The SDK's objects are left as they are: what a step needs to remember about a call or an error is
 * kept in this module's weak maps.
 *
 * @module
 */
import type {
  AbsoluteLocation,
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeHandler,
  FinalizeHandlerArguments,
  FinalizeRequestHandlerOptions,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOptions,
  MetadataBearer,
  Pluggable,
  RelativeMiddlewareOptions,
} from "@smithy/types";
import { InterruptedError } from "../errors/audit_error.ts";
import type { Semaphore } from "../util/semaphore.ts";
import type { CachedCredentials } from "./credential_cache.ts";
import type { Outcome, Pace, Turn } from "./pace.ts";
import { isExpiredToken, isThrottlingError, isUnreadableResponse } from "./service_errors.ts";

/** Counters of calls made with one account's clients. */
export class CallStats {
  /** HTTP attempts, retries included. */
  apiCalls = 0;
  /** Attempts that AWS answered with a throttling error. */
  throttled = 0;
  /** The account the calls are for, when they are for one (for `--verbose`). */
  readonly accountId?: string;
  /**
   * The rank of the account's next request among those waiting for a slot of the run (lower first,
   * see `Semaphore`), asked as the request starts to wait. @default 0 for all: arrival order
   */
  rank: () => number = () => 0;

  /** @param accountId the account the calls are for, if any */
  constructor(accountId?: string) {
    this.accountId = accountId;
  }
}

/** One HTTP attempt of an AWS call, as `--verbose` shows it. */
export interface AttemptInfo {
  service: string;
  action: string;
  /** The account the call is for, when it is for one. */
  accountId?: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /** Milliseconds from sending to the response or error. */
  ms: number;
  /** The error's code when the attempt failed. */
  error?: string;
  throttled: boolean;
}

/** A credential source: static credentials or a provider the SDK calls (and refreshes). */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** What the steps of one client need. */
export interface Instrumentation {
  credentials: Credentials;
  stats: CallStats;
  /** Paces the client's attempts (an account's calls to one service) and learns from their outcomes. */
  pace?: Pace;
  /** The run's cap on requests in flight. */
  inFlight?: Semaphore;
  /** Aborts every call in flight or waiting (interruption). */
  signal?: AbortSignal;
  /** Told of every attempt, for `--verbose`. */
  onAttempt?: (attempt: AttemptInfo) => void;
}

/** Where each attempt step sits: after the retry step, before signing. */
const BEFORE_SIGNING: FinalizeRequestHandlerOptions & RelativeMiddlewareOptions = {
  step: "finalizeRequest",
  name: "iamAuditPacing",
  relation: "before",
  toMiddleware: "httpSigningMiddleware",
};

const AROUND_EVERYTHING: InitializeHandlerOptions & AbsoluteLocation = {
  step: "initialize",
  name: "iamAuditRecovery",
  priority: "high",
};

/** The access key an attempt was signed with, by the error it ended with. */
const signedWith = new WeakMap<object, string>();

/**
 * The plugin that adds both steps to a client.
 *
 * @param options the client's credentials, counters, pace, cap, signal and observer
 * @returns a plugin for `client.middlewareStack.use()`
 */
export function instrumentation(options: Instrumentation): Pluggable<object, MetadataBearer> {
  // A call's first turn of the pace, taken before the SDK builds the request, by the call's input.
  const firstTurns = new WeakMap<object, Turn>();
  return {
    applyToStack(stack) {
      stack.addRelativeTo(attemptStep(options, firstTurns), BEFORE_SIGNING);
      stack.add(recoveryStep(options, firstTurns), AROUND_EVERYTHING);
    },
  };
}

function attemptStep(options: Instrumentation, firstTurns: WeakMap<object, Turn>) {
  const { stats, pace, inFlight, signal, onAttempt } = options;
  const cached = cachedCredentials(options.credentials);
  return <Output extends MetadataBearer>(
    next: FinalizeHandler<object, Output>,
    context: HandlerExecutionContext,
  ) =>
  async (args: FinalizeHandlerArguments<object>) => {
    const action = actionOf(context);
    // CloudTrail lookups, paced at 2 per second, are each account's critical path: they go first.
    const urgent = context.clientName === "CloudTrailClient";
    const handed = firstTurns.get(args.input as object);
    if (handed) firstTurns.delete(args.input as object);
    const { release, accessKeyId } = await abortable(
      start(cached, pace, inFlight, urgent, handed, stats),
      signal,
    );
    if (signal?.aborted) {
      release("accepted");
      throw new InterruptedError();
    }
    stats.apiCalls++;
    const attempt = attemptOf(args);
    const started = performance.now();
    const report = (error?: unknown, throttled = false) =>
      onAttempt?.({
        service: serviceOf(context),
        action,
        accountId: stats.accountId,
        attempt,
        ms: performance.now() - started,
        ...(error === undefined ? {} : { error: error instanceof Error ? error.name : String(error) }),
        throttled,
      });
    let outcome: Outcome = "accepted";
    try {
      const out = await abortable(next(args), signal);
      report();
      return out;
    } catch (e) {
      const throttled = isThrottlingError(e);
      if (throttled) {
        stats.throttled++;
        outcome = "throttled";
      }
      if (accessKeyId && e && typeof e === "object") signedWith.set(e, accessKeyId);
      report(e, throttled);
      throw e;
    } finally {
      release(outcome);
    }
  };
}

function recoveryStep(options: Instrumentation, firstTurns: WeakMap<object, Turn>) {
  const renewable = cachedCredentials(options.credentials);
  const { pace, signal } = options;
  return <Output extends MetadataBearer>(next: InitializeHandler<object, Output>) =>
  async (args: InitializeHandlerArguments<object>) => {
    // The pace's first turn is waited for here, before the SDK serializes, builds and prepares to retry
    // the request: calls waiting for their account's pace then hold almost nothing (hundreds of
    // accounts in flight × their users' calls waited with whole requests built, and the heap grew with
    // them). The first attempt takes the turn; a retry waits for its own.
    const input = args.input as object;
    let turn: Turn | undefined;
    if (pace && input && !firstTurns.has(input)) {
      turn = await abortable(pace.turn(), signal);
      firstTurns.set(input, turn);
    }
    try {
      for (let renewals = 0, rereads = 0;;) {
        try {
          return await next(args);
        } catch (e) {
          if (renewable && renewals < 2 && isExpiredToken(e)) {
            renewals++;
            renewable.invalidate(e && typeof e === "object" ? signedWith.get(e) : undefined);
          } else if (rereads < 2 && isUnreadableResponse(e) && !signal?.aborted) {
            rereads++;
            await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** rereads * Math.random()));
          } else {
            throw e;
          }
        }
      }
    } finally {
      // The request failed before its first attempt (its input could not be serialized, say).
      if (turn && firstTurns.get(input) === turn) {
        firstTurns.delete(input);
        turn.pass();
      }
    }
  };
}

/**
 * Waits for the credentials, the pace and a free slot, in that order (a call's first attempt has its
 * turn of the pace already), holding the slot only once the credentials are ready and the pace gave this
 * attempt its turn: a request waiting for either must not keep another account's request from being
 * sent (and a renewal of credentials, itself a request, must never wait behind requests that wait for
 * it). The start is taken from the pace only once the slot is held, so that starts never bunch up
 * behind the wait for a slot.
 *
 * @returns the function to call with the attempt's outcome when it completes (it frees the slot and
 *   tells the pace), and the access key the attempt will be signed with, when known
 */
async function start(
  credentials: CachedCredentials | undefined,
  pace: Pace | undefined,
  inFlight: Semaphore | undefined,
  urgent: boolean,
  handed: Turn | undefined,
  stats: CallStats,
): Promise<{ release: (outcome: Outcome) => void; accessKeyId?: string }> {
  while (true) {
    const identity = credentials ? await credentials() : undefined;
    const turn = handed ?? (pace ? await pace.turn() : undefined);
    handed = undefined;
    const freeSlot = inFlight ? await inFlight.acquire(urgent, stats.rank()) : () => {};
    // While this waited, the credentials may have been renewed or dropped: start over, slot freed.
    if (credentials && !credentials.holds(identity)) {
      turn?.pass();
      freeSlot();
      continue;
    }
    const done = turn ? turn.take() : () => {};
    if (done) {
      return {
        release: (outcome) => {
          done(outcome);
          freeSlot();
        },
        accessKeyId: identity?.accessKeyId,
      };
    }
    freeSlot();
  }
}

/**
 * What to stop when a signal aborts: one listener per signal, however many calls wait on it (an
 * `EventTarget` finds a listener to remove by walking them all: with hundreds of requests waiting,
 * that cost more than the rest of this module).
 */
const stoppers = new WeakMap<AbortSignal, Set<() => void>>();

/** Settles like `promise`, or rejects with {@link InterruptedError} as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new InterruptedError());
  let waiting = stoppers.get(signal);
  if (!waiting) {
    const all = waiting = new Set();
    stoppers.set(signal, all);
    signal.addEventListener("abort", () => {
      for (const stop of all) stop();
    }, { once: true });
  }
  const set = waiting;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new InterruptedError());
    set.add(stop);
    promise.then((value) => {
      set.delete(stop);
      resolve(value);
    }, (error) => {
      set.delete(stop);
      reject(error);
    });
  });
}

function cachedCredentials(credentials: Credentials): CachedCredentials | undefined {
  return typeof credentials === "function" && "invalidate" in credentials
    ? credentials as CachedCredentials
    : undefined;
}

/**
 * Which attempt of its call this is, as the SDK's retry step numbers it in the request's
 * `amz-sdk-request` header (`attempt=2; max=8`). (The context cannot count: with the clients'
 * `cacheMiddleware`, one context serves every call of a command.)
 */
function attemptOf(args: FinalizeHandlerArguments<object>): number {
  const headers = (args.request as { headers?: Record<string, string> }).headers;
  const header = headers?.["amz-sdk-request"];
  return header ? Number(/attempt=(\d+)/.exec(header)?.[1] ?? 1) : 1;
}

function serviceOf(context: HandlerExecutionContext): string {
  return (context.clientName ?? "").replace(/Client$/, "").toLowerCase();
}

function actionOf(context: HandlerExecutionContext): string {
  return (context.commandName ?? "").replace(/Command$/, "");
}

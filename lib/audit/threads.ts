/**
 * The audit of accounts over several JavaScript threads: `threads` workers (`audit_worker.ts`), each
 * auditing the accounts it takes from one shared listing with its own clients, rates and admission,
 * within its share of the run's bounds (`lib/cli/settings.ts`), while this thread lists the organization,
 * answers the workers and writes the reports.
 *
 * Why: a request through the AWS SDK costs a few hundred microseconds of JavaScript (signing,
 * serialization, parsing), and a run that makes thousands per second is bound by the one thread that
 * runs them; workers spread that over the machine's cores. Small organizations — `startAfter` accounts
 * or fewer, read ahead before deciding — are audited in this thread alone: a worker costs a JavaScript
 * heap and the time to load the SDK.
 *
 * Each account is taken by one thread, which reports it whole: its result, with its users and events in
 * its spool file, read back here when its turn to be written comes. A worker that fails (it could not
 * start, or stopped) is told about ({@link ThreadOptions.onThreadFailed}), and the accounts it had taken
 * but not reported are audited again, by the other workers or, when none is left, here: none is lost.
 *
 * @module
 */
import type { AwsCredentialIdentity } from "@smithy/types";
import type { AttemptInfo, ClientSettings } from "../aws/clients.ts";
import type { CachedCredentials } from "../aws/credential_cache.ts";
import { describeError } from "../aws/service_errors.ts";
import type { AccountResult, OrgAccount } from "../model/records.ts";
import { secrets } from "../util/secrets.ts";
import { Spool } from "../util/spool.ts";
import {
  type AccountSpool,
  auditAccounts,
  type AuditContext,
  auditSpooled,
  type SpooledResult,
  unspool,
} from "./audit_accounts.ts";
import type { FromWorker, ThreadSetup, ToWorker } from "./thread_messages.ts";

/** How the audit is spread over threads. */
export interface ThreadOptions {
  /** Worker threads auditing accounts (1: none, this thread audits them). */
  threads: number;
  /** The client settings of each thread (its share of the run's bounds), for the workers' clients. */
  clients: Omit<ClientSettings, "signal" | "onAttempt">;
  /** The run's interruption: passed on to the workers. */
  signal: AbortSignal;
  /** Told of each attempt made in a worker (`--verbose`); absent: workers do not report attempts. */
  onAttempt?: (attempt: AttemptInfo) => void;
  /** Told when a worker fails; its unreported accounts are audited again in this thread. */
  onThreadFailed?: (reason: string) => void;
  /** Organizations of at most this many accounts are audited in this thread alone. @default 16 */
  startAfter?: number;
  /** The worker's module. @default `audit_worker.ts` beside this one */
  workerUrl?: URL;
}

/**
 * Audits accounts as {@link auditAccounts} does, over `threads` JavaScript threads.
 *
 * @param accounts the organization's accounts
 * @param context this thread's clients, caller, settings and callbacks (the workers get the same
 *   settings, and clients of their own)
 * @param options threads and what the workers need
 * @yields one result per account, as each completes
 * @throws {AuditError} `reports-unwritable` when a spool file cannot be written or read; the listing's
 *   error, after every result of the accounts it gave
 */
export async function* auditInThreads(
  accounts: AsyncIterable<OrgAccount>,
  context: AuditContext,
  options: ThreadOptions,
): AsyncGenerator<AccountResult> {
  const startAfter = options.startAfter ?? 16;
  const feed = new AccountFeed(accounts, context.accountsListed ?? (() => undefined));
  if (options.threads <= 1 || await feed.endsWithin(startAfter)) {
    yield* auditAccounts(feed.stream(), context);
    feed.throwIfFailed();
    return;
  }
  const inbox = new Inbox<SpooledResult>();
  const workers: Worker[] = [];
  let auditors = 0;
  let closed = false;
  const count = {
    started: () => auditors++,
    ended: () => {
      auditors--;
      inbox.wake();
    },
  };
  for (let index = 1; index <= options.threads; index++) {
    workers.push(startWorker(index, feed, inbox, context, options, count));
  }
  // Here only when every worker has failed, for the accounts left.
  const auditHere = () => {
    auditors++;
    const here = auditSpooled(feed.stream(), { ...context, accountsLeft: () => feed.left() });
    (async () => {
      for await (const spooled of here) {
        inbox.push(spooled);
        if (closed) break;
      }
    })().then(
      () => auditors--,
      (e) => {
        auditors--;
        inbox.fail(e);
      },
    ).finally(() => inbox.wake());
  };
  const abort = () => {
    for (const worker of workers) worker.postMessage({ type: "abort" } satisfies ToWorker);
  };
  options.signal.addEventListener("abort", abort);
  try {
    while (true) {
      const next = inbox.take();
      if (next) {
        yield await unspool(next);
        continue;
      }
      inbox.throwIfFailed();
      if (auditors === 0) {
        if (feed.hasMore) {
          auditHere();
          continue;
        }
        break;
      }
      await inbox.wait();
    }
    feed.throwIfFailed();
  } finally {
    closed = true;
    options.signal.removeEventListener("abort", abort);
    for (const worker of workers) worker.terminate();
    feed.close();
  }
}

/** Starts worker `index` and serves its requests; its results go to `inbox`. */
function startWorker(
  index: number,
  feed: AccountFeed,
  inbox: Inbox<SpooledResult>,
  context: AuditContext,
  options: ThreadOptions,
  count: { started(): void; ended(): void },
): Worker {
  const worker = new Worker(options.workerUrl ?? new URL("./audit_worker.ts", import.meta.url), {
    type: "module",
    name: `iam-audit-${index}`,
  });
  const send = (message: ToWorker) => worker.postMessage(message);
  /** Accounts it took and has not reported yet, by id. */
  const taken = new Map<string, OrgAccount>();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
    count.ended();
  };
  const fail = (reason: string) => {
    if (ended) return;
    options.onThreadFailed?.(reason);
    feed.giveBack([...taken.values()]);
    taken.clear();
    end();
  };
  worker.onmessage = async (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.type) {
      case "next": {
        const account = await feed.next();
        if (ended) {
          if (account) feed.giveBack([account]);
          return;
        }
        if (account) taken.set(account.id, account);
        send({ type: "account", id: message.id, account, left: feed.left() });
        return;
      }
      case "credentials":
        send({
          type: "credentials",
          id: message.id,
          ...await callerCredentials(context, message.invalidate),
        });
        return;
      case "started":
        return context.onAccountStart?.(message.account);
      case "cloudtrail":
        return context.onCloudTrailStart?.(message.account);
      case "attempt":
        return options.onAttempt?.(message.attempt);
      case "result":
        taken.delete(message.result.account.id);
        inbox.push({
          result: message.result,
          spool: message.spool ? Spool.received(message.spool) as AccountSpool : undefined,
        });
        return;
      case "error":
        return fail(message.message);
      case "done":
        return end();
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message);
  };
  worker.onmessageerror = () => fail("a message could not be read");
  count.started();
  const { session, caller } = context;
  const setup: ThreadSetup = {
    type: "setup",
    index,
    clients: options.clients,
    attempts: options.onAttempt !== undefined,
    audit: {
      accountsInFlight: { ...context.accountsInFlight, threads: options.threads },
      userConcurrency: context.userConcurrency,
      eventNames: context.eventNames,
      cloudTrail: context.cloudTrail,
      readPolicies: context.readPolicies,
      window: context.window,
      session: {
        role: session.role,
        sessionName: session.sessionName,
        externalId: session.externalId,
        region: session.region,
        iamRps: session.iamRate.ceiling,
        cloudTrailRps: session.cloudTrailRate.ceiling,
      },
    },
    caller: { accountId: caller.accountId, arn: caller.arn, partition: caller.partition },
    spoolDir: context.spools.path,
    secrets: secrets.known(),
  };
  send(setup);
  return worker;
}

/** The caller's credentials for a worker (renewed first if it says AWS rejected `invalidate`). */
async function callerCredentials(
  context: AuditContext,
  invalidate: string | undefined,
): Promise<{ credentials?: AwsCredentialIdentity; error?: string }> {
  const provider = context.caller.credentials as
    & Partial<CachedCredentials>
    & (() => Promise<AwsCredentialIdentity>);
  if (invalidate !== undefined) provider.invalidate?.(invalidate);
  try {
    const c = await provider();
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = c;
    return { credentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
  } catch (e) {
    return { error: describeError(e) };
  }
}

/**
 * The organization's accounts, handed out one at a time to whichever thread asks — first those a
 * failed worker gives back, then those read ahead, then the listing's next.
 */
class AccountFeed {
  readonly #source: AsyncIterator<OrgAccount>;
  readonly #listed: () => number | undefined;
  readonly #returned: OrgAccount[] = [];
  readonly #ahead: OrgAccount[] = [];
  #turn: Promise<unknown> = Promise.resolve();
  #ended = false;
  #failure?: { error: unknown };
  /** Accounts handed out for the first time. */
  #handed = 0;

  constructor(source: AsyncIterable<OrgAccount>, listed: () => number | undefined) {
    this.#source = source[Symbol.asyncIterator]();
    this.#listed = listed;
  }

  /**
   * Reads up to `n + 1` accounts ahead and tells whether the listing ended within `n` (or failed).
   *
   * @param n accounts
   * @returns true when the organization has `n` accounts or fewer
   */
  async endsWithin(n: number): Promise<boolean> {
    while (this.#ahead.length <= n) {
      const account = await this.#read();
      if (!account) return true;
      this.#ahead.push(account);
    }
    return false;
  }

  /** Whether an account may still be handed out (given back, read ahead, or not listed yet). */
  get hasMore(): boolean {
    return this.#returned.length > 0 || this.#ahead.length > 0 || !this.#ended;
  }

  /** The next account, or undefined once there are none (or the listing failed); one caller at a time. */
  next(): Promise<OrgAccount | undefined> {
    const turn = this.#turn.then(() => this.#pull());
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /** The accounts, for one thread's audit. */
  async *stream(): AsyncGenerator<OrgAccount> {
    while (true) {
      const account = await this.next();
      if (!account) return;
      yield account;
    }
  }

  /** Accounts not handed out yet, once the listing has ended; undefined before. */
  left(): number | undefined {
    const listed = this.#listed();
    return listed === undefined ? undefined : Math.max(0, listed - this.#handed) + this.#returned.length;
  }

  /** Accounts a failed worker took and did not report: handed out again, first. */
  giveBack(accounts: OrgAccount[]): void {
    this.#returned.push(...accounts);
  }

  /** Throws the listing's error, if it failed. */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Hands out nothing more, and closes the listing. */
  close(): void {
    this.#returned.length = 0;
    this.#ahead.length = 0;
    if (this.#ended) return;
    this.#ended = true;
    this.#turn.then(() => this.#source.return?.()).catch(() => undefined);
  }

  async #pull(): Promise<OrgAccount | undefined> {
    if (this.#returned.length > 0) return this.#returned.shift();
    const account = this.#ahead.shift() ?? await this.#read();
    if (account) this.#handed++;
    return account;
  }

  async #read(): Promise<OrgAccount | undefined> {
    if (this.#ended) return undefined;
    try {
      const next = await this.#source.next();
      if (!next.done) return next.value;
      this.#ended = true;
    } catch (error) {
      this.#ended = true;
      this.#failure = { error };
    }
    return undefined;
  }
}

/** Results from every thread, in arrival order, and the first failure. */
class Inbox<T> {
  readonly #items: T[] = [];
  #failure?: { error: unknown };
  #wake?: () => void;

  push(item: T): void {
    this.#items.push(item);
    this.wake();
  }

  fail(error: unknown): void {
    this.#failure ??= { error };
    this.wake();
  }

  take(): T | undefined {
    return this.#items.shift();
  }

  throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }

  wait(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

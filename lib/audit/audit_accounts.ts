/**
 * The audit of accounts: for each ACTIVE account, a session, its users and keys, and its CloudTrail
 * events, several accounts at once; each account ends as one {@link AccountResult}.
 *
 * While an account is audited, its users and events go to a spool file as they are read
 * (`lib/util/spool.ts`); the account is read back only when complete, when its turn to be written comes:
 * one account at a time is in memory whole, however many are in flight.
 *
 * @module
 */
import { CallStats, type ClientFactory } from "../aws/clients.ts";
import type { Caller } from "../aws/caller.ts";
import { lookupEvents, type TimeWindow } from "./cloudtrail.ts";
import { summarizeError } from "../aws/service_errors.ts";
import { AuditError, InterruptedError } from "../errors/audit_error.ts";
import { lastRootConsoleLogin, readRootCredentials } from "./root_posture.ts";
import { orderedPooledMap, pooledMap } from "../util/pool.ts";
import { type Spool, SpoolDir, SpoolError } from "../util/spool.ts";
import { AccountAdmission, lastAccountsFirst } from "./admission.ts";
import { tmpdir } from "node:os";
import type {
  AccountIssue,
  AccountResult,
  EventRecord,
  FailureStage,
  OrgAccount,
  RootPosture,
  UserAudit,
} from "../model/records.ts";
import { openSession, type SessionSettings } from "./sessions.ts";
import { DeniedActions } from "./other_credentials.ts";
import { auditUsers, UsersProgress } from "./users.ts";

/** What the audit of accounts needs. */
export interface AuditContext {
  caller: Caller;
  clients: ClientFactory;
  session: SessionSettings;
  /**
   * Accounts audited at once: `initial` to begin with, more while the run's request slots are
   * underused, never more than `max` (see `admission.ts`).
   */
  accountsInFlight: { initial: number; max: number; heapBudget?: number; threads?: number };
  /**
   * How many accounts the organization's listing gave, once it has ended (`undefined` while it goes on):
   * its last accounts are then admitted together (see `admission.ts`).
   */
  accountsListed?: () => number | undefined;
  /**
   * How many accounts are not started yet, once the listing has ended, when others than this audit
   * take accounts from the same listing (the run's other threads); by default, what
   * `accountsListed` gave less what this audit took.
   */
  accountsLeft?: () => number | undefined;
  /** Users audited at once inside one account. */
  userConcurrency: number;
  /** CloudTrail event names to look up; empty: none (see `cloudTrail`). */
  eventNames: readonly string[];
  /** Whether CloudTrail is read at all (the events and the root user's sign-ins). @default true */
  cloudTrail?: boolean;
  /** Read each user's directly attached and inline policies (CIS 1.15). @default false */
  readPolicies?: boolean;
  window: TimeWindow;
  /** Told when an account's audit and its CloudTrail lookups start, for the console. */
  onAccountStart?(account: OrgAccount): void;
  onCloudTrailStart?(account: OrgAccount): void;
  /** Clock for per-account durations, in milliseconds. @default performance.now */
  now?: () => number;
  /** The run's spool folder, opened before any AWS call ({@link openSpoolDir}) by whoever removes it. */
  spools: SpoolDir;
}

/** What an account's spool file holds. */
export type AccountSpool = Spool<{ users: UserAudit; events: EventRecord }>;

/** An account's result whose users and events wait in its spool file. */
export interface SpooledResult {
  result: AccountResult;
  spool?: AccountSpool;
}

/**
 * Audits accounts as they arrive, several at once — as many as keep the run's request slots busy,
 * within `accountsInFlight`; accounts that are not ACTIVE are skipped without a call.
 *
 * @param accounts the organization's accounts (e.g. from `listAccounts`)
 * @param context clients, caller, settings and callbacks
 * @yields one result per account, as each completes
 * @throws {AuditError} `reports-unwritable` when a spool file cannot be written or read
 */
export async function* auditAccounts(
  accounts: AsyncIterable<OrgAccount>,
  context: AuditContext,
): AsyncGenerator<AccountResult> {
  for await (const spooled of auditSpooled(accounts, context)) yield await unspool(spooled);
}

/**
 * Like {@link auditAccounts}, but each result's users and events are left in its spool file, for
 * {@link unspool} (here, or in another thread once the file is handed off).
 *
 * @param accounts the organization's accounts
 * @param context clients, caller, settings and callbacks
 * @yields one spooled result per account, as each completes
 */
export async function* auditSpooled(
  accounts: AsyncIterable<OrgAccount>,
  context: AuditContext,
): AsyncGenerator<SpooledResult> {
  let taken = 0;
  const admission = new AccountAdmission({
    ...context.accountsInFlight,
    slots: context.clients.requestSlots,
    left: context.accountsLeft ?? (() => {
      const listed = context.accountsListed?.();
      return listed === undefined ? undefined : Math.max(0, listed - taken);
    }),
  });
  const { spools } = context;
  const stopReviews = admission.start();
  const audit = async (account: OrgAccount): Promise<SpooledResult> => {
    taken++;
    if (account.state !== "ACTIVE") return { result: { kind: "skipped", account, state: account.state } };
    admission.started();
    const spool = spools.file<{ users: UserAudit; events: EventRecord }>();
    try {
      return { result: await readAccount(account, context, spool, admission), spool };
    } finally {
      admission.ended();
    }
  };
  try {
    yield* pooledMap(admission, accounts, audit);
  } finally {
    stopReviews();
  }
}

/**
 * Opens the run's spool folder under `TMPDIR`: early, so that a temporary folder that cannot be used
 * stops the run before anything is read from AWS.
 *
 * @returns the folder
 * @throws {AuditError} `temp-dir`, naming the folder and the system's reason
 */
export async function openSpoolDir(): Promise<SpoolDir> {
  try {
    return await SpoolDir.create();
  } catch (e) {
    // The folder Deno.makeTempDir uses: TMPDIR (TEMP or TMP on Windows), else the system default.
    const dir = tmpdir();
    const why = e instanceof Error ? e.message : String(e);
    throw new AuditError("temp-dir", (w) => w.errors.tempDirUnusable(dir, why), { cause: e });
  }
}

/**
 * The account's result with its users and events read back from its spool file (which is removed).
 *
 * @param spooled the result and its spool file
 * @returns the whole result
 * @throws {AuditError} `reports-unwritable` when the spool file could not be written or read
 */
export async function unspool({ result, spool }: SpooledResult): Promise<AccountResult> {
  if (!spool || result.kind === "skipped") return result;
  try {
    const { users = [], events = [] } = await spool.load();
    return { ...result, users, events };
  } catch (e) {
    if (!(e instanceof SpoolError)) throw e;
    throw new AuditError("reports-unwritable", (w) => w.errors.spoolFailed(e.path, e.message), { cause: e });
  }
}

/** Audits one account. Never throws: whatever fails is in the result, beside whatever was read. */
async function readAccount(
  account: OrgAccount,
  context: AuditContext,
  spool: AccountSpool,
  admission?: AccountAdmission,
): Promise<AccountResult> {
  const now = context.now ?? (() => performance.now());
  const started = now();
  context.onAccountStart?.(account);
  const calls = new CallStats(account.id);
  const progress = new UsersProgress();
  calls.rank = lastAccountsFirst(progress, admission);
  let session;
  try {
    session = await openSession(account, context.caller, context.session, context.clients, calls);
  } catch (e) {
    admission?.opened();
    const issue: AccountIssue = e instanceof InterruptedError
      ? { stage: "interrupted" }
      : { stage: "assume-role", error: summarizeError(e) };
    return {
      kind: "failed",
      account,
      stage: issue.stage,
      issues: [issue],
      users: [],
      events: [],
      root: {},
      stats: { apiCalls: calls.apiCalls, throttled: calls.throttled, seconds: (now() - started) / 1000 },
    };
  }

  admission?.opened();
  const issues: AccountIssue[] = [];
  const failed = (stage: Exclude<FailureStage, "interrupted">, action: string) => (e: unknown) => {
    issues.push(
      e instanceof InterruptedError ? { stage: "interrupted" } : { stage, action, error: summarizeError(e) },
    );
  };
  const root: RootPosture = {};
  const cloudTrail = context.cloudTrail ?? true;
  const readUsers = async () => {
    // Actions the role was denied (an audit role older than them): named once for the account.
    const denied = new DeniedActions();
    let partial = 0;
    try {
      const options = {
        concurrency: context.userConcurrency,
        readPolicies: context.readPolicies ?? false,
        denied,
        progress,
      };
      for await (const user of auditUsers(session.iam, options)) {
        spool.add("users", user);
        if (user.errors.length > 0) partial++;
      }
    } catch (e) {
      failed("users", "ListUsers")(e);
    }
    for (const { action, error } of denied.values()) issues.push({ stage: "users", action, error });
    if (partial > 0) issues.push({ stage: "users", incompleteUsers: partial });
  };
  const readRoot = () =>
    readRootCredentials(session.iam).then(
      (r) => void Object.assign(root, r),
      failed("root", "GetAccountSummary"),
    );
  const readEvents = async () => {
    if (!cloudTrail) return;
    context.onCloudTrailStart?.(account);
    // Two lookups at a time: AWS allows 2 per second, so the second of each pair would otherwise
    // wait for the first's answer for nothing. The account's pace keeps the rate; the results are
    // gathered in event-name order, so the report does not depend on timing.
    const lookups = [
      ...context.eventNames.map((name) => async () => {
        const found: EventRecord[] = [];
        for await (const event of lookupEvents(session.cloudTrail, name, context.window)) found.push(event);
        return found;
      }),
      async () => {
        root.lastConsoleLogin = await lastRootConsoleLogin(session.cloudTrail, context.window);
        return [];
      },
    ];
    try {
      for await (const found of orderedPooledMap(2, lookups, (lookup) => lookup())) {
        for (const event of found) spool.add("events", event);
      }
    } catch (e) {
      failed("cloudtrail", "LookupEvents")(e);
    }
  };
  await Promise.all([readUsers(), readRoot(), readEvents()]);

  const stats = {
    apiCalls: calls.apiCalls,
    throttled: calls.throttled,
    seconds: (now() - started) / 1000,
  };
  // The users and events are in the spool: `unspool` reads them back.
  if (issues.length === 0) return { kind: "audited", account, users: [], events: [], root, stats };
  // An interruption supersedes every other issue: the account's data is not reported at all.
  const interrupted = issues.some((issue) => issue.stage === "interrupted");
  return {
    kind: "failed",
    account,
    stage: interrupted ? "interrupted" : issues[0].stage,
    issues: interrupted ? [{ stage: "interrupted" }] : issues,
    users: [],
    events: [],
    root,
    stats,
  };
}

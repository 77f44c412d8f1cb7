/**
 * What the run's threads say to each other (`threads.ts` in the main thread, `audit_worker.ts` in each
 * other): plain data only — records, settings, spool files' names — since messages are copies.
 *
 * A worker asks for work (`next`) and for the caller's credentials (`credentials`, from which it
 * assumes the audit role itself); the main thread answers each request by its `id`. The worker tells of
 * each account it starts, of its CloudTrail lookups and (with `--verbose`) of each attempt, sends each
 * result with its spool file handed off, and says `done` when its accounts are all reported.
 *
 * @module
 */
import type { AwsCredentialIdentity } from "@smithy/types";
import type { Caller } from "../aws/caller.ts";
import type { AttemptInfo, ClientSettings } from "../aws/clients.ts";
import type { AccountResult, OrgAccount } from "../model/records.ts";
import type { KnownSecrets } from "../util/secrets.ts";
import type { SpoolHandoff } from "../util/spool.ts";
import type { AuditContext } from "./audit_accounts.ts";
import type { SessionSettings } from "./sessions.ts";

/** The settings of a thread's audit that are data (its rates are rebuilt from their ceilings). */
export type ThreadAuditSettings =
  & Omit<
    AuditContext,
    | "caller"
    | "clients"
    | "spools"
    | "session"
    | "accountsListed"
    | "accountsLeft"
    | "onAccountStart"
    | "onCloudTrailStart"
    | "now"
  >
  & {
    session: Omit<SessionSettings, "iamRate" | "cloudTrailRate"> & { iamRps: number; cloudTrailRps: number };
  };

/** The first message to a worker: everything it needs to audit the accounts it will ask for. */
export interface ThreadSetup {
  type: "setup";
  /** The worker's number (1, 2, ...: the main thread is 0), which names its spool files apart. */
  index: number;
  clients: Omit<ClientSettings, "signal" | "onAttempt">;
  /** Whether to report every attempt (`--verbose`). */
  attempts: boolean;
  audit: ThreadAuditSettings;
  /** The caller without its credentials, which the worker asks for when it needs them. */
  caller: Omit<Caller, "credentials">;
  /** The run's spool folder. */
  spoolDir: string;
  /** What the main thread knows of the run's secrets: the worker masks them too. */
  secrets: KnownSecrets;
}

/** From the main thread to a worker. */
export type ToWorker =
  | ThreadSetup
  | { type: "account"; id: number; account?: OrgAccount; left?: number }
  | { type: "credentials"; id: number; credentials?: AwsCredentialIdentity; error?: string }
  | { type: "abort" };

/** From a worker to the main thread. */
export type FromWorker =
  | { type: "next"; id: number }
  | { type: "credentials"; id: number; invalidate?: string }
  | { type: "started"; account: OrgAccount }
  | { type: "cloudtrail"; account: OrgAccount }
  | { type: "attempt"; attempt: AttemptInfo }
  | { type: "result"; result: AccountResult; spool?: SpoolHandoff }
  | { type: "error"; message: string }
  | { type: "done" };

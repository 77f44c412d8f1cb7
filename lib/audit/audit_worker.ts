/**
 * A worker thread of the run (`threads.ts` starts it): it audits the accounts it asks the main thread
 * for, as the main thread audits its own — the same {@link auditSpooled}, with its own clients, rates,
 * admission and share of the run's bounds — and sends back each result, its users and events left in
 * its spool file. It assumes the audit role itself, with the caller's credentials, which it asks the
 * main thread for (and again when they near their expiry).
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { AwsCredentialIdentity } from "@smithy/types";
import { ServiceRate } from "../aws/adaptive_rate.ts";
import { ClientFactory } from "../aws/clients.ts";
import { cacheCredentials } from "../aws/credential_cache.ts";
import { describeError } from "../aws/service_errors.ts";
import type { OrgAccount } from "../model/records.ts";
import { secrets } from "../util/secrets.ts";
import { SpoolDir } from "../util/spool.ts";
import { untilAborted } from "../util/streams.ts";
import { auditSpooled } from "./audit_accounts.ts";
import type { FromWorker, ThreadSetup, ToWorker } from "./thread_messages.ts";

const post = (message: FromWorker) => self.postMessage(message);

/** Answers awaited from the main thread, by request id. */
const waiting = new Map<number, (message: ToWorker) => void>();
let nextId = 0;
const abort = new AbortController();

/** Sends a request and waits for its answer. */
function ask(request: { type: "next" } | { type: "credentials"; invalidate?: string }): Promise<ToWorker> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    post({ ...request, id });
  });
}

// Whatever escapes (a fault in this thread) is told to the main thread, which audits this thread's
// unreported accounts again; nothing is printed from here.
self.addEventListener("error", (event) => {
  event.preventDefault();
  post({ type: "error", message: describeError(event.error ?? event.message) });
});
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  post({ type: "error", message: describeError(event.reason) });
});

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "setup") {
    run(message).then(
      () => post({ type: "done" }),
      (e) => post({ type: "error", message: describeError(e) }),
    );
  } else if (message.type === "abort") {
    abort.abort();
  } else {
    const answer = waiting.get(message.id);
    waiting.delete(message.id);
    answer?.(message);
  }
};

/** Audits accounts until the main thread has no more, and sends each result. */
async function run(setup: ThreadSetup): Promise<void> {
  secrets.learn(setup.secrets);
  const clients = new ClientFactory({
    ...setup.clients,
    signal: abort.signal,
    onAttempt: setup.attempts ? (attempt) => post({ type: "attempt", attempt }) : undefined,
  });
  let left: number | undefined;
  // The key AWS rejected, told to the main thread with the next request for credentials.
  let rejected: string | undefined;
  const credentials = cacheCredentials(async () => {
    const answer = await ask({ type: "credentials", invalidate: rejected });
    rejected = undefined;
    if (answer.type !== "credentials" || !answer.credentials) {
      throw new Error(answer.type === "credentials" ? answer.error : "no credentials");
    }
    return answer.credentials as AwsCredentialIdentity;
  });
  const invalidate = credentials.invalidate;
  credentials.invalidate = (accessKeyId) => {
    rejected = accessKeyId;
    invalidate(accessKeyId);
  };
  async function* accounts(): AsyncGenerator<OrgAccount> {
    while (true) {
      const answer = await ask({ type: "next" });
      if (answer.type !== "account" || !answer.account) return;
      left = answer.left;
      yield answer.account;
    }
  }
  const { session, ...audit } = setup.audit;
  const { iamRps, cloudTrailRps, ...roles } = session;
  const results = auditSpooled(untilAborted(accounts(), abort.signal), {
    ...audit,
    session: { ...roles, iamRate: new ServiceRate(iamRps), cloudTrailRate: new ServiceRate(cloudTrailRps) },
    caller: { ...setup.caller, credentials },
    clients,
    spools: SpoolDir.shared(setup.spoolDir, `${setup.index}-`),
    accountsLeft: () => left,
    onAccountStart: (account) => post({ type: "started", account }),
    onCloudTrailStart: (account) => post({ type: "cloudtrail", account }),
  });
  try {
    for await (const { result, spool } of results) {
      post({ type: "result", result, spool: await spool?.handOff() });
    }
  } finally {
    clients.destroy();
  }
}

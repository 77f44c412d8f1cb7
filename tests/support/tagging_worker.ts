/**
 * The real audit worker, whose start messages mark the account's name with " (worker)": how
 * `tests/threads_test.ts` sees which accounts a worker audited.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import "../../lib/audit/audit_worker.ts";

const post = self.postMessage.bind(self);
self.postMessage = (message: { type: string; account?: { name: string } }) =>
  post(
    message.type === "started"
      ? { ...message, account: { ...message.account, name: `${message.account!.name} (worker)` } }
      : message,
  );

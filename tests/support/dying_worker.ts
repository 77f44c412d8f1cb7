/**
 * The real audit worker, which dies (an uncaught error) once it has sent its second result, with more
 * accounts taken and not reported: for `tests/threads_test.ts`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import "../../lib/audit/audit_worker.ts";

const post = self.postMessage.bind(self);
let results = 0;
self.postMessage = (message: { type: string }) => {
  post(message);
  if (message.type === "result" && ++results === 2) {
    setTimeout(() => {
      throw new Error("worker died");
    });
  }
};

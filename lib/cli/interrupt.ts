/**
 * Ctrl-C and SIGTERM: the first stops the run gracefully, a second exits at once.
 *
 * @module
 */
import { ExitCode } from "../errors/audit_error.ts";

/**
 * Calls `onFirst` on the first SIGINT or SIGTERM; a second one exits at once with code 130 (the one
 * place besides `main.ts` that exits: a user pressing Ctrl-C twice means now).
 *
 * @param onFirst told of the first signal
 * @returns a function that removes the listeners
 */
export function onInterrupt(onFirst: () => void): () => void {
  let count = 0;
  const handler = () => {
    if (++count > 1) Deno.exit(ExitCode.Interrupted);
    onFirst();
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, handler);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, handler);
  };
}

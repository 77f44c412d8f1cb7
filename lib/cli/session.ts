/**
 * What a run needs from around it, set up once the options are known: the console (progress and
 * messages), Ctrl-C, and the AWS clients that stop when it is pressed.
 *
 * @module
 */
import { ClientFactory } from "../aws/clients.ts";
import { consoleOptions, Progress } from "../console/progress.ts";
import type { Words } from "../i18n/words.ts";
import { isoUtc } from "../util/dates.ts";
import type { Options } from "./flags.ts";
import { onInterrupt } from "./interrupt.ts";
import { clientSettings } from "./settings.ts";

/** A run's surroundings. */
export interface Session {
  /** All output of the run goes through it: it keeps the live status line out of the way. */
  progress: Progress;
  /** Aborted on the first Ctrl-C (or SIGTERM). */
  signal: AbortSignal;
  clients: ClientFactory;
  /** Stops the status line, the signal handlers and the clients. */
  close(): void;
}

/**
 * Sets up the console, the interruption handlers and the AWS clients.
 *
 * @param options the run's options
 * @param words the run's language
 * @returns the session
 */
export function openSession(options: Options, words: Words): Session {
  const progress = new Progress(consoleOptions(options.verbosity, words.status));
  if (options.sinceBeforeHistory) {
    progress.warn(words.console.sinceOlderThanHistory(isoUtc(options.sinceBeforeHistory)));
  }
  const interruption = new AbortController();
  const stopSignals = onInterrupt(() => {
    progress.warn(words.console.interrupting);
    interruption.abort();
  });
  const clients = new ClientFactory({
    ...clientSettings(options),
    signal: interruption.signal,
    onAttempt: (attempt) => progress.apiCall(attempt),
  });
  return {
    progress,
    signal: interruption.signal,
    clients,
    close() {
      progress.stop();
      stopSignals();
      clients.destroy();
    },
  };
}

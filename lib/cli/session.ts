/**
 * What a run needs from around it, set up once the options are known: the console (progress and
 * messages), Ctrl-C, and the AWS clients that stop when it is pressed.
 *
 * @module
 */
import type { ThreadOptions } from "../audit/threads.ts";
import { ClientFactory } from "../aws/clients.ts";
import { consoleOptions, Progress } from "../console/progress.ts";
import type { Words } from "../i18n/words.ts";
import { isoUtc } from "../util/dates.ts";
import type { Options } from "./flags.ts";
import { onInterrupt } from "./interrupt.ts";
import { clientSettings, threadCount } from "./settings.ts";

/** A run's surroundings. */
export interface Session {
  /** All output of the run goes through it: it keeps the live status line out of the way. */
  progress: Progress;
  /** Aborted on the first Ctrl-C (or SIGTERM). */
  signal: AbortSignal;
  clients: ClientFactory;
  /** How accounts are spread over threads, with the workers' attempts and failures told to the console. */
  threads: ThreadOptions;
  /** Stops the status line, the signal handlers and the clients. */
  close(): void;
}

/**
 * Sets up the console, the interruption handlers, the AWS clients and the threads' wiring to the console.
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
    threads: {
      threads: threadCount(options),
      clients: clientSettings(options),
      signal: interruption.signal,
      onAttempt: options.verbosity === "verbose" ? (attempt) => progress.apiCall(attempt) : undefined,
      onThreadFailed: (reason) => progress.warn(words.console.threadFailed(reason)),
    },
    close() {
      progress.stop();
      stopSignals();
      clients.destroy();
    },
  };
}

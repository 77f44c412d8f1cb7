/**
 * Async streams: reading a listing ahead of its consumer, priming it, stopping it on interruption.
 *
 * @module
 */
import { InterruptedError } from "../errors/audit_error.ts";

/**
 * Reads a listing to its end as fast as it comes, while handing its items on one by one as the
 * consumer asks: the organization's size is then known (and the time estimate possible) after the
 * few seconds that ListAccounts takes, not only when the last account's audit starts. The items
 * wait in memory: accounts are small, and there are thousands at most.
 *
 * @param source the listing (e.g. the accounts in scope)
 * @param onTotal told the number of items once the listing ends (not when it fails)
 * @yields the items, in order; the listing's error, if any, after the items read before it
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  onTotal: (total: number) => void,
): AsyncGenerator<T> {
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const reading = (async () => {
    let count = 0;
    try {
      for await (const item of source) {
        if (stopped) return;
        buffer.push(item);
        count++;
        notify();
      }
      onTotal(count);
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      notify();
    }
  })();
  try {
    while (true) {
      if (buffer.length > 0) yield buffer.shift()!;
      else if (failure) throw failure.error;
      else if (ended) return;
      else await new Promise<void>((resolve) => wake = resolve);
    }
  } finally {
    stopped = true;
    if (ended) await reading;
  }
}

/**
 * Pulls the first item before returning, so that a source that fails at once (a denied organization)
 * fails here, before anything that depends on it is created.
 *
 * @param source the source
 * @returns the same items, the first already read
 */
export async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

/**
 * Stops taking items once a signal aborts; a source that then fails with the interruption ends quietly.
 *
 * @param source the source
 * @param signal the run's interruption
 * @yields the items taken before the abort
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  try {
    for await (const item of source) {
      if (signal.aborted) return;
      yield item;
    }
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
  }
}

/**
 * Bounded concurrency over async iterables: at most `limit` calls of `fn` in flight, pulling input
 * only as slots free up, so memory stays bounded however long the input is.
 *
 * @module
 */

/** A bound that may grow while a pool runs (e.g. accounts in flight, see `lib/audit/admission.ts`). */
export interface PoolLimit {
  /** Calls allowed in flight now (≥ 1). */
  readonly current: number;
  /**
   * Registers a listener called when `current` grows.
   *
   * @returns a function that removes it
   */
  subscribe(listener: () => void): () => void;
}

/**
 * Maps an async iterable with at most `limit` calls in flight, yielding results as they complete —
 * whatever the source is doing: a result is handed back while the source is still working on its next
 * item (an Organizations listing retrying a page, say). When the source fails, the calls in flight
 * finish and are yielded first, then the source's error is thrown.
 *
 * Each call tells the pool when it settles (no `Promise.race` over the calls in flight, which would
 * cost each wait a reaction on every running call: quadratic with hundreds of them).
 *
 * @param limit most calls in flight at once (≥ 1), or a bound that may grow during the run
 * @param source the input, read lazily, one item ahead at most
 * @param fn the work for one item; it should not reject (return failures as values)
 * @yields each result, in completion order
 * @throws the source's error, after every result of the items it gave; a call's rejection, when seen
 * @example
 * ```ts
 * for await (const result of pooledMap(8, listAccounts(org), auditAccount)) write(result);
 * ```
 */
export async function* pooledMap<T, R>(
  limit: number | PoolLimit,
  source: AsyncIterable<T> | Iterable<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = Symbol.asyncIterator in source
    ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
    : toAsync(source as Iterable<T>);
  const allowed = typeof limit === "number" ? () => limit : () => limit.current;
  const results: R[] = [];
  let running = 0;
  let pulling: Promise<void> | undefined;
  let exhausted = false;
  let sourceFailure: { error: unknown } | undefined;
  let callFailure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const unsubscribe = typeof limit === "number" ? undefined : limit.subscribe(notify);
  const pull = () => {
    pulling = iterator.next().then(
      (next) => {
        pulling = undefined;
        if (next.done) {
          exhausted = true;
        } else {
          running++;
          fn(next.value).then(
            (value) => {
              running--;
              results.push(value);
              notify();
            },
            (error) => {
              running--;
              callFailure ??= { error };
              notify();
            },
          );
        }
        notify();
      },
      (error) => {
        pulling = undefined;
        exhausted = true;
        sourceFailure = { error };
        notify();
      },
    );
  };
  try {
    while (true) {
      if (callFailure) throw callFailure.error;
      if (!exhausted && pulling === undefined && running < allowed()) pull();
      if (results.length > 0) {
        yield results.shift()!;
        continue;
      }
      if (exhausted && running === 0 && pulling === undefined) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (sourceFailure) throw sourceFailure.error;
  } finally {
    unsubscribe?.();
    if (!exhausted) {
      // The consumer stopped early: let a pull in progress settle, then close the source.
      await pulling;
      await iterator.return?.();
    }
  }
}

/**
 * Like {@link pooledMap}, but yields results in input order (a slow item holds back later results,
 * never more than `limit` of them).
 *
 * @param limit most calls in flight at once (≥ 1)
 * @param source the input, read lazily
 * @param fn the work for one item
 * @yields each result, in input order
 */
export async function* orderedPooledMap<T, R>(
  limit: number,
  source: AsyncIterable<T> | Iterable<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const window: Promise<R>[] = [];
  for await (const item of source) {
    const task = fn(item);
    task.catch(() => {}); // awaited in order below
    window.push(task);
    if (window.length >= limit) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

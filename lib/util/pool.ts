/**
 * Bounded concurrency over async iterables: at most `limit` calls of `fn` in flight, pulling input
 * only as slots free up, so memory stays bounded however long the input is.
 *
 * @module
 */

/**
 * Maps an async iterable with at most `limit` calls in flight, yielding results as they complete.
 *
 * @param limit most calls in flight at once (≥ 1)
 * @param source the input, read lazily
 * @param fn the work for one item; it should not reject (return failures as values)
 * @yields each result, in completion order
 * @example
 * ```ts
 * for await (const result of pooledMap(8, listAccounts(org), auditAccount)) write(result);
 * ```
 */
export async function* pooledMap<T, R>(
  limit: number,
  source: AsyncIterable<T> | Iterable<T>,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = Symbol.asyncIterator in source
    ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
    : toAsync(source as Iterable<T>);
  const running = new Map<number, Promise<{ id: number; value: R }>>();
  let nextId = 0;
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && running.size < limit) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const id = nextId++;
        const task = fn(next.value).then((value) => ({ id, value }));
        task.catch(() => {}); // surfaced through Promise.race below, not as an unhandled rejection
        running.set(id, task);
      }
      if (running.size === 0) return;
      const { id, value } = await Promise.race(running.values());
      running.delete(id);
      yield value;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
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

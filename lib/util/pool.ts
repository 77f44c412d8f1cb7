/**
 * Bounded concurrency over async iterables: at most `limit` calls of `fn` in flight, pulling input
 * only as slots free up, so memory stays bounded however long the input is.
 *
 * @module
 */

/**
 * Maps an async iterable with at most `limit` calls in flight, yielding results as they complete —
 * whatever the source is doing: a result is handed back while the source is still working on its next
 * item (an Organizations listing retrying a page, say). When the source fails, the calls in flight
 * finish and are yielded first, then the source's error is thrown.
 *
 * @param limit most calls in flight at once (≥ 1)
 * @param source the input, read lazily, one item ahead at most
 * @param fn the work for one item; it should not reject (return failures as values)
 * @yields each result, in completion order
 * @throws the source's error, after every result of the items it gave
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
  type Event =
    | { kind: "result"; id: number; value: R }
    | { kind: "item"; next: IteratorResult<T> }
    | { kind: "failed"; error: unknown };
  const running = new Map<number, Promise<Event>>();
  let pulling: Promise<Event> | undefined;
  let nextId = 0;
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  try {
    while (true) {
      if (!exhausted && pulling === undefined && running.size < limit) {
        pulling = iterator.next().then(
          (next): Event => ({ kind: "item", next }),
          (error): Event => ({ kind: "failed", error }),
        );
      }
      if (running.size === 0 && pulling === undefined) break;
      const event = await Promise.race(pulling ? [...running.values(), pulling] : running.values());
      if (event.kind === "result") {
        running.delete(event.id);
        yield event.value;
      } else if (event.kind === "failed") {
        pulling = undefined;
        exhausted = true;
        failure = { error: event.error };
      } else {
        pulling = undefined;
        if (event.next.done) exhausted = true;
        else {
          const id = nextId++;
          const task = fn(event.next.value).then((value): Event => ({ kind: "result", id, value }));
          task.catch(() => {}); // surfaced through Promise.race below, not as an unhandled rejection
          running.set(id, task);
        }
      }
    }
    if (failure) throw failure.error;
  } finally {
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

/**
 * A virtual clock for tests of code that sleeps: time jumps to the earliest wake-up once every task is
 * waiting, so hours of simulated traffic take a moment and every run is the same.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import type { Timer } from "../../lib/aws/pace.ts";

/** A {@link Timer} whose time moves only when every task waits on it. */
export interface VirtualTimer extends Timer {
  /**
   * Runs `work` to its end, moving time forward whenever nothing else can happen.
   *
   * @param work the simulated activity
   * @returns what `work` returns
   */
  run<T>(work: Promise<T>): Promise<T>;
}

/** Creates a virtual clock starting at 0 ms. */
export function virtualTimer(): VirtualTimer {
  let now = 0;
  let order = 0;
  // A binary heap by wake-up time, then by order of the sleep calls (same inputs, same run).
  const heap: { at: number; order: number; wake: () => void }[] = [];
  const before = (a: typeof heap[number], b: typeof heap[number]) =>
    a.at < b.at || (a.at === b.at && a.order < b.order);
  const push = (item: typeof heap[number]) => {
    heap.push(item);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  // A macrotask: every pending microtask has run when it comes. (Deno's setTimeout(0) waits about 2 ms,
  // and a MessageChannel's message can arrive between two microtasks.)
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => push({ at: now + Math.max(0, ms), order: order++, wake })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => (done = true));
      while (true) {
        await settle();
        if (done) break;
        if (heap.length === 0) throw new Error("virtual time: every task waits on something other than time");
        const next = pop();
        now = Math.max(now, next.at);
        next.wake();
      }
      return result;
    },
  };
}

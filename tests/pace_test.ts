import assert from "node:assert/strict";
import { RateLimiter, type Timer } from "../lib/aws/pace.ts";

/** A virtual clock for concurrent sleepers: time jumps to the earliest wake-up once all are waiting. */
function virtualTimer(): Timer & { run<T>(work: Promise<T>): Promise<T> } {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => (done = true));
      while (!done) {
        await new Promise((r) => setTimeout(r, 0));
        if (sleepers.length === 0) continue;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift()!;
        now = Math.max(now, next.at);
        next.wake();
      }
      return result;
    },
  };
}

/** Most items of `times` in any half-open window (t - windowMs, t]. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i++) {
    let n = 0;
    for (let j = i; j >= 0 && sorted[j] > sorted[i] - windowMs; j--) n++;
    max = Math.max(max, n);
  }
  return max;
}

/** Runs `n` requests of `latency` ms each through the limiter, `parallel` at a time; returns start times. */
async function drive(
  limiter: RateLimiter,
  timer: ReturnType<typeof virtualTimer>,
  n: number,
  parallel: number,
  latency: number,
) {
  const starts: number[] = [];
  const ends: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const done = await limiter.take();
      starts.push(timer.now());
      await timer.sleep(latency);
      ends.push(timer.now());
      done();
    }
  };
  await timer.run(Promise.all(Array.from({ length: parallel }, worker)));
  return { starts, ends };
}

Deno.test("RateLimiter keeps 2 per second at the server whatever the requests' delays", async () => {
  const timer = virtualTimer();
  const { starts, ends } = await drive(new RateLimiter(2, { timer }), timer, 20, 8, 50);
  assert.equal(starts.length, 20);
  // A request reaches the server somewhere between its start and its end: take the worst case,
  // every arrival as early or as late as possible, and the window still holds.
  assert.equal(maxInWindow(starts, 1000), 2);
  const worst = starts.map((s, i) => i % 2 === 0 ? ends[i] : s);
  assert.ok(maxInWindow(worst, 1000) <= 2);
  assert.ok(starts.at(-1)! < 10 * 1100, "and no slower than needed");
});

Deno.test("RateLimiter allows bursts up to the rate, then waits a window after their completion", async () => {
  const timer = virtualTimer();
  const { starts } = await drive(new RateLimiter(10, { timer, marginMs: 0 }), timer, 25, 25, 100);
  starts.sort((a, b) => a - b);
  assert.equal(starts[9], 0);
  assert.equal(starts[10], 1100, "the first request completed at 100 ms");
  assert.equal(maxInWindow(starts, 1000), 10);
});

Deno.test("RateLimiter paces fractional rates", async () => {
  const timer = virtualTimer();
  const { starts } = await drive(new RateLimiter(0.5, { timer, marginMs: 0 }), timer, 2, 1, 0);
  assert.deepEqual(starts, [0, 2000]);
});

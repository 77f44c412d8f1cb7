import assert from "node:assert/strict";
import { RateLimiter, type Timer } from "../lib/pace.ts";

/** A fake clock: sleeping advances time instantly. */
function fakeTimer(): Timer & { starts: number[] } {
  let now = 0;
  return {
    starts: [],
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j] < times[i] + windowMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

Deno.test("RateLimiter keeps 2 per second in every one-second window, even with 60 ms of jitter", async () => {
  const timer = fakeTimer();
  const limiter = new RateLimiter(2, { timer });
  const starts: number[] = [];
  await Promise.all(Array.from({ length: 20 }, () => limiter.take().then(() => starts.push(timer.now()))));
  assert.equal(starts.length, 20);
  assert.equal(maxInWindow(starts, 1000 + 59), 2);
  assert.ok(starts.at(-1)! < 10 * 1060 + 1, "and no slower than needed");
});

Deno.test("RateLimiter allows bursts up to the rate, then spaces them", async () => {
  const timer = fakeTimer();
  const limiter = new RateLimiter(10, { timer, marginMs: 0 });
  const starts: number[] = [];
  for (let i = 0; i < 25; i++) {
    await limiter.take();
    starts.push(timer.now());
  }
  assert.equal(maxInWindow(starts, 1000), 10);
  assert.equal(starts[9], 0);
  assert.equal(starts[10], 1000);
});

Deno.test("RateLimiter paces fractional rates", async () => {
  const timer = fakeTimer();
  const limiter = new RateLimiter(0.5, { timer, marginMs: 0 });
  await limiter.take();
  await limiter.take();
  assert.equal(timer.now(), 2000);
});

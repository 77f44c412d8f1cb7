import assert from "node:assert/strict";
import { SlidingWindowLimiter, TokenBucketLimiter } from "../../sim/rate_limiter.ts";

/** How many of `count` requests, `gapMs` apart from `startMs`, the limiter admits. */
function admitted(
  limiter: { tryAcquire(ms: number): boolean },
  count: number,
  gapMs: number,
  startMs = 0,
): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (limiter.tryAcquire(startMs + i * gapMs)) n++;
  return n;
}

Deno.test("SlidingWindowLimiter admits N in any 1,000 ms, never a burst above N", () => {
  const limiter = new SlidingWindowLimiter(5);
  assert.equal(admitted(limiter, 20, 0), 5);
  assert.equal(limiter.tryAcquire(999), false);
  assert.equal(admitted(limiter, 20, 0, 1000), 5);
});

Deno.test("TokenBucketLimiter lets a burst through, then holds a sustained rate to the refill rate", () => {
  const limiter = new TokenBucketLimiter(10, 50);
  assert.equal(admitted(limiter, 80, 0), 50, "the whole bucket at once");
  // 40 requests a second for 10 s against 10 refilled a second: about 100 pass.
  const sustained = admitted(limiter, 400, 25, 25);
  assert.ok(sustained >= 99 && sustained <= 101, `${sustained}`);
  // Idle for 10 s: the bucket is full again, never fuller.
  assert.equal(admitted(limiter, 80, 0, 30_000), 50);
});

Deno.test("TokenBucketLimiter brownouts cut the bucket and the refill during the last part of each period", () => {
  // Periods of 10 s whose last 4 s run at a quarter of the capacity.
  const limiter = new TokenBucketLimiter(10, 40, { everyMs: 10_000, forMs: 4_000, factor: 0.25 });
  assert.equal(limiter.inBrownout(5_999), false);
  assert.equal(limiter.inBrownout(6_000), true);
  assert.equal(limiter.inBrownout(10_000), false);
  assert.equal(admitted(limiter, 100, 0, 0), 40);
  // In the brownout the bucket holds 10 at most, refilled at 2.5 a second.
  assert.equal(admitted(limiter, 100, 0, 7_000), 10);
  assert.equal(admitted(limiter, 100, 0, 9_000), 5);
  // From 9 s to 14 s: 1 s of brownout (2.5 tokens) and 4 s at full rate (40), capped at 40.
  assert.equal(admitted(limiter, 100, 0, 14_000), 40);
  // A quiet gap over several periods refills exactly: 30 s from 14 s holds 12 s of brownout.
  const gapLimiter = new TokenBucketLimiter(1, 1000, { everyMs: 10_000, forMs: 4_000, factor: 0 });
  admitted(gapLimiter, 1000, 0, 0);
  assert.equal(admitted(gapLimiter, 1000, 0, 30_000), 30 - 12);
  const outage = new TokenBucketLimiter(10, 40, { everyMs: 1_000, forMs: 1_000, factor: 0 });
  assert.equal(admitted(outage, 10, 100), 0, "factor 0 for the whole period: nothing passes");
});

Deno.test("TokenBucketLimiter refuses impossible settings", () => {
  assert.throws(() => new TokenBucketLimiter(0, 5), /positive/);
  assert.throws(() => new TokenBucketLimiter(5, 0.5), /burst/);
  assert.throws(() => new TokenBucketLimiter(5, 5, { everyMs: 1000, forMs: 2000, factor: 0.5 }), /forMs/);
  assert.throws(() => new TokenBucketLimiter(5, 5, { everyMs: 1000, forMs: 500, factor: 1 }), /factor/);
});

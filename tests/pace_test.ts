import assert from "node:assert/strict";
import { Pace } from "../lib/aws/pace.ts";
import { type VirtualTimer, virtualTimer } from "./support/virtual_time.ts";

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

/** Runs `n` requests of `latency` ms each through the pace, `parallel` at a time; returns start times. */
async function drive(pace: Pace, timer: VirtualTimer, n: number, parallel: number, latency: number) {
  const starts: number[] = [];
  const ends: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const done = await pace.take();
      starts.push(timer.now());
      await timer.sleep(latency);
      ends.push(timer.now());
      done("accepted");
    }
  };
  await timer.run(Promise.all(Array.from({ length: parallel }, worker)));
  return { starts, ends };
}

Deno.test("Pace keeps 2 per second at the server whatever the requests' delays", async () => {
  const timer = virtualTimer();
  const { starts, ends } = await drive(new Pace(2, { timer }), timer, 20, 8, 50);
  assert.equal(starts.length, 20);
  // A request reaches the server somewhere between its start and its end: take the worst case,
  // every arrival as early or as late as possible, and the window still holds.
  assert.equal(maxInWindow(starts, 1000), 2);
  const worst = starts.map((s, i) => i % 2 === 0 ? ends[i] : s);
  assert.ok(maxInWindow(worst, 1000) <= 2);
  assert.ok(starts.at(-1)! < 10 * 1100, "and no slower than needed");
});

Deno.test("Pace spaces starts by 1/rate and waits a window after the completion of the rate-th request before", async () => {
  const timer = virtualTimer();
  const { starts } = await drive(new Pace(10, { timer, marginMs: 0 }), timer, 25, 25, 100);
  starts.sort((a, b) => a - b);
  assert.deepEqual(starts.slice(0, 10), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  assert.equal(starts[10], 1100, "the first request completed at 100 ms");
  assert.equal(maxInWindow(starts, 1000), 10);
});

Deno.test("Pace paces fractional rates", async () => {
  const timer = virtualTimer();
  const { starts } = await drive(new Pace(0.5, { timer, marginMs: 0 }), timer, 2, 1, 0);
  assert.deepEqual(starts, [0, 2000]);
});

Deno.test("Pace applies a rate that changes between two starts", async () => {
  const timer = virtualTimer();
  let rate = 10;
  const pace = new Pace({ ceiling: 10, current: () => rate }, { timer, marginMs: 0 });
  const starts: number[] = [];
  await timer.run((async () => {
    for (let i = 0; i < 6; i++) {
      if (i === 3) rate = 2;
      const done = await pace.take();
      starts.push(timer.now());
      done("accepted");
    }
  })());
  assert.deepEqual(starts, [0, 100, 200, 1100, 1600, 2100]);
});

Deno.test("Pace gives one caller the turn at a time: the others wait until it takes or passes", async () => {
  const timer = virtualTimer();
  const pace = new Pace(100, { timer });
  const events: string[] = [];
  await timer.run((async () => {
    const first = await pace.turn();
    const second = pace.turn().then((turn) => {
      events.push(`second's turn at ${timer.now()}`);
      return turn;
    });
    await timer.sleep(50);
    events.push("first passes");
    first.pass();
    (await second).take()!("accepted");
    const third = await pace.turn();
    events.push(`third's turn at ${timer.now()}`);
    third.take()!("accepted");
  })());
  assert.deepEqual(events, ["first passes", "second's turn at 50", "third's turn at 60"]);
});

Deno.test("Pace.recentBefore counts what was sent and not throttled in the second before a start, or since the first start", async () => {
  const timer = virtualTimer();
  const pace = new Pace(10, { timer, marginMs: 0 });
  const outcomes = ["accepted", "throttled", "accepted", "accepted", "throttled"] as const;
  await timer.run((async () => {
    for (const outcome of outcomes) (await pace.take())(outcome);
    await timer.sleep(1000);
  })());
  assert.equal(pace.recentBefore(0), undefined, "nothing started before");
  assert.deepEqual(pace.recentBefore(300), { sent: 3, accepted: 2, span: 300 }, "since the first start");
  assert.deepEqual(pace.recentBefore(1100), { sent: 4, accepted: 2, span: 1000 });
  assert.deepEqual(pace.recentBefore(1301), { sent: 1, accepted: 0, span: 1000 });
});

import assert from "node:assert/strict";
import { Semaphore } from "../lib/util/semaphore.ts";

Deno.test("Semaphore never lets more than `limit` holders in, and serves waiters in order", async () => {
  const semaphore = new Semaphore(3);
  let inside = 0;
  let peak = 0;
  const order: number[] = [];
  await Promise.all(Array.from({ length: 12 }, async (_, i) => {
    const release = await semaphore.acquire();
    order.push(i);
    inside++;
    peak = Math.max(peak, inside);
    await new Promise((r) => setTimeout(r, 3));
    inside--;
    release();
    release(); // a second release is ignored
  }));
  assert.equal(peak, 3);
  assert.equal(semaphore.peak, 3);
  assert.deepEqual(order, [...Array(12).keys()]);
});

Deno.test("Semaphore serves urgent waiters first", async () => {
  const semaphore = new Semaphore(1);
  const first = await semaphore.acquire();
  const order: string[] = [];
  const normal = semaphore.acquire().then((release) => (order.push("normal"), release()));
  const urgent = semaphore.acquire(true).then((release) => (order.push("urgent"), release()));
  first();
  await Promise.all([normal, urgent]);
  assert.deepEqual(order, ["urgent", "normal"]);
});

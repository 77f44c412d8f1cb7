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

Deno.test("Semaphore serves waiters by rank, lowest first, in arrival order within a rank", async () => {
  const semaphore = new Semaphore(1);
  const first = await semaphore.acquire();
  const order: string[] = [];
  const wait = (name: string, rank: number, urgent = false) =>
    semaphore.acquire(urgent, rank).then((release) => (order.push(name), release()));
  const all = [
    wait("b0", 0),
    wait("c5", 5),
    wait("a-3", -3),
    wait("d0", 0),
    wait("urgent", 9, true),
    wait("e-3", -3),
  ];
  first();
  await Promise.all(all);
  assert.deepEqual(order, ["urgent", "a-3", "e-3", "b0", "d0", "c5"]);
});

Deno.test("Semaphore's ranked queue holds its order over many waiters", async () => {
  const semaphore = new Semaphore(1);
  const first = await semaphore.acquire();
  const ranks = Array.from({ length: 500 }, (_, i) => (i * 7919) % 37);
  const served: number[] = [];
  const all = ranks.map((rank, i) =>
    semaphore.acquire(false, rank).then((release) => {
      served.push(i);
      // Waiters that arrive while others are served take their place by rank too.
      if (i === 3) all.push(semaphore.acquire(false, -1).then((r) => (served.push(-1), r())));
      release();
    })
  );
  first();
  while (served.length < ranks.length + 1) await Promise.all(all);
  const expected = ranks.map((rank, i) => ({ rank, i })).sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ i }) => i);
  const i3 = expected.indexOf(3);
  expected.splice(i3 + 1, 0, -1);
  assert.deepEqual(served, expected);
});

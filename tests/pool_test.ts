import assert from "node:assert/strict";
import { orderedPooledMap, pooledMap } from "../lib/util/pool.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function* numbers(n: number, pulled: { count: number }) {
  for (let i = 0; i < n; i++) {
    pulled.count++;
    yield i;
  }
}

Deno.test("pooledMap() never has more than `limit` calls in flight and pulls input lazily", async () => {
  let inFlight = 0;
  let peak = 0;
  const pulled = { count: 0 };
  const out: number[] = [];
  for await (
    const v of pooledMap(3, numbers(20, pulled), async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      assert.ok(pulled.count <= out.length + 3 + 1);
      await sleep((i * 7) % 5);
      inFlight--;
      return i;
    })
  ) out.push(v);
  assert.equal(peak, 3);
  assert.deepEqual(out.sort((a, b) => a - b), [...Array(20).keys()]);
});

Deno.test("orderedPooledMap() keeps input order", async () => {
  const out: number[] = [];
  for await (const v of orderedPooledMap(4, [5, 1, 4, 2, 3, 0], async (ms) => (await sleep(ms * 3), ms))) {
    out.push(v);
  }
  assert.deepEqual(out, [5, 1, 4, 2, 3, 0]);
});

Deno.test("pooledMap() surfaces a rejection to the consumer", async () => {
  await assert.rejects(async () => {
    for await (
      const _ of pooledMap(2, [1, 2, 3], (i) => i === 2 ? Promise.reject(new Error("boom")) : sleep(5))
    ) {
      // drain
    }
  }, /boom/);
});

Deno.test("pooledMap() hands back finished results while the source is still waiting for its next item", async () => {
  let release!: () => void;
  const stuck = new Promise<void>((resolve) => release = resolve);
  async function* slowSource() {
    yield 1;
    yield 2;
    await stuck; // a listing retrying its next page
    yield 3;
  }
  const seen: number[] = [];
  const consumer = (async () => {
    for await (const v of pooledMap(4, slowSource(), async (i) => (await sleep(1), i))) seen.push(v);
  })();
  await sleep(50);
  assert.deepEqual(seen.sort(), [1, 2], "both finished items are out before the source moves on");
  release();
  await consumer;
  assert.deepEqual(seen.sort(), [1, 2, 3]);
});

Deno.test("pooledMap() yields what is in flight when the source fails, then throws the source's error", async () => {
  async function* failing() {
    yield 10;
    yield 20;
    throw new Error("listing broke off");
  }
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const v of pooledMap(4, failing(), async (ms) => (await sleep(ms), ms))) seen.push(v);
  }, /listing broke off/);
  assert.deepEqual(seen.sort(), [10, 20]);
});

Deno.test("pooledMap() takes more items in flight as soon as its limit grows", async () => {
  const listeners = new Set<() => void>();
  const limit = {
    current: 2,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  let inFlight = 0;
  let peak = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const consumer = (async () => {
    const out: number[] = [];
    for await (
      const v of pooledMap(limit, [...Array(10).keys()], async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await gate;
        inFlight--;
        return i;
      })
    ) out.push(v);
    return out;
  })();
  await sleep(10);
  assert.equal(inFlight, 2);
  limit.current = 6;
  for (const listener of listeners) listener();
  await sleep(10);
  assert.equal(inFlight, 6, "four more started without waiting for a result");
  release();
  assert.equal((await consumer).length, 10);
  assert.equal(peak, 6);
  assert.equal(listeners.size, 0, "it unsubscribes when done");
});

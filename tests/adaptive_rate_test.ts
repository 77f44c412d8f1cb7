/**
 * The adaptive rate under each way a service may throttle, in virtual time: 200 accounts of 170 calls,
 * 64 at once, as `tests/support/throttle_sim.ts` drives them through their paces against the
 * simulator's own limiters. Counts, not timings: every run is the same.
 */
import assert from "node:assert/strict";
import { ServiceRate } from "../lib/aws/adaptive_rate.ts";
import { Pace } from "../lib/aws/pace.ts";
import { type ServerModel, simulateThrottling, type ThrottleResult } from "./support/throttle_sim.ts";
import { virtualTimer } from "./support/virtual_time.ts";

const run = (model: ServerModel, latencyMs = 50) =>
  simulateThrottling({
    model,
    ceiling: 20,
    accounts: 200,
    callsPerAccount: 170,
    parallel: 24,
    accountsAtOnce: 64,
    latencyMs,
  });

const share = (r: ThrottleResult) => r.throttled / r.attempts;

/** The SDK gives a call 8 attempts: a call that needed fewer never surfaces its throttles as a failure. */
const SDK_MAX_ATTEMPTS = 8;

Deno.test("at the configured rate, a service that allows it per action or per account throttles nothing", async () => {
  for (
    const model of [{ kind: "perAction", rate: 20, actions: 4 }, { kind: "perAccount", rate: 20 }] as const
  ) {
    const r = await run(model);
    assert.equal(r.throttled, 0, model.kind);
    assert.equal(r.finalRate, 20);
    assert.equal(r.cuts, 0);
  }
});

Deno.test("a limit lower than configured is learned once for the run: under 1% throttled, the rate at the limit", async () => {
  for (const limit of [10, 5]) {
    for (const latencyMs of [5, 50, 150]) {
      const r = await run({ kind: "perAccount", rate: limit }, latencyMs);
      const label = `limit ${limit}/s, ${latencyMs} ms`;
      assert.ok(share(r) < 0.01, `${label}: ${r.throttled} of ${r.attempts} throttled`);
      assert.ok(r.finalRate <= limit && r.finalRate >= 0.7 * limit, `${label}: rate ${r.finalRate}`);
      assert.ok(r.maxAttempts < SDK_MAX_ATTEMPTS, `${label}: ${r.maxAttempts} attempts`);
      // Only the first wave of accounts (64) and the few that probe see a throttle: the others start
      // at what those learned.
      const throttledAccounts = r.throttledByAccount.filter((n) => n > 0).length;
      assert.ok(throttledAccounts < 80, `${label}: ${throttledAccounts} accounts throttled`);
    }
  }
});

Deno.test("a small organization whose accounts all start together: one scout finds a limit far below the configured rate before the others meet it", async () => {
  for (const limit of [15, 10, 5, 3, 1]) {
    for (const latencyMs of [5, 50, 150]) {
      const r = await simulateThrottling({
        model: { kind: "perAccount", rate: limit },
        ceiling: 20,
        accounts: 40,
        callsPerAccount: 130,
        parallel: 8,
        accountsAtOnce: 32,
        latencyMs,
      });
      const label = `limit ${limit}/s, ${latencyMs} ms`;
      assert.ok(share(r) < 0.01, `${label}: ${r.throttled} of ${r.attempts} throttled`);
      assert.equal(r.cuts, 1, `${label}: learned at once`);
      // Without the scout, every account of the first wave (32) took two or three throttles.
      const throttledAccounts = r.throttledByAccount.filter((n) => n > 0).length;
      assert.ok(throttledAccounts <= 16, `${label}: ${throttledAccounts} accounts throttled`);
    }
  }
});

Deno.test("the scouted start: the run goes to the configured rate once the scout had it accepted", async () => {
  const timer = virtualTimer();
  const service = new ServiceRate(20, { timer });
  assert.equal(service.rate, 15, "three quarters to begin with");
  assert.ok(service.scouting);
  const scout = new Pace(service.account(), { timer });
  const other = new Pace(service.account(), { timer });
  const rates: number[] = [];
  await timer.run((async () => {
    // Both have more to send than the start allows; the first to wait becomes the scout.
    const send = async (pace: Pace, n: number) => {
      for (let i = 0; i < n; i++) {
        const done = await pace.take();
        timer.sleep(10).then(() => done("accepted"));
      }
    };
    await Promise.all([send(scout, 40), send(other, 30)]);
    rates.push(scout.rate, other.rate);
  })());
  assert.equal(service.rate, 20);
  assert.equal(service.scouting, false);
  assert.equal(service.cuts, 0);
  assert.deepEqual(rates, [20, 20]);
  // Rates under 4 per second are not scouted.
  assert.equal(new ServiceRate(2, { timer }).rate, 2);
  assert.equal(new ServiceRate(2, { timer }).scouting, false);
});

Deno.test("per-action limits lower than configured: the account's total comes down until no action exceeds its own", async () => {
  const r = await run({ kind: "perAction", rate: 4, actions: 4 });
  assert.ok(share(r) < 0.01, `${r.throttled} of ${r.attempts} throttled`);
  assert.ok(r.finalRate <= 16, `rate ${r.finalRate}`);
  assert.ok(r.maxAttempts < SDK_MAX_ATTEMPTS);
});

Deno.test("a bursty service with brownouts: the rate drops in each brownout and comes back after", async () => {
  const r = await run({
    kind: "bursty",
    rate: 20,
    burst: 100,
    brownout: { everyMs: 20_000, forMs: 8_000, factor: 0.3 },
  });
  assert.ok(share(r) < 0.01, `${r.throttled} of ${r.attempts} throttled`);
  assert.ok(r.cuts >= 2, `cut in brownouts (${r.cuts})`);
  assert.ok(r.maxAttempts < SDK_MAX_ATTEMPTS);
  // A whole run at the brownout's 6 per second would take 170 calls / 6 per second per account.
  assert.ok(r.seconds < (200 / 64) * (170 / 6), `recovered between brownouts (${r.seconds.toFixed(0)} s)`);
});

Deno.test("brownouts while the machine bounds the run: every account in flight at once, under 1% throttled", async () => {
  // As (b) in the benchmark: 200 accounts of 316 calls all in flight, the run held to 2,200 requests per
  // second by its CPU, so that it lasts long enough for brownouts to meet accounts at their full rate.
  const r = await simulateThrottling({
    model: { kind: "bursty", rate: 20, burst: 100, brownout: { everyMs: 20_000, forMs: 8_000, factor: 0.3 } },
    ceiling: 20,
    accounts: 200,
    callsPerAccount: 316,
    parallel: 24,
    accountsAtOnce: 200,
    latencyMs: 50,
    runRate: 2_200,
  });
  assert.ok(r.seconds > 28, `the machine bounds the run (${r.seconds.toFixed(0)} s)`);
  assert.ok(r.cuts >= 1, `cut in a brownout (${r.cuts})`);
  assert.ok(share(r) < 0.01, `${r.throttled} of ${r.attempts} throttled`);
  assert.ok(r.maxAttempts < SDK_MAX_ATTEMPTS);
});

Deno.test("one account whose budget another caller spends slows down alone", async () => {
  const r = await run({ kind: "perAccount", rate: 20, busyAccount: { id: 3, rate: 4 } });
  assert.equal(r.finalRate, 20, "the run's rate");
  assert.ok(r.throttledByAccount[3] > 0);
  assert.equal(r.throttledByAccount.reduce((a, b) => a + b) - r.throttledByAccount[3], 0, "no other account");
  assert.ok(r.throttledByAccount[3] < 170 * 0.15, `${r.throttledByAccount[3]} throttled in the busy account`);
});

Deno.test("ServiceRate never goes above the configured rate nor below its floor", async () => {
  const timer = virtualTimer();
  const service = new ServiceRate(2, { timer });
  const pace = new Pace(service.account(), { timer });
  await timer.run((async () => {
    // Every request throttled: the account's rate falls to the floor and stays there.
    for (let i = 0; i < 100; i++) (await pace.take())("throttled");
  })());
  assert.equal(service.floor, 0.1);
  assert.equal(pace.rate, service.floor);
  assert.ok(service.rate < 2, "the run's rate was cut once");
});

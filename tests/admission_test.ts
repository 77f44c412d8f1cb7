import assert from "node:assert/strict";
import { AccountAdmission, lastAccountsFirst } from "../lib/audit/admission.ts";
import type { Usage } from "../lib/util/semaphore.ts";

/** Slots whose next usage reports are given in advance. */
function slots(...reports: Usage[]) {
  return { usage: () => reports.shift() ?? { utilization: 1, contended: true } };
}

/** An admission with `n` accounts at work (started, sessions open). */
function working(admission: AccountAdmission, n: number) {
  for (let i = 0; i < n; i++) {
    admission.started();
    admission.opened();
  }
}

Deno.test("AccountAdmission grows while the request slots are idle and every admitted account is at work", () => {
  const admission = new AccountAdmission({
    initial: 4,
    max: 100,
    slots: slots({ utilization: 0.2, contended: false }, { utilization: 0.6, contended: false }),
  });
  let told = 0;
  admission.subscribe(() => told++);
  working(admission, 4);
  admission.review();
  assert.equal(admission.current, 6, "by half at most");
  working(admission, 2);
  admission.review();
  assert.equal(admission.current, 8, "in proportion to how idle the slots were");
  assert.equal(told, 2);
  assert.equal(admission.peak, 6);
});

Deno.test("AccountAdmission does not grow when the slots are busy, contended, or not every account is at work", () => {
  const idle = { utilization: 0.1, contended: false };
  const admission = new AccountAdmission({
    initial: 4,
    max: 100,
    slots: slots({ utilization: 0.85, contended: false }, { utilization: 0.3, contended: true }, idle, idle),
  });
  working(admission, 4);
  admission.review();
  admission.review();
  assert.equal(admission.current, 4, "busy, then contended");
  admission.ended();
  admission.review();
  assert.equal(admission.current, 4, "an account slot unused: the organization has no more for now");
  admission.started();
  admission.started();
  admission.review();
  assert.equal(admission.current, 4, "accounts still assuming their roles show no demand yet");
});

Deno.test("AccountAdmission never exceeds its maximum, nor grows without slots to watch", () => {
  const idle = () => ({ utilization: 0, contended: false });
  const admission = new AccountAdmission({ initial: 2, max: 5, slots: { usage: idle } });
  for (let i = 0; i < 10; i++) {
    working(admission, admission.current - admission.peak);
    admission.review();
  }
  assert.equal(admission.current, 5);
  const fixed = new AccountAdmission({ initial: 3, max: 50 });
  working(fixed, 3);
  fixed.review();
  assert.equal(fixed.current, 3);
});

Deno.test("AccountAdmission does not grow while the heap holds more than its budget", () => {
  let heap = 200;
  const admission = new AccountAdmission({
    initial: 4,
    max: 100,
    slots: { usage: () => ({ utilization: 0.1, contended: false }) },
    heapBudget: 100,
    heapUsed: () => heap,
  });
  working(admission, 4);
  admission.review();
  assert.equal(admission.current, 4);
  heap = 50;
  admission.review();
  assert.equal(admission.current, 6);
});

Deno.test("AccountAdmission goes by the heap a collection left, not by the garbage between collections", () => {
  const samples = [50, 150, 300, 120, 80];
  const admission = new AccountAdmission({
    initial: 4,
    max: 100,
    slots: { usage: () => ({ utilization: 0.1, contended: false }) },
    heapBudget: 100,
    heapUsed: () => samples.shift()!,
  });
  const grows = () => {
    working(admission, admission.current - admission.peak);
    const before = admission.current;
    admission.review();
    return admission.current > before;
  };
  assert.ok(grows(), "50: under the budget");
  assert.ok(grows(), "150: garbage since the last collection, which left 50");
  assert.ok(grows(), "300: still garbage");
  assert.ok(!grows(), "120: a collection left more than the budget");
  assert.ok(grows(), "80: the next one left less");
});

Deno.test("AccountAdmission admits the organization's last accounts at once when they are fewer than half those in flight", () => {
  let left: number | undefined = undefined;
  const busy = () => ({ utilization: 1, contended: true });
  const admission = new AccountAdmission({ initial: 8, max: 11, slots: { usage: busy }, left: () => left });
  let told = 0;
  admission.subscribe(() => told++);
  working(admission, 8);
  admission.review();
  assert.equal(admission.current, 8, "the listing goes on: busy slots keep the number");
  left = 5;
  admission.review();
  assert.equal(admission.current, 8, "five left of eight in flight: more than half, they wait");
  left = 4;
  admission.review();
  assert.equal(admission.current, 11, "four left: all admitted but one, the maximum");
  assert.equal(told, 1);
  const roomy = new AccountAdmission({ initial: 8, max: 100, slots: { usage: busy }, left: () => 3 });
  working(roomy, 6);
  roomy.review();
  assert.equal(roomy.current, 9, "six at work and three left: nine");
  const idle = new AccountAdmission({ initial: 8, max: 100, slots: { usage: busy }, left: () => 2 });
  working(idle, 5);
  idle.review();
  assert.equal(idle.current, 8, "room for the last ones already");
});

Deno.test("AccountAdmission of one of several threads takes its share of the last accounts, busy slots or not", () => {
  const busy = () => ({ utilization: 1, contended: true });
  // Two threads: 40 accounts left; this one runs 30 of at most 64.
  let left = 40;
  const admission = new AccountAdmission({
    initial: 30,
    max: 64,
    slots: { usage: busy },
    left: () => left,
    threads: 2,
    heapUsed: () => 0,
  });
  working(admission, 30);
  admission.review();
  assert.equal(admission.current, 50, "30 at work and half of 40 left");
  // The other thread took its half meanwhile: 4 left, this one's half of them, when they fit.
  working(admission, 20);
  left = 4;
  admission.review();
  assert.equal(admission.current, 52);
  const full = new AccountAdmission({
    initial: 60,
    max: 64,
    slots: { usage: busy },
    left: () => 40,
    threads: 2,
  });
  working(full, 60);
  full.review();
  assert.equal(full.current, 60, "its share does not fit within its maximum: the usual rules apply");
});

Deno.test("AccountAdmission says when the run's last accounts are in flight: the listing ended and none is left to start", () => {
  let left: number | undefined = undefined;
  const admission = new AccountAdmission({ initial: 4, max: 8, left: () => left });
  assert.equal(admission.lastAccounts, false, "the listing goes on");
  left = 3;
  assert.equal(admission.lastAccounts, false, "three not started yet");
  left = 0;
  assert.equal(admission.lastAccounts, true);
});

Deno.test("lastAccountsFirst: arrival order until the last accounts are in flight, then the most users left first", () => {
  const admission = { lastAccounts: false };
  const progress = { left: 12 };
  const rank = lastAccountsFirst(progress, admission);
  assert.equal(rank(), 0, "the listing goes on: arrival order");
  admission.lastAccounts = true;
  assert.equal(rank(), -12);
  progress.left = 3;
  assert.equal(rank(), -3, "asked anew at each request");
  assert.equal(lastAccountsFirst(progress)(), 0, "without an admission, arrival order");
});

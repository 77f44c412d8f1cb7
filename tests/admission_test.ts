import assert from "node:assert/strict";
import { AccountAdmission } from "../lib/audit/admission.ts";
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

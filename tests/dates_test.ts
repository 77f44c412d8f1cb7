import assert from "node:assert/strict";
import { daysBetween, fileTimestamp, isoUtc, parseDateFlag } from "../lib/util/dates.ts";

Deno.test("parseDateFlag() reads YYYY-MM-DD as midnight UTC", () => {
  assert.equal(parseDateFlag("2026-02-18")?.toISOString(), "2026-02-18T00:00:00.000Z");
});

Deno.test("parseDateFlag() reads ISO 8601 with a zone", () => {
  assert.equal(parseDateFlag("2026-02-18T10:30:00Z")?.toISOString(), "2026-02-18T10:30:00.000Z");
  assert.equal(parseDateFlag("2026-02-18T10:30:00.5-03:00")?.toISOString(), "2026-02-18T13:30:00.500Z");
  assert.equal(parseDateFlag("2026-02-18T10:30+0100")?.toISOString(), "2026-02-18T09:30:00.000Z");
});

Deno.test("parseDateFlag() rejects days that do not exist and other text", () => {
  for (const text of ["2026-02-29", "2026-13-01", "18/02/2026", "2026-02-18T10:00:00", "now", ""]) {
    assert.equal(parseDateFlag(text), undefined, text);
  }
});

Deno.test("isoUtc() drops milliseconds and gives empty for absent dates", () => {
  assert.equal(isoUtc(new Date("2026-03-05T14:30:22.123Z")), "2026-03-05T14:30:22Z");
  assert.equal(isoUtc(undefined), "");
  assert.equal(isoUtc(new Date("invalid")), "");
});

Deno.test("fileTimestamp() is YYYYMMDD_HHMMSS in UTC", () => {
  assert.equal(fileTimestamp(new Date("2026-03-05T14:30:22Z")), "20260305_143022");
  assert.equal(fileTimestamp(new Date("2026-01-02T03:04:05Z")), "20260102_030405");
});

Deno.test("daysBetween() counts whole days, never negative", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  assert.equal(daysBetween(new Date("2026-11-24T12:00:00Z"), now), 1);
  assert.equal(daysBetween(new Date("2026-11-24T12:00:01Z"), now), 0);
  assert.equal(daysBetween(new Date("2026-11-26T12:00:00Z"), now), 0);
});

Deno.test("parseDateFlag() rejects ISO dates and times that do not exist instead of rolling them over", () => {
  assert.equal(parseDateFlag("2026-11-31T00:00:00Z"), undefined);
  assert.equal(parseDateFlag("2026-02-29T10:00:00Z"), undefined);
  assert.equal(parseDateFlag("2026-11-30T24:00:00Z"), undefined);
  assert.equal(parseDateFlag("2026-11-30T10:60:00Z"), undefined);
  assert.equal(parseDateFlag("2026-11-30T10:00:00+25:00"), undefined);
  assert.equal(parseDateFlag("2028-02-29T10:00:00Z")?.toISOString(), "2028-02-29T10:00:00.000Z");
  assert.equal(parseDateFlag("2026-11-30T23:59:59.5+01:00")?.toISOString(), "2026-11-30T22:59:59.500Z");
});

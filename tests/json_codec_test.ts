import assert from "node:assert/strict";
import { decode, encode } from "../lib/util/json_codec.ts";

Deno.test("encode() and decode() bring a record back with its dates, whatever its fields", () => {
  const record = {
    userName: "alice",
    createDate: new Date("2024-03-04T20:53:01Z"),
    keys: [{ accessKeyId: "AKIA1", createDate: new Date(0), lastUsedDate: undefined }],
    mfa: { kind: "Virtual", count: 1 },
    errors: [],
    note: "2024-03-04T20:53:01Z",
  };
  const line = encode(record);
  assert.ok(!line.includes("\n"));
  const back = decode<typeof record>(line);
  assert.ok(back.createDate instanceof Date);
  assert.equal(back.createDate.getTime(), record.createDate.getTime());
  assert.equal(back.keys[0].createDate.getTime(), 0);
  assert.equal(typeof back.note, "string", "a string that looks like a date stays a string");
  assert.ok(!("lastUsedDate" in back.keys[0]), "undefined is dropped, as JSON drops it");
  assert.deepEqual({ ...back, createDate: 0, keys: 0 }, { ...record, createDate: 0, keys: 0 });
});

Deno.test("an invalid date comes back invalid, and an object with more than $date stays an object", () => {
  const back = decode<{ bad: Date; odd: Record<string, unknown> }>(
    encode({ bad: new Date(NaN), odd: { $date: 1, other: 2 } }),
  );
  assert.ok(back.bad instanceof Date && Number.isNaN(back.bad.getTime()));
  assert.deepEqual(back.odd, { $date: 1, other: 2 });
});

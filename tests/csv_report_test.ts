import assert from "node:assert/strict";
import { join } from "node:path";
import { en } from "../lib/i18n/en.ts";
import { CsvReport, encodeCsv } from "../lib/report/csv.ts";
import type { ReportShape } from "../lib/report/columns.ts";

const AB: ReportShape<{ a?: number; b?: string }> = {
  columns: [{ name: "a", value: (r) => r.a }, { name: "b", value: (r) => r.b }],
};

Deno.test("encodeCsv() writes RFC 4180: CRLF, quotes doubled where needed", () => {
  assert.equal(encodeCsv([["a", 'b "c"', "d,e", "f\ng", 1]]), 'a,"b ""c""","d,e","f\ng",1\r\n');
});

Deno.test("encodeCsv() neutralizes cells a spreadsheet would run as a formula", () => {
  const line = encodeCsv([["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b"]]);
  assert.equal(line, `'=cmd|' /C calc'!A0,'+1,'-2,'@SUM(A1),'\tx,"'\rx",a=b\r\n`);
});

Deno.test("CsvReport creates the file with mode 0600, a header, and refuses to overwrite", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "r.csv");
  const report = await CsvReport.create(path, AB, en);
  await report.write([{ a: 1, b: "x" }, { a: 2 }]);
  report.close();
  assert.equal(await Deno.readTextFile(path), "a,b\r\n1,x\r\n2,\r\n");
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.equal(report.rows, 2);
  await assert.rejects(() => CsvReport.create(path, AB, en), Deno.errors.AlreadyExists);
});

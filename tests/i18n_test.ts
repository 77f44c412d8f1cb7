/**
 * The language modules: both say everything, nothing is empty, and the original tool's Spanish
 * messages are kept word for word.
 */
import assert from "node:assert/strict";
import { en } from "../lib/i18n/en.ts";
import { es } from "../lib/i18n/es.ts";
import { langOf, wordsFor } from "../lib/i18n/lang.ts";
import { FLAGS } from "../lib/cli/flags.ts";
import { FINDING_CODES } from "../lib/model/findings.ts";

/** Every key path of a words object, functions and strings alike. */
function keys(o: object, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]
  ).sort();
}

/** Every value of a words object, functions called with sample arguments. */
function texts(o: object): string[] {
  return Object.values(o).flatMap((v): string[] => {
    if (typeof v === "string") return [v];
    if (typeof v === "function") {
      // One sample fits every parameter: a text, a list, a credential source, a file problem.
      const sample = Object.assign(["x"], {
        profile: "x",
        alreadyExists: true,
        toString: () => "x",
        replace: () => "x",
      });
      return [String(v(...Array.from({ length: v.length }, () => sample)))];
    }
    return v !== null && typeof v === "object" ? texts(v) : [];
  });
}

Deno.test("both languages have every key", () => {
  assert.deepEqual(keys(es), keys(en));
});

Deno.test("no word is empty (the help groups' blank heading aside)", () => {
  for (const words of [es, en]) {
    for (const text of texts({ ...words, help: { ...words.help, groups: {} } })) {
      assert.notEqual(text.trim(), "", words.lang);
    }
  }
});

Deno.test("every flag has a help line and every finding a description, in both languages", () => {
  for (const words of [es, en]) {
    for (const key of Object.keys(FLAGS)) assert.ok(words.help.flags[key as keyof typeof FLAGS], key);
    for (const code of FINDING_CODES) assert.ok(words.findings[code], code);
  }
});

Deno.test("the original tool's console messages are kept word for word in Spanish", () => {
  assert.equal(
    es.console.auditingAccount("Production", "123456789012"),
    "Auditando cuenta: Production (123456789012)",
  );
  assert.equal(
    es.console.queryingCloudTrail("Staging", "234567890123"),
    "  Consultando CloudTrail en cuenta: Staging (234567890123)",
  );
  assert.equal(es.console.totalKeys(47), "Total de Access Keys encontradas: 47");
  assert.equal(es.console.reportExported("r.csv"), "Reporte exportado: r.csv");
  assert.equal(es.console.totalEvents(12), "Total de eventos CloudTrail encontrados: 12");
  assert.equal(es.console.eventsReportExported("e.csv"), "Reporte de eventos CloudTrail exportado: e.csv");
  assert.equal(es.terms.passwordNotConfigured, "No configurada");
});

Deno.test("langOf() reads --lang before the flags are parsed, Spanish otherwise", () => {
  assert.equal(langOf(["--role", "A", "--lang", "en"]), "en");
  assert.equal(langOf(["--lang=en", "--bogus"]), "en");
  assert.equal(langOf(["--lang", "fr"]), "es");
  assert.equal(langOf([]), "es");
  assert.equal(wordsFor("en"), en);
});

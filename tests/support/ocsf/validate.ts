/**
 * The pinned OCSF 1.6.0 Detection Finding schema (`detection_finding_1.6.0.schema.json`, beside this
 * file) as a validator, for the unit tests of the mapping and the end-to-end tests of the file.
 *
 * @module
 */
import assert from "node:assert/strict";
import Ajv2020 from "ajv/dist/2020.js";

const schema = JSON.parse(
  await Deno.readTextFile(new URL("./detection_finding_1.6.0.schema.json", import.meta.url)),
);

/**
 * Validates one record. Strict, except for `required` inside `anyOf`: that is how the schema says "at
 * least one of" (OCSF's constraint), and ajv's strictRequired wants each such name defined in the same
 * subschema.
 */
export const validate = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false }).compile(
  schema,
);

/**
 * Asserts that a record, as it is written (undefined fields dropped), validates; ajv's errors on failure.
 *
 * @param record an OCSF record, as an object or a parsed line
 */
export function assertValid(record: unknown): void {
  const written = JSON.parse(JSON.stringify(record));
  const ok = validate(written);
  assert.ok(ok, `${JSON.stringify(validate.errors, null, 2)}\nin ${JSON.stringify(written, null, 2)}`);
}

import assert from "node:assert/strict";
import { parseOptions } from "../lib/cli/flags.ts";
import { STS_RPS } from "../lib/aws/clients.ts";
import { auditSettings, clientSettings, threadCount } from "../lib/cli/settings.ts";
import { UsageError } from "../lib/errors/audit_error.ts";
import { es } from "../lib/i18n/es.ts";

const NOW = new Date("2026-11-25T12:00:00Z");

Deno.test("parseOptions() applies the documented defaults", () => {
  const o = parseOptions(["--role", "Audit"], NOW);
  assert.equal(o.role, "Audit");
  assert.equal(o.profile, undefined);
  assert.equal(o.outputDir, ".");
  assert.equal(o.region, "us-east-1");
  assert.equal(o.lang, "es");
  assert.equal(o.concurrency, 256);
  assert.equal(o.userConcurrency, 8);
  assert.equal(o.iamRps, 20);
  assert.equal(o.until.toISOString(), NOW.toISOString());
  assert.equal(o.since.toISOString(), "2026-08-27T12:00:00.000Z");
  assert.equal(o.sinceBeforeHistory, undefined);
});

Deno.test("parseOptions() reads every flag", () => {
  const o = parseOptions([
    "--profile=mgmt",
    "--role",
    "AWSControlTowerExecution",
    "--output-dir",
    "out",
    "--region",
    "eu-west-1",
    "--since",
    "2026-10-01",
    "--until",
    "2026-11-01T10:00:00+01:00",
    "--lang",
    "en",
    "--concurrency",
    "32",
  ], NOW);
  assert.equal(o.profile, "mgmt");
  assert.equal(o.role, "AWSControlTowerExecution");
  assert.equal(o.outputDir, "out");
  assert.equal(o.region, "eu-west-1");
  assert.equal(o.since.toISOString(), "2026-10-01T00:00:00.000Z");
  assert.equal(o.until.toISOString(), "2026-11-01T09:00:00.000Z");
  assert.equal(o.lang, "en");
  assert.equal(o.concurrency, 32);
});

Deno.test("parseOptions() warns when --since is older than CloudTrail's 90-day history", () => {
  const o = parseOptions(["--role", "A", "--since", "2026-02-18"], NOW);
  assert.equal(o.sinceBeforeHistory?.toISOString(), "2026-02-18T00:00:00.000Z");
});

Deno.test("parseOptions() allows --help and --version without --role", () => {
  assert.equal(parseOptions(["--help"], NOW).help, true);
  assert.equal(parseOptions(["-V"], NOW).version, true);
});

for (
  const [args, message] of [
    [[], /--role is required/],
    [["--role", "A", "--bogus"], /unknown flag --bogus/],
    [["--role"], /--role needs a value/],
    [["--role", "--profile", "x"], /--role needs a value; see --help/],
    [["--role", "A", "--since", "2026-11-31T00:00:00Z"], /--since "2026-11-31T00:00:00Z" is not a date/],
    [["--role", "A", "extra"], /unexpected argument "extra"/],
    [["--role", "bad role"], /not a valid IAM role name/],
    [["--role", "A", "--lang", "fr"], /--lang "fr" must be es or en/],
    [["--role", "A", "--region", "mars"], /not an AWS region/],
    [["--role", "A", "--since", "yesterday"], /--since "yesterday" is not a date/],
    [["--role", "A", "--since", "2026-02-30"], /--since "2026-02-30" is not a date/],
    [["--role", "A", "--since", "2026-11-01", "--until", "2026-10-01"], /is after --until/],
    [["--role", "A", "--since", "2027-01-01"], /is in the future/],
    [["--role", "A", "--concurrency", "0"], /--concurrency "0" must be a whole number from 1 to 256/],
    [["--role", "A", "--concurrency", "2.5"], /must be a whole number/],
    [["--role", "A", "--cloudtrail-rps", "3"], /--cloudtrail-rps "3" must be a number from 0.1 to 2/],
    [["--role", "A", "--profile", ""], /not a valid profile name/],
    [["--role", "A", "--output-dir", ""], /--output-dir must not be empty/],
  ] as const
) {
  Deno.test(`parseOptions() rejects ${JSON.stringify(args)} with a usage error`, () => {
    assert.throws(() => parseOptions([...args], NOW), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, message);
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    });
  });
}

Deno.test("usage errors are written in the language asked for: Spanish by default", () => {
  assert.throws(() => parseOptions(["--role", "A", "--concurrency", "0"], NOW), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.describe(es), '--concurrency "0" debe ser un número entero de 1 a 256');
    return true;
  });
});

Deno.test("parseOptions() reads the list flags: ids from a file, duplicates dropped, defaults", () => {
  const o = parseOptions(
    [
      "--role",
      "A",
      "--accounts",
      "@ids.txt",
      "--exclude-accounts",
      "333333333333",
      "--ou",
      "ou-ab12-cdef3456",
    ],
    NOW,
    () => "111111111111 # mgmt\n222222222222,111111111111\n",
  );
  assert.deepEqual(o.accounts, ["111111111111", "222222222222"]);
  assert.deepEqual(o.excludeAccounts, ["333333333333"]);
  assert.deepEqual(o.ous, ["ou-ab12-cdef3456"]);
  assert.equal(o.events.length, 5);
  const d = parseOptions(["--role", "A"], NOW);
  assert.equal(d.accounts, undefined);
  assert.deepEqual(d.excludeAccounts, []);
  assert.deepEqual(d.ous, []);
  assert.equal(d.cloudTrail, true);
  assert.equal(d.html, true);
  assert.equal(d.verbosity, "normal");
});

Deno.test("threadCount() gives each thread 16 requests in flight and one account at least", () => {
  const threads = (...args: string[]) => threadCount(parseOptions(["--role", "Audit", ...args], NOW));
  assert.equal(threads("--threads", "4"), 4);
  assert.equal(threads("--threads", "4", "--concurrency", "40"), 2);
  assert.equal(threads("--threads", "4", "--concurrency", "1"), 1);
  assert.equal(threads("--threads", "4", "--accounts-in-flight", "3"), 3);
  assert.equal(threads("--threads", "1"), 1);
  const o = parseOptions(["--role", "Audit", "--threads", "2", "--concurrency", "100"], NOW);
  assert.equal(clientSettings(o).maxInFlight, 50, "each thread's share of the requests in flight");
  assert.equal(clientSettings(o).stsRps, STS_RPS / 2, "and of the run's AssumeRole rate");
  assert.deepEqual(auditSettings(o).accountsInFlight, {
    initial: 25,
    max: 128,
    heapBudget: 96 * 1024 * 1024,
  });
  assert.equal(
    parseOptions(["--role", "A"], NOW).threads,
    Math.max(1, Math.min(4, Math.floor(navigator.hardwareConcurrency / 2))),
    "by default one per two cores, at most 4",
  );
  assert.throws(() => parseOptions(["--role", "A", "--threads", "0"], NOW));
});

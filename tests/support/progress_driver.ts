/**
 * Drives {@link Progress} on this process's real stdout and stderr the way a run does — a few
 * accounts, one after another, with short pauses, the organization's size known only after the
 * second — for the terminal tests. Prints the seed's messages, a warning, the final status, a
 * summary line and the report names.
 *
 * ```
 * deno run tests/support/progress_driver.ts [--accounts 6] [--delay 150] [--mode normal|quiet|verbose] [--lang es|en]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { consoleOptions, type OutputMode, Progress } from "../../lib/console/progress.ts";
import { wordsFor } from "../../lib/i18n/lang.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    accounts: { type: "string", default: "6" },
    delay: { type: "string", default: "150" },
    mode: { type: "string", default: "normal" },
    lang: { type: "string", default: "es" },
  },
});
const accounts = Number(values.accounts);
const delay = Number(values.delay);
const lang = values.lang === "en" ? "en" : "es";

const progress = new Progress({
  ...consoleOptions(values.mode as OutputMode),
  labels: wordsFor(lang).status,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

progress.start();
for (let i = 1; i <= accounts; i++) {
  const id = String(100000000000 + i);
  progress.message(`${lang === "es" ? "Auditando cuenta" : "Auditing account"}: account-${i} (${id})`);
  progress.accountStarted();
  await sleep(delay / 2);
  progress.apiCall({ service: "iam", action: "ListUsers", accountId: id, attempt: 1, ms: delay / 2 });
  if (i === 3) progress.warn("Aviso: una advertencia a mitad de camino");
  await sleep(delay / 2);
  progress.accountFinished({ users: 10 * i, keys: 2 * i, events: i, throttled: i % 2 });
  if (i === 2) progress.accountsListed(accounts);
}
progress.finish();
progress.summary("");
progress.summary(`Total de Access Keys encontradas: ${accounts * (accounts + 1)}`);
progress.result("Reporte exportado: ./iam_audit_report_20261125_120000.csv");
progress.result("Reporte de cuentas exportado: ./accounts_20261125_120000.csv");

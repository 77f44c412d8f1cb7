/**
 * Every word the audit prints or writes into a report, in Spanish (the original tool's language and
 * the default) and English (`--lang en`).
 *
 * @module
 */

/** Languages of the console and of the reports' word values. */
export type Lang = "es" | "en";

/** The words and sentences for one language. */
export interface Messages {
  /** `password_status` when the user has a console password. */
  passwordConfigured: string;
  /** `password_status` when the user has none. */
  passwordNotConfigured: string;
  /** `password_last_used` when the password was never used or there is none. */
  passwordNever: string;
  /** `last_used_date` of a key that was never used. */
  keyNeverUsed: string;
  auditingAccount(name: string, id: string): string;
  queryingCloudTrail(name: string, id: string): string;
  totalKeys(n: number): string;
  noKeysFound: string;
  reportExported(file: string): string;
  totalEvents(n: number): string;
  eventsReportExported(file: string): string;
  accountsReportExported(file: string): string;
  htmlReportExported(file: string): string;
  skippedAccounts(n: number): string;
  failedAccountsHeader(n: number): string;
  failedAccount(name: string, id: string, stage: string, reason: string): string;
  partialUsers(n: number): string;
  sinceOlderThanHistory(since: string): string;
  allAudited(n: number): string;
  accountsNotFound(ids: string): string;
  interrupting: string;
  interrupted(complete: number, cut: number): string;
}

const es: Messages = {
  passwordConfigured: "Configurada",
  passwordNotConfigured: "No configurada",
  passwordNever: "Nunca",
  keyNeverUsed: "Nunca utilizada",
  auditingAccount: (name, id) => `Auditando cuenta: ${name} (${id})`,
  queryingCloudTrail: (name, id) => `  Consultando CloudTrail en cuenta: ${name} (${id})`,
  totalKeys: (n) => `Total de Access Keys encontradas: ${n}`,
  noKeysFound: "No se encontraron Access Keys.",
  reportExported: (file) => `Reporte exportado: ${file}`,
  totalEvents: (n) => `Total de eventos CloudTrail encontrados: ${n}`,
  eventsReportExported: (file) => `Reporte de eventos CloudTrail exportado: ${file}`,
  accountsReportExported: (file) => `Reporte de cuentas exportado: ${file}`,
  htmlReportExported: (file) => `Reporte HTML exportado: ${file}`,
  skippedAccounts: (n) => `Cuentas omitidas por no estar activas: ${n}`,
  failedAccountsHeader: (n) => `Cuentas que no se pudieron auditar: ${n}`,
  failedAccount: (name, id, stage, reason) => `  ${name} (${id}) [${stage}]: ${reason}`,
  partialUsers: (n) => `Usuarios con datos incompletos (ver columna read_errors): ${n}`,
  sinceOlderThanHistory: (since) =>
    `Aviso: --since ${since} es anterior a los 90 días del historial de eventos de CloudTrail; ` +
    `LookupEvents no devuelve eventos más antiguos.`,
  allAudited: (n) => `Cuentas auditadas: ${n}`,
  accountsNotFound: (ids) =>
    `Aviso: cuentas de --accounts que no están en la organización (o fuera de --ou): ${ids}`,
  interrupting: "Interrumpiendo: no se empiezan más cuentas; Ctrl-C otra vez para salir de inmediato.",
  interrupted: (complete, cut) =>
    `Auditoría interrumpida: ${complete} cuenta(s) completas en los reportes, ${cut} cortada(s) a medias ` +
    `(marcadas "interrupted" en el reporte de cuentas); los reportes se guardaron como .partial.`,
};

const en: Messages = {
  passwordConfigured: "Configured",
  passwordNotConfigured: "Not configured",
  passwordNever: "Never",
  keyNeverUsed: "Never used",
  auditingAccount: (name, id) => `Auditing account: ${name} (${id})`,
  queryingCloudTrail: (name, id) => `  Querying CloudTrail in account: ${name} (${id})`,
  totalKeys: (n) => `Total Access Keys found: ${n}`,
  noKeysFound: "No Access Keys found.",
  reportExported: (file) => `Report exported: ${file}`,
  totalEvents: (n) => `Total CloudTrail events found: ${n}`,
  eventsReportExported: (file) => `CloudTrail events report exported: ${file}`,
  accountsReportExported: (file) => `Accounts report exported: ${file}`,
  htmlReportExported: (file) => `HTML report exported: ${file}`,
  skippedAccounts: (n) => `Accounts skipped because they are not active: ${n}`,
  failedAccountsHeader: (n) => `Accounts that could not be audited: ${n}`,
  failedAccount: (name, id, stage, reason) => `  ${name} (${id}) [${stage}]: ${reason}`,
  partialUsers: (n) => `Users with incomplete data (see the read_errors column): ${n}`,
  sinceOlderThanHistory: (since) =>
    `Warning: --since ${since} is older than CloudTrail's 90-day event history; ` +
    `LookupEvents returns no older events.`,
  allAudited: (n) => `Accounts audited: ${n}`,
  accountsNotFound: (ids) => `Warning: --accounts not in the organization (or outside --ou): ${ids}`,
  interrupting: "Interrupting: no more accounts are started; press Ctrl-C again to exit at once.",
  interrupted: (complete, cut) =>
    `Audit interrupted: ${complete} account(s) complete in the reports, ${cut} cut short ` +
    `(marked "interrupted" in the accounts report); the reports were saved as .partial.`,
};

/**
 * The messages of a language.
 *
 * @param lang `es` (default of the command) or `en`
 * @returns the word table for that language
 */
export function messagesFor(lang: Lang): Messages {
  return lang === "en" ? en : es;
}

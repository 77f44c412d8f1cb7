/**
 * What the page's script reads: one JSON block per account, packed when the account finishes, and the
 * page's metadata (labels, column names, the findings catalog, the old-key threshold), written at the
 * end. `client.js` names these types in its JSDoc, so the type checker holds both sides to one contract.
 *
 * Every cell of a block comes from the reports' one renderer, `renderCell(…, "json", words)`: dates are
 * ISO 8601 UTC, findings and direct policies are arrays, an absent value is `null`, a number is a
 * number. What the script needs beyond the cells comes as typed flags (which keys were never used), so
 * the script never splits a cell, tests a date or compares a value with a word of the language.
 *
 * Size: a row does not repeat its account's columns, and a `user_arn` that is exactly what the account
 * and the user name imply is written {@link DEFAULT_ARN} and rebuilt by the script (a seventh of the
 * file at scale).
 *
 * @module
 */
import type { ClientWord, Words } from "../../i18n/words.ts";
import type { AssessedAccount, CredentialRecord, IamRecord } from "../../model/assessment.ts";
import {
  cisOf,
  type CisVersion,
  FINDING_CODES,
  type FindingCode,
  FINDINGS,
  type FindingThresholds,
  type Severity,
  SEVERITY_WEIGHT,
} from "../../model/findings.ts";
import { renderCell, type RenderedCell } from "../cells.ts";
import {
  ACCOUNT_REPORT,
  type Column,
  columnNames,
  CREDENTIAL_REPORT,
  EVENT_REPORT,
  type EventRow,
  IAM_REPORT,
  LIST_SEPARATOR,
} from "../columns.ts";
import { LOCALES } from "./format.ts";

/** A cell in a block, as the JSON renderer gives it. */
export type JsonCell = RenderedCell;

/** One account's data. */
export interface AccountBlock {
  /** The account's row of the accounts report, in {@link ACCOUNT_COLUMNS} order. */
  account: JsonCell[];
  /** Its IAM report rows, in {@link PACKED_IAM_COLUMNS} order. */
  iam: JsonCell[][];
  /** Indexes into `iam` of the access keys known never to have been used. */
  neverUsed: number[];
  /** Its credentials report rows, in {@link PACKED_CREDENTIAL_COLUMNS} order. */
  credentials: JsonCell[][];
  /** Its CloudTrail report rows, in {@link PACKED_EVENT_COLUMNS} order. */
  events: JsonCell[][];
}

/** A finding code as the page explains it. */
export interface FindingFacts {
  /** The recommendation in the CIS version the run cites (`CIS 2.12`), or the label of iam-audit's own. */
  cis: string;
  /** What the code means, in the run's language. */
  text: string;
  severity: Severity;
}

/** The page's metadata: everything the script knows besides the blocks. */
export interface ClientMeta {
  /** Locale of the run's language, for numbers and sorting. */
  locale: string;
  /** The script's words. */
  labels: Record<ClientWord, string>;
  /** Column names of the blocks' rows (`iam`, `events`) and of the reports' (`allIam`, `allEvents`). */
  columns: {
    account: readonly string[];
    iam: readonly string[];
    allIam: readonly string[];
    credentials: readonly string[];
    allCredentials: readonly string[];
    events: readonly string[];
    allEvents: readonly string[];
  };
  /** The value of an elided `user_arn`. */
  defaultArn: typeof DEFAULT_ARN;
  /** How a row's details join a list (as the CSV does). */
  listSeparator: string;
  /** A key older than this many days is old (`--max-key-age`). */
  maxKeyAgeDays: number;
  /** Every finding code. */
  findings: Record<FindingCode, FindingFacts>;
  /** Each severity's weight in a row's risk score. */
  weights: Readonly<Record<Severity, number>>;
}

/** Columns of the accounts report. */
export const ACCOUNT_COLUMNS: readonly string[] = columnNames(ACCOUNT_REPORT);
/** Columns of the IAM report. */
export const IAM_COLUMNS: readonly string[] = columnNames(IAM_REPORT);
/** Columns of the CloudTrail report. */
export const EVENT_COLUMNS: readonly string[] = columnNames(EVENT_REPORT);
/** Columns of the credentials report. */
export const CREDENTIAL_COLUMNS: readonly string[] = columnNames(CREDENTIAL_REPORT);

const isAccountColumn = (name: string) => name === "account_id" || name === "account_name";
const PACKED_IAM = IAM_REPORT.columns.filter((c) => !isAccountColumn(c.name));
const PACKED_EVENTS = EVENT_REPORT.columns.filter((c) => !isAccountColumn(c.name));
const PACKED_CREDENTIALS = CREDENTIAL_REPORT.columns.filter((c) => !isAccountColumn(c.name));

/** Columns of an IAM row in a block: the account's are in the block's `account`. */
export const PACKED_IAM_COLUMNS: readonly string[] = PACKED_IAM.map((c) => c.name);
/** Columns of a CloudTrail row in a block. */
export const PACKED_EVENT_COLUMNS: readonly string[] = PACKED_EVENTS.map((c) => c.name);
/** Columns of a credentials row in a block. */
export const PACKED_CREDENTIAL_COLUMNS: readonly string[] = PACKED_CREDENTIALS.map((c) => c.name);

/** The `user_arn` of a row whose ARN is exactly what its account and user name imply. */
export const DEFAULT_ARN = 0;

/**
 * The ARN a user of an account has when it has no path.
 *
 * @param accountId the account
 * @param userName the user
 * @returns `arn:aws:iam::ACCOUNT:user/NAME`
 */
export function defaultArn(accountId: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}`;
}

function cells<R>(columns: readonly Column<R>[], record: R, words: Words): JsonCell[] {
  return columns.map((c) => renderCell(c.value(record, words), "json", words));
}

const ARN_CELL = PACKED_IAM_COLUMNS.indexOf("user_arn");

function iamCells(record: IamRecord, words: Words): JsonCell[] {
  const row = cells(PACKED_IAM, record, words);
  if (record.user.arn === defaultArn(record.account.id, record.user.userName)) row[ARN_CELL] = DEFAULT_ARN;
  return row;
}

/**
 * One account's data block.
 *
 * @param assessed the account, assessed (a skipped or interrupted account has only its account row)
 * @param words the run's language, for the cells' words
 * @returns the block
 */
export function packAccount(assessed: AssessedAccount, words: Words): AccountBlock {
  const neverUsed: number[] = [];
  assessed.iam.forEach((record, i) => {
    if (record.keyNeverUsed) neverUsed.push(i);
  });
  return {
    account: cells(ACCOUNT_REPORT.columns, assessed, words),
    iam: assessed.iam.map((record) => iamCells(record, words)),
    neverUsed,
    credentials: assessed.credentials.map((record) =>
      cells<CredentialRecord>(PACKED_CREDENTIALS, record, words)
    ),
    events: assessed.events.map((event) =>
      cells<EventRow>(PACKED_EVENTS, { account: assessed.account, event }, words)
    ),
  };
}

/**
 * The page's metadata.
 *
 * @param words the run's language
 * @param thresholds the run's finding thresholds
 * @param cis the CIS version the run cites
 * @returns what the script needs besides the blocks
 */
export function clientMeta(words: Words, thresholds: FindingThresholds, cis: CisVersion): ClientMeta {
  return {
    locale: LOCALES[words.lang],
    labels: words.html.client,
    columns: {
      account: ACCOUNT_COLUMNS,
      iam: PACKED_IAM_COLUMNS,
      allIam: IAM_COLUMNS,
      credentials: PACKED_CREDENTIAL_COLUMNS,
      allCredentials: CREDENTIAL_COLUMNS,
      events: PACKED_EVENT_COLUMNS,
      allEvents: EVENT_COLUMNS,
    },
    defaultArn: DEFAULT_ARN,
    listSeparator: LIST_SEPARATOR,
    maxKeyAgeDays: thresholds.maxKeyAgeDays,
    findings: Object.fromEntries(
      FINDING_CODES.map((code) => [code, {
        cis: citation(code, cis, words),
        text: words.findings[code],
        severity: FINDINGS[code].severity,
      }]),
    ) as Record<FindingCode, FindingFacts>,
    weights: SEVERITY_WEIGHT,
  };
}

/**
 * How a finding is cited: its recommendation in the run's CIS version, or iam-audit's own.
 *
 * @param code the finding
 * @param cis the CIS version
 * @param words the run's language
 * @returns e.g. `CIS 2.12`, or `iam-audit`
 */
export function citation(code: FindingCode, cis: CisVersion, words: Words): string {
  const id = cisOf(code, cis);
  return id === undefined ? words.summary.own : `CIS ${id}`;
}

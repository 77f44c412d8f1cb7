/**
 * The reports' columns: each typed record rendered into CSV cells in a language, and into JSON values.
 */
import assert from "node:assert/strict";
import { en as EN } from "../lib/i18n/en.ts";
import { es as ES } from "../lib/i18n/es.ts";
import type { Words } from "../lib/i18n/words.ts";
import { assessAccount, iamRecords } from "../lib/model/assessment.ts";
import { DEFAULT_THRESHOLDS } from "../lib/model/findings.ts";
import type { AccountResult, EventRecord, OrgAccount, UserAudit } from "../lib/model/records.ts";
import { renderCell } from "../lib/report/cells.ts";
import {
  ACCOUNT_REPORT,
  columnNames,
  EVENT_REPORT,
  IAM_REPORT,
  type ReportShape,
} from "../lib/report/columns.ts";
import { jsonRecord } from "../lib/report/jsonl.ts";

const NOW = new Date("2026-11-25T00:00:00Z");
const ACCOUNT = { id: "222222222222", name: "Production", state: "ACTIVE" };
const es = ES;
const en = EN;

/** A record as its CSV row: column name to cell. */
function csvRow<R>(shape: ReportShape<R>, record: R, words: Words): Record<string, string | number> {
  return Object.fromEntries(
    shape.columns.map((c) => [c.name, renderCell(c.value(record, words), "csv", words) as string | number]),
  );
}

function iamRows(account: OrgAccount, user: UserAudit, words: Words) {
  return iamRecords(account, user, DEFAULT_THRESHOLDS, NOW).map((r) => csvRow(IAM_REPORT, r, words));
}

function eventRow(account: OrgAccount, event: EventRecord) {
  return csvRow(EVENT_REPORT, { account, event }, es);
}

function accountRow(result: AccountResult) {
  return csvRow(ACCOUNT_REPORT, assessAccount(result, { thresholds: DEFAULT_THRESHOLDS, now: NOW }), es);
}

function user(overrides: Partial<UserAudit> = {}): UserAudit {
  return {
    userName: "alice",
    arn: "arn:aws:iam::222222222222:user/alice",
    createDate: new Date("2025-01-01T00:00:00Z"),
    hasLoginProfile: true,
    passwordLastUsed: new Date("2026-11-01T08:00:00.250Z"),
    mfa: { kind: "Virtual", count: 1 },
    keys: [],
    credentials: [],
    errors: [],
    ...overrides,
  };
}

Deno.test("IAM_REPORT gives a keyless user one row with empty key columns", () => {
  const rows = iamRows(ACCOUNT, user(), es);
  assert.equal(rows.length, 1);
  assert.deepEqual(Object.keys(rows[0]), columnNames(IAM_REPORT));
  assert.equal(rows[0].password_status, "Configurada");
  assert.equal(rows[0].password_last_used, "2026-11-01T08:00:00Z");
  assert.equal(rows[0].access_key_id, "");
  assert.equal(rows[0].last_used_date, "");
  assert.equal(rows[0].service_name, "");
  assert.equal(rows[0].mfa_status, "Virtual");
  assert.equal(rows[0].mfa_devices, 1);
});

Deno.test("IAM_REPORT gives one row per key with age, last use and region", () => {
  const rows = iamRows(
    ACCOUNT,
    user({
      keys: [
        {
          accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
          status: "Active",
          createDate: new Date("2026-08-27T00:00:00Z"),
          lastUsedDate: new Date("2026-11-20T10:00:00Z"),
          lastUsedService: "s3",
          lastUsedRegion: "eu-west-1",
        },
        {
          accessKeyId: "AKIAAAAAAAAAAAAAAAA2",
          status: "Inactive",
          createDate: new Date("2024-01-01T00:00:00Z"),
          lastUsedService: "N/A",
          lastUsedRegion: "N/A",
        },
      ],
    }),
    es,
  );
  assert.equal(rows.length, 2);
  assert.equal(rows[0].key_age_days, 90);
  assert.equal(rows[0].last_used_date, "2026-11-20T10:00:00Z");
  assert.equal(rows[0].service_name, "s3");
  assert.equal(rows[0].last_used_region, "eu-west-1");
  assert.equal(rows[1].status, "Inactive");
  assert.equal(rows[1].last_used_date, "Nunca utilizada");
  assert.equal(rows[1].service_name, "N/A");
  assert.equal(rows[1].last_used_region, "");
});

Deno.test("IAM_REPORT uses English words with --lang en", () => {
  const [row] = iamRows(
    ACCOUNT,
    user({
      hasLoginProfile: false,
      passwordLastUsed: undefined,
      keys: [{ accessKeyId: "AKIAAAAAAAAAAAAAAAA1", status: "Active", lastUsedService: "N/A" }],
    }),
    en,
  );
  assert.equal(row.password_status, "Not configured");
  assert.equal(row.password_last_used, "Never");
  assert.equal(row.last_used_date, "Never used");
  assert.equal(en.terms.passwordConfigured, "Configured");
});

Deno.test("IAM_REPORT leaves unknown what could not be read, and says why", () => {
  const throttled = {
    action: "GetAccessKeyLastUsed",
    error: { code: "Throttling", message: "Rate exceeded" },
  };
  const [row] = iamRows(
    ACCOUNT,
    user({
      hasLoginProfile: undefined,
      mfa: undefined,
      keys: [{
        accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
        status: "Active",
        lastUsedError: throttled,
      }],
      errors: [{ action: "GetLoginProfile", error: { code: "AccessDenied", message: "" } }, throttled],
    }),
    es,
  );
  assert.equal(row.password_status, "");
  assert.equal(row.mfa_status, "");
  assert.equal(row.last_used_date, "", "an unread last use is not 'never used'");
  assert.equal(row.service_name, "");
  assert.equal(
    row.read_errors,
    "GetLoginProfile: AccessDenied; GetAccessKeyLastUsed: Throttling: Rate exceeded",
  );
});

Deno.test("EVENT_REPORT joins resource names and keeps the original's first columns", () => {
  const row = eventRow(ACCOUNT, {
    eventTime: new Date("2026-11-01T00:00:00Z"),
    eventName: "CreateAccessKey",
    username: "admin",
    resources: ["alice", "AKIAAAAAAAAAAAAAAAA1"],
    eventId: "e-1",
  });
  assert.deepEqual(Object.keys(row).slice(0, 6), [
    "eventTime",
    "eventName",
    "username",
    "account_id",
    "account_name",
    "resources",
  ]);
  assert.equal(row.resources, "alice, AKIAAAAAAAAAAAAAAAA1");
  assert.equal(row.source_ip, "");
});

Deno.test("ACCOUNT_REPORT reports failed and skipped accounts with their reasons", () => {
  const failed = accountRow({
    kind: "failed",
    account: ACCOUNT,
    stage: "assume-role",
    issues: [{ stage: "assume-role", error: { code: "AccessDenied", message: "not authorized" } }],
    users: [],
    events: [],
    root: {},
    stats: { apiCalls: 1, throttled: 0, seconds: 0.123 },
  });
  assert.equal(failed.audit_result, "failed");
  assert.equal(failed.reason, "assume-role: AccessDenied: not authorized");
  assert.equal(failed.seconds, 0.12);
  const skipped = accountRow({
    kind: "skipped",
    account: { ...ACCOUNT, state: "SUSPENDED" },
    state: "SUSPENDED",
  });
  assert.equal(skipped.reason, "account state is SUSPENDED");
  assert.equal(skipped.audit_result, "skipped");
  assert.equal(skipped.account_state, "SUSPENDED");
  assert.equal(skipped.users, "");
});

Deno.test("ACCOUNT_REPORT states each issue of a failed account once, after the first stage", () => {
  const row = accountRow({
    kind: "failed",
    account: ACCOUNT,
    stage: "users",
    issues: [
      { stage: "users", action: "ListUsers", error: { code: "AccessDenied", message: "no" } },
      { stage: "users", incompleteUsers: 2 },
      { stage: "cloudtrail", action: "LookupEvents", error: { code: "AccessDenied", message: "no" } },
    ],
    users: [],
    events: [],
    root: {},
    stats: { apiCalls: 3, throttled: 0, seconds: 1 },
  });
  assert.equal(
    row.reason,
    "users: ListUsers: AccessDenied: no; 2 user(s) could not be read completely; LookupEvents: AccessDenied: no",
  );
});

Deno.test("jsonRecord() keeps types: numbers, null for absent values, arrays for lists, a boolean per code", () => {
  const [record] = iamRecords(
    ACCOUNT,
    user({
      directPolicies: ["ReadOnlyAccess", "inline:x"],
      keys: [{
        accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
        status: "Active",
        createDate: new Date("2024-01-01T00:00:00Z"),
      }],
    }),
    DEFAULT_THRESHOLDS,
    NOW,
  );
  const json = jsonRecord(IAM_REPORT, record, en);
  assert.equal(json.key_age_days, 1059);
  assert.equal(json.last_used_region, null);
  assert.equal(json.read_errors, null);
  assert.deepEqual(json.direct_policies, ["ReadOnlyAccess", "inline:x"]);
  assert.deepEqual(json.findings, ["KEY_NOT_ROTATED", "KEY_UNUSED", "DIRECT_POLICIES"]);
  assert.equal(json.finding_key_not_rotated, true);
  assert.equal(json.finding_inactive_key, false);
  assert.equal(json.last_used_date, "Never used");
  assert.ok(!("finding_root_no_mfa" in json), "root codes belong to the accounts report");
});

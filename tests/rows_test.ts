import assert from "node:assert/strict";
import { DEFAULT_THRESHOLDS } from "../lib/model/findings.ts";
import { messagesFor } from "../lib/i18n/messages.ts";
import type { UserAudit } from "../lib/model/records.ts";
import { accountRow, eventRow, IAM_COLUMNS, iamRows } from "../lib/report/rows.ts";

const NOW = new Date("2026-11-25T00:00:00Z");
const ACCOUNT = { id: "222222222222", name: "Production", state: "ACTIVE" };
const es = { words: messagesFor("es"), now: NOW, thresholds: DEFAULT_THRESHOLDS };
const en = { words: messagesFor("en"), now: NOW, thresholds: DEFAULT_THRESHOLDS };

function user(overrides: Partial<UserAudit> = {}): UserAudit {
  return {
    userName: "alice",
    arn: "arn:aws:iam::222222222222:user/alice",
    createDate: new Date("2025-01-01T00:00:00Z"),
    hasLoginProfile: true,
    passwordLastUsed: new Date("2026-11-01T08:00:00.250Z"),
    mfa: { kind: "Virtual", count: 1 },
    keys: [],
    errors: [],
    ...overrides,
  };
}

Deno.test("iamRows() gives a keyless user one row with empty key columns", () => {
  const rows = iamRows(ACCOUNT, user(), es);
  assert.equal(rows.length, 1);
  assert.deepEqual(Object.keys(rows[0]).sort(), [...IAM_COLUMNS].sort());
  assert.equal(rows[0].password_status, "Configurada");
  assert.equal(rows[0].password_last_used, "2026-11-01T08:00:00Z");
  assert.equal(rows[0].access_key_id, "");
  assert.equal(rows[0].last_used_date, "");
  assert.equal(rows[0].service_name, "");
  assert.equal(rows[0].mfa_status, "Virtual");
  assert.equal(rows[0].mfa_devices, 1);
});

Deno.test("iamRows() gives one row per key with age, last use and region", () => {
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

Deno.test("iamRows() uses English words with --lang en", () => {
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
  assert.equal(messagesFor("en").passwordConfigured, "Configured");
});

Deno.test("iamRows() leaves unknown what could not be read, and says why", () => {
  const [row] = iamRows(
    ACCOUNT,
    user({
      hasLoginProfile: undefined,
      mfa: undefined,
      keys: [{
        accessKeyId: "AKIAAAAAAAAAAAAAAAA1",
        status: "Active",
        lastUsedError: "GetAccessKeyLastUsed: Throttling: Rate exceeded",
      }],
      errors: ["GetLoginProfile: AccessDenied", "GetAccessKeyLastUsed: Throttling: Rate exceeded"],
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

Deno.test("eventRow() joins resource names and keeps the original's first columns", () => {
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

Deno.test("accountRow() reports failed and skipped accounts with their reasons", () => {
  const failed = accountRow({
    kind: "failed",
    account: ACCOUNT,
    stage: "assume-role",
    reason: "AccessDenied: not authorized",
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
    reason: "state",
  });
  assert.equal(skipped.audit_result, "skipped");
  assert.equal(skipped.account_state, "SUSPENDED");
  assert.equal(skipped.users, "");
});

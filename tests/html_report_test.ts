import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_THRESHOLDS, FINDING_CODES } from "../lib/model/findings.ts";
import { assessAccount } from "../lib/model/assessment.ts";
import { wordsFor } from "../lib/i18n/lang.ts";
import type { Lang } from "../lib/i18n/words.ts";
import { renderCell } from "../lib/report/cells.ts";
import { ACCOUNT_REPORT, EVENT_REPORT, IAM_REPORT, type ReportShape } from "../lib/report/columns.ts";
import type { AssessedAccount } from "../lib/model/assessment.ts";
import { REPORT_SCRIPT, REPORT_STYLE } from "../lib/report/html/assets.ts";
import {
  countFindings,
  escapeHtml,
  FINDING_SEVERITY,
  headlines,
  HtmlReport,
  type HtmlRunInfo,
  isNeverUsedKey,
  isOldKey,
  jsonForScript,
  keyAgeBucket,
  mfaCoverage,
  packAccount,
  PACKED_IAM_COLUMNS,
  riskScore,
} from "../lib/report/html/report.ts";
import type { AccountResult, EventRecord, OrgAccount, RootPosture, UserAudit } from "../lib/model/records.ts";

type Row = Record<string, string | number>;
type AccountRow = Row;
type IamRow = Row;
type EventRow = Row;

function csvRow<R>(shape: ReportShape<R>, record: R, lang: Lang = "es"): Row {
  const words = wordsFor(lang);
  return Object.fromEntries(
    shape.columns.map((c) => [c.name, renderCell(c.value(record, words), "csv", words) as string | number]),
  );
}

function accountRow(result: AccountResult): AccountRow {
  return csvRow(ACCOUNT_REPORT, assessAccount(result, DEFAULT_THRESHOLDS, NOW));
}

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const SCRIPT_BREAKER = "</script><script>alert(1)</script>";
const QUOTES = `"'&<>`;
const FORMULA = "=cmd|' /C calc'!A0";
const EVIL_ACCOUNT = `<b>"Evil" & 'Co'</b>`;

function run(lang: Lang = "es"): HtmlRunInfo {
  return {
    startedAt: NOW,
    version: "9.9.9",
    lang,
    organizationId: "o-abc123",
    managementAccountId: "111111111111",
    callerArn: "arn:aws:iam::111111111111:user/auditor",
    role: "AuditRole",
    since: ago(90),
    until: NOW,
    cloudTrail: true,
  };
}

function user(name: string, fields: Partial<UserAudit> = {}): UserAudit {
  return {
    userName: name,
    arn: `arn:aws:iam::222222222222:user/${name}`,
    createDate: ago(400),
    hasLoginProfile: false,
    mfa: { kind: "None", count: 0 },
    keys: [],
    errors: [],
    ...fields,
  };
}

/** One audited account's rows, as main.ts builds them for the CSVs. */
function audited(
  account: OrgAccount,
  users: UserAudit[],
  events: EventRecord[] = [],
  root: RootPosture = { mfa: "Hardware", accessKeys: 0 },
  lang: Lang = "es",
): { account: AccountRow; iam: IamRow[]; events: EventRow[]; assessed: AssessedAccount } {
  const result: AccountResult = {
    kind: "audited",
    account,
    users,
    events,
    root,
    stats: { apiCalls: 3, throttled: 0, seconds: 0.5 },
  };
  const assessed = assessAccount(result, DEFAULT_THRESHOLDS, NOW);
  return {
    account: csvRow(ACCOUNT_REPORT, assessed, lang),
    iam: assessed.iam.map((r) => csvRow(IAM_REPORT, r, lang)),
    events: assessed.events.map((event) => csvRow(EVENT_REPORT, { account, event }, lang)),
    assessed,
  };
}

const PROD: OrgAccount = { id: "222222222222", name: "Production", state: "ACTIVE" };

/** Users covering each headline: two keys of one user, an old key, a never-used key, a console user without MFA. */
function prodUsers(): UserAudit[] {
  return [
    user("alice", {
      hasLoginProfile: true,
      passwordLastUsed: ago(1),
      mfa: { kind: "Virtual", count: 1 },
      keys: [
        { accessKeyId: "AKIAALICE00000000001", status: "Active", createDate: ago(91), lastUsedDate: ago(1) },
        { accessKeyId: "AKIAALICE00000000002", status: "Active", createDate: ago(90) },
      ],
    }),
    user("bob", {
      hasLoginProfile: true,
      passwordLastUsed: ago(2),
      keys: [{
        accessKeyId: "AKIABOB0000000000001",
        status: "Inactive",
        createDate: ago(500),
        lastUsedDate: ago(300),
      }],
    }),
    user("carol", { hasLoginProfile: true, passwordLastUsed: ago(3) }),
    user("deploy", {
      keys: [{
        accessKeyId: "AKIADEPLOY0000000001",
        status: "Active",
        createDate: ago(10),
        lastUsedDate: ago(1),
      }],
    }),
  ];
}

async function tempPath(name = "report.html"): Promise<string> {
  return join(await Deno.makeTempDir({ prefix: "iam-audit-html-" }), name);
}

/** The JSON data blocks of a page, parsed. */
function blocks(html: string): { a: unknown[]; u: unknown[][]; e: unknown[][] }[] {
  return [...html.matchAll(/<script type="application\/json" data-account>(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1])
  );
}

Deno.test("escapeHtml() turns every markup character into a reference", () => {
  assert.equal(escapeHtml(SCRIPT_BREAKER), "&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
  assert.equal(escapeHtml(QUOTES), "&#34;&#39;&#38;&#60;&#62;");
  assert.equal(escapeHtml(FORMULA), FORMULA.replace("'", "&#39;").replace("'", "&#39;"));
  assert.equal(escapeHtml(42), "42");
  assert.equal(escapeHtml(undefined), "");
});

Deno.test("jsonForScript() cannot close its script element and reads back unchanged", () => {
  const value = { names: [SCRIPT_BREAKER, QUOTES, FORMULA, "<!-- x", "a\u2028b"] };
  const json = jsonForScript(value);
  assert.ok(!json.includes("<"), json);
  assert.ok(!json.includes("\u2028"));
  assert.deepEqual(JSON.parse(json), value);
});

Deno.test("the headline definitions: distinct users, keys older than 90 days, never used, console without MFA, root", () => {
  const prod = audited(PROD, prodUsers(), [], { mfa: "None", accessKeys: 0 });
  const staging = audited(
    { id: "333333333333", name: "Staging", state: "ACTIVE" },
    [
      user("alice", {
        keys: [{ accessKeyId: "AKIASTGALICE00000001", status: "Active", createDate: ago(5) }],
      }),
    ],
    [],
    { mfa: "Virtual", accessKeys: 2 },
  );
  const fine = audited({ id: "444444444444", name: "Fine", state: "ACTIVE" }, []);
  const skipped = accountRow({
    kind: "skipped",
    account: { id: "555555555555", name: "Old", state: "SUSPENDED" },
    state: "SUSPENDED",
  });
  const failed = accountRow({
    kind: "failed",
    account: { id: "666666666666", name: "Broken", state: "ACTIVE" },
    stage: "assume-role",
    issues: [{ stage: "assume-role", error: { code: "AccessDenied", message: "" } }],
    users: [],
    events: [],
    root: {},
    stats: { apiCalls: 1, throttled: 0, seconds: 0.1 },
  });
  const h = headlines(
    [...prod.iam, ...staging.iam, ...fine.iam],
    [prod.account, staging.account, fine.account, skipped, failed],
    wordsFor("es").terms,
  );
  assert.deepEqual(h, {
    // alice in two accounts is two users; alice's two keys are one user.
    users: 5,
    activeKeys: 4,
    // 91 and 500 days; a key of exactly 90 days is not older than 90.
    keysOlderThan90: 2,
    keysNeverUsed: 2,
    // bob and carol have a password and no MFA; alice has MFA.
    consoleUsersWithoutMfa: 2,
    // Production's root has no MFA, Staging's root has keys; unread root (failed) counts for neither.
    accountsWithRootIssues: 2,
    accountsAudited: 3,
    accountsFailed: 1,
    accountsSkipped: 1,
    accountsInterrupted: 0,
    accountsOther: 0,
  });

  assert.equal(isOldKey({ key_age_days: "91" }), true);
  assert.equal(isOldKey({ key_age_days: 90 }), false);
  assert.equal(isOldKey({ key_age_days: "" }), false);
  // The never-used word follows the report's language.
  const en = audited(PROD, prodUsers(), [], undefined, "en");
  assert.equal(headlines(en.iam, [], wordsFor("en").terms).keysNeverUsed, 1);
  assert.equal(headlines(en.iam, [], wordsFor("es").terms).keysNeverUsed, 0);
  assert.equal(
    isNeverUsedKey({ access_key_id: "AKIA1", last_used_date: "Nunca utilizada" }, wordsFor("es").terms),
    true,
  );
  assert.equal(
    isNeverUsedKey({ access_key_id: "", last_used_date: "Nunca utilizada" }, wordsFor("es").terms),
    false,
  );
});

Deno.test("MFA coverage counts each user once and leaves skipped accounts out of root numbers", () => {
  const prod = audited(PROD, prodUsers(), [], { mfa: "Virtual", accessKeys: 0 });
  const skipped = accountRow({
    kind: "skipped",
    account: { id: "555555555555", name: "Old", state: "SUSPENDED" },
    state: "SUSPENDED",
  });
  assert.deepEqual(mfaCoverage(prod.iam, [prod.account, skipped], wordsFor("es").terms), {
    consoleUsers: 3,
    consoleUsersWithMfa: 1,
    users: { Hardware: 0, Virtual: 1, None: 3, unknown: 0 },
    root: { Hardware: 0, Virtual: 1, None: 0, unknown: 0 },
  });
});

Deno.test("key age buckets are 0–30, 31–90, 91–180, 181–365, >365", () => {
  assert.deepEqual(
    [0, 30, 31, 90, 91, 180, 181, 365, 366, 4000].map(keyAgeBucket),
    [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
  );
});

Deno.test("risk: a root key outranks any pile of hygiene findings; every code has a severity", () => {
  for (const code of FINDING_CODES) assert.ok(FINDING_SEVERITY[code], code);
  assert.ok(
    riskScore(["ROOT_ACCESS_KEYS"]) > riskScore(["KEY_NOT_ROTATED", "KEY_UNUSED", "MULTIPLE_ACTIVE_KEYS"]),
  );
  assert.ok(riskScore(["CONSOLE_WITHOUT_MFA"]) > riskScore(["KEY_NOT_ROTATED"]));
  assert.ok(riskScore(["KEY_NOT_ROTATED", "KEY_UNUSED"]) > riskScore(["KEY_NOT_ROTATED"]));
  assert.equal(riskScore([]), 0);
  assert.equal(riskScore(["SOMETHING_NEWER"]), 1);
});

Deno.test("countFindings() counts a user finding once per user, a key finding once per key", () => {
  const rows = audited(
    PROD,
    [
      user("two-keys", {
        keys: [
          {
            accessKeyId: "AKIA2KEYS00000000001",
            status: "Active",
            createDate: ago(200),
            lastUsedDate: ago(1),
          },
          {
            accessKeyId: "AKIA2KEYS00000000002",
            status: "Active",
            createDate: ago(200),
            lastUsedDate: ago(1),
          },
        ],
      }),
    ],
    [],
    { mfa: "None", accessKeys: 1 },
  );
  assert.equal(rows.iam.length, 2);
  assert.ok(rows.iam.every((r) => String(r.findings).includes("MULTIPLE_ACTIVE_KEYS")));
  const counts = Object.fromEntries(countFindings(rows.iam, [rows.account]));
  assert.deepEqual(counts, {
    KEY_NOT_ROTATED: 2,
    MULTIPLE_ACTIVE_KEYS: 1,
    ROOT_ACCESS_KEYS: 1,
    ROOT_NO_MFA: 1,
  });
});

Deno.test("HtmlReport creates the file with mode 0600 and refuses to overwrite", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run(), wordsFor("es"));
  await report.close();
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  await assert.rejects(() => HtmlReport.create(path, run(), wordsFor("es")), Deno.errors.AlreadyExists);
  await assert.rejects(() => report.addAccount(audited(PROD, []).assessed), /closed/);
});

Deno.test("HtmlReport streams each account into the file as it arrives, and ends the page at close()", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run(), wordsFor("es"));
  const sizes = [(await Deno.stat(path)).size];
  const accounts = [PROD, { id: "333333333333", name: "Staging", state: "ACTIVE" }];
  for (const account of accounts) {
    const rows = audited(account, prodUsers());
    await report.addAccount(rows.assessed);
    sizes.push((await Deno.stat(path)).size);
  }
  const before = await Deno.readTextFile(path);
  assert.ok(sizes[0] > 0 && sizes[1] > sizes[0] && sizes[2] > sizes[1], String(sizes));
  assert.equal(blocks(before).length, 2);
  assert.ok(!before.includes("</html>"), "not ended before close()");
  assert.ok(!before.includes("data-kpi"), "aggregates come at close()");
  await report.close();
  const html = await Deno.readTextFile(path);
  assert.ok(html.startsWith(before), "close() only appends");
  assert.ok(html.endsWith("</body>\n</html>\n"));
  assert.deepEqual(report.rows, { iam: 10, events: 0, accounts: 2 });
});

Deno.test("hostile names are data: escaped in markup, intact in the data, unable to open or close a script", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(
    path,
    { ...run(), role: QUOTES, callerArn: SCRIPT_BREAKER },
    wordsFor("es"),
  );
  const evil: OrgAccount = { id: "777777777777", name: EVIL_ACCOUNT, state: "ACTIVE" };
  const users = [
    user(SCRIPT_BREAKER, {
      arn: `arn:aws:iam::777777777777:user/${SCRIPT_BREAKER}`,
      hasLoginProfile: true,
      keys: [{ accessKeyId: "AKIAEVIL000000000001", status: "Active", createDate: ago(200) }],
    }),
    user(QUOTES, { arn: `arn:aws:iam::777777777777:user/x/${QUOTES}` }),
    user(FORMULA, { arn: `arn:aws:iam::777777777777:user/${FORMULA}` }),
  ];
  const events: EventRecord[] = [{
    eventTime: ago(2),
    eventName: "CreateUser",
    username: `<img src=x onerror=alert(2)>`,
    resources: [SCRIPT_BREAKER],
    eventId: "ev-1",
    userAgent: `"><svg onload=alert(3)>`,
  }];
  const rows = audited(evil, users, events, { mfa: "None", accessKeys: 1 });
  await report.addAccount(rows.assessed);
  await report.close();
  const html = await Deno.readTextFile(path);

  // Exactly the page's own script elements: one data block, the metadata, the program.
  assert.equal(html.match(/<script/gi)!.length, 3);
  assert.equal(html.match(/<\/script/gi)!.length, 3);
  for (const raw of [SCRIPT_BREAKER, QUOTES, EVIL_ACCOUNT, "<img", "<svg onload", "<b>"]) {
    assert.ok(!html.includes(raw), `raw ${raw} in the page`);
  }
  // Escaped where it is markup: the chart's account name, the run's fields.
  assert.ok(html.includes(escapeHtml(EVIL_ACCOUNT)));
  assert.ok(html.includes(`<dd>${escapeHtml(QUOTES)}</dd>`));
  assert.ok(html.includes(`<dd>${escapeHtml(SCRIPT_BREAKER)}</dd>`));
  // Intact in the data: what the CSV holds before its formula guard, so `=` stays first.
  const [block] = blocks(html);
  const name = PACKED_IAM_COLUMNS.indexOf("username");
  assert.deepEqual(block.u.map((u) => u[name]), [SCRIPT_BREAKER, QUOTES, FORMULA]);
  assert.equal(block.a[1], EVIL_ACCOUNT);
  const arn = PACKED_IAM_COLUMNS.indexOf("user_arn");
  // Default ARNs are elided (0) and rebuilt by the page; one with a path is kept.
  assert.deepEqual(block.u.map((u) => u[arn]), [0, `arn:aws:iam::777777777777:user/x/${QUOTES}`, 0]);
  assert.equal(block.e[0][1], "CreateUser");
});

Deno.test("close() writes the headline numbers of the rows it was given, the top accounts and the legend", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run("en"), wordsFor("en"));
  const all: { account: AccountRow; iam: IamRow[]; events: EventRow[] }[] = [];
  for (let i = 0; i < 20; i++) {
    const account = { id: String(100000000000 + i), name: `Account ${i}`, state: "ACTIVE" };
    // Account i has i old active keys: i findings.
    const users = Array.from({ length: i }, (_, k) =>
      user(`u${k}`, {
        keys: [{
          accessKeyId: `AKIA${i}X${k}`,
          status: "Active",
          createDate: ago(100),
          lastUsedDate: ago(1),
        }],
      }));
    const rows = audited(account, users, [], undefined, "en");
    all.push(rows);
    await report.addAccount(rows.assessed);
  }
  await report.close({ interrupted: true });
  const html = await Deno.readTextFile(path);
  const expected = headlines(all.flatMap((r) => r.iam), all.map((r) => r.account), wordsFor("en").terms);
  for (const [key, value] of Object.entries(expected)) {
    if (key === "accountsOther" || key === "accountsInterrupted") continue;
    const m = new RegExp(`data-kpi="${key}"[^>]*>\\s*<[^>]*data-value="(\\d+)"`).exec(html);
    assert.ok(m, key);
    assert.equal(Number(m[1]), value, key);
  }
  assert.equal(expected.keysOlderThan90, 190);
  const top = [...html.matchAll(/class="acct-bar" data-account="(\d+)"/g)].map((m) =>
    Number(m[1]) - 100000000000
  );
  assert.deepEqual(top, [19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
  assert.ok(html.includes(wordsFor("en").html.interrupted));
  assert.ok(html.includes(`<html lang="en">`));
  assert.match(html, /<tr data-code="KEY_NOT_ROTATED">.*?data-value="190"/);
  for (const code of FINDING_CODES) assert.ok(html.includes(`<tr data-code="${code}">`), code);
});

Deno.test("the page can load nothing: a strict CSP, no URL, no external reference", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run(), wordsFor("es"));
  const rows = audited(PROD, prodUsers());
  await report.addAccount(rows.assessed);
  await report.close();
  const html = await Deno.readTextFile(path);
  assert.ok(
    html.includes(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    ),
  );
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"), "the policy comes first");
  assert.doesNotMatch(html, /\s(src|href|srcset|action)=/i);
  for (const asset of [REPORT_SCRIPT, REPORT_STYLE]) {
    assert.doesNotMatch(asset, /https?:|url\(|@import|fetch\(|XMLHttpRequest|import\(|innerHTML|<\//);
  }
  assert.ok(!html.includes(`<p class="banner" role="alert">`), "not interrupted");
});

Deno.test("packAccount() drops the account columns from each row and keeps every other value", () => {
  const rows = audited(PROD, prodUsers());
  const packed = packAccount(rows.account, rows.iam, rows.events);
  assert.equal(packed.u.length, rows.iam.length);
  assert.equal(packed.u[0].length, PACKED_IAM_COLUMNS.length);
  assert.equal(packed.u[0][PACKED_IAM_COLUMNS.indexOf("access_key_id")], "AKIAALICE00000000001");
});

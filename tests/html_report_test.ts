/**
 * The HTML report from typed accounts: results are assessed, written to the page and added to the
 * run's tally as `main.ts` does, and the page is read back as text. What a browser makes of it is
 * `html_browser_test.ts`'s part.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { wordsFor } from "../lib/i18n/lang.ts";
import type { Lang } from "../lib/i18n/words.ts";
import { assessAccount, type AssessedAccount } from "../lib/model/assessment.ts";
import {
  cisOf,
  DEFAULT_THRESHOLDS,
  FINDING_CODES,
  FINDINGS,
  type FindingThresholds,
  SEVERITY_WEIGHT,
} from "../lib/model/findings.ts";
import type { AccountResult, EventRecord, OrgAccount, RootPosture, UserAudit } from "../lib/model/records.ts";
import { RunTally } from "../lib/model/tally.ts";
import { renderCell } from "../lib/report/cells.ts";
import { ACCOUNT_REPORT, IAM_REPORT } from "../lib/report/columns.ts";
import { KEY_AGE_BUCKET_LABELS } from "../lib/report/html/charts.ts";
import {
  ACCOUNT_COLUMNS,
  type AccountBlock,
  type ClientMeta,
  DEFAULT_ARN,
  PACKED_EVENT_COLUMNS,
  PACKED_IAM_COLUMNS,
} from "../lib/report/html/data_block.ts";
import { escapeHtml, jsonForScript } from "../lib/report/html/escape.ts";
import { EventsPerDay, MAX_EVENT_BARS } from "../lib/report/html/events_per_day.ts";
import { CONTENT_SECURITY_POLICY } from "../lib/report/html/page.ts";
import { HtmlReport, type HtmlRunInfo } from "../lib/report/html/report.ts";

const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const SCRIPT_BREAKER = "</script><script>alert(1)</script>";
const QUOTES = `"'&<>`;
const FORMULA = "=cmd|' /C calc'!A0";
const EVIL_ACCOUNT = `<b>"Evil" & 'Co'</b>`;

const CLIENT = new URL("../lib/report/html/client.js", import.meta.url);
const STYLE = new URL("../lib/report/html/style.css", import.meta.url);

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
    cis: "7.0",
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
    credentials: [],
    errors: [],
    ...fields,
  };
}

function audited(
  account: OrgAccount,
  users: UserAudit[],
  events: EventRecord[] = [],
  root: RootPosture = { mfa: "Hardware", accessKeys: 0 },
): AccountResult {
  return {
    kind: "audited",
    account,
    users,
    events,
    root,
    stats: { apiCalls: 3, throttled: 0, seconds: 0.5 },
  };
}

const PROD: OrgAccount = { id: "222222222222", name: "Production", state: "ACTIVE" };
const STAGING: OrgAccount = { id: "333333333333", name: "Staging", state: "ACTIVE" };

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

const SKIPPED: AccountResult = {
  kind: "skipped",
  account: { id: "555555555555", name: "Old", state: "SUSPENDED" },
  state: "SUSPENDED",
};

const FAILED: AccountResult = {
  kind: "failed",
  account: { id: "666666666666", name: "Broken", state: "ACTIVE" },
  stage: "assume-role",
  issues: [{ stage: "assume-role", error: { code: "AccessDenied", message: "" } }],
  users: [],
  events: [],
  root: {},
  stats: { apiCalls: 1, throttled: 0, seconds: 0.1 },
};

async function tempPath(name = "report.html"): Promise<string> {
  return join(await Deno.makeTempDir({ prefix: "iam-audit-html-" }), name);
}

/** A page written as `main.ts` writes it: each result assessed, into the page and the tally. */
async function writePage(
  results: AccountResult[],
  options: {
    lang?: Lang;
    thresholds?: FindingThresholds;
    interrupted?: boolean;
    info?: Partial<HtmlRunInfo>;
  } = {},
): Promise<{ html: string; tally: RunTally; assessed: AssessedAccount[] }> {
  const lang = options.lang ?? "es";
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const path = await tempPath();
  const report = await HtmlReport.create(path, { ...run(lang), ...options.info }, wordsFor(lang));
  const tally = new RunTally(thresholds);
  const assessed = results.map((r) => assessAccount(r, { thresholds: thresholds, now: NOW }));
  for (const a of assessed) {
    await report.addAccount(a);
    tally.add(a);
  }
  await report.close({ interrupted: options.interrupted ?? false, tally });
  return { html: await Deno.readTextFile(path), tally, assessed };
}

/** The page's data blocks, parsed. */
function blocks(html: string): AccountBlock[] {
  return [...html.matchAll(/<script type="application\/json" data-account>(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1])
  );
}

/** The page's metadata for its script. */
function meta(html: string): ClientMeta {
  return JSON.parse(/<script type="application\/json" id="report-meta">(.*?)<\/script>/s.exec(html)![1]);
}

/** A number the page shows, by its `data-kpi` key. */
function kpi(html: string, key: string): number | undefined {
  const m = new RegExp(`data-kpi="${key}"[^>]*>\\s*<[^>]*data-value="(\\d+)"`).exec(html);
  return m ? Number(m[1]) : undefined;
}

/** The `data-value`s of an MFA coverage row. */
function values(html: string, id: string): number[] {
  const start = html.indexOf(`id="${id}"`);
  const row = html.slice(start, html.indexOf("</span></div>", html.indexOf(`class="mfa-detail"`, start)));
  return [...row.matchAll(/data-value="(\d+)"/g)].map((m) => Number(m[1]));
}

Deno.test("escapeHtml() turns every markup character into a reference", () => {
  assert.equal(escapeHtml(SCRIPT_BREAKER), "&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
  assert.equal(escapeHtml(QUOTES), "&#34;&#39;&#38;&#60;&#62;");
  assert.equal(escapeHtml(FORMULA), FORMULA.replaceAll("'", "&#39;"));
  assert.equal(escapeHtml(42), "42");
  assert.equal(escapeHtml(undefined), "");
});

Deno.test("jsonForScript() cannot close its script element and reads back unchanged", () => {
  const value = { names: [SCRIPT_BREAKER, QUOTES, FORMULA, "<!-- x", "a\u2028b\u2029c"] };
  const json = jsonForScript(value);
  assert.ok(!json.includes("<"), json);
  assert.ok(!json.includes("\u2028") && !json.includes("\u2029"));
  assert.deepEqual(JSON.parse(json), value);
});

Deno.test("HtmlReport creates the file with mode 0600, refuses to overwrite, and takes nothing after close()", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run(), wordsFor("es"));
  assert.equal(report.path, path);
  await report.close({ interrupted: false, tally: new RunTally(DEFAULT_THRESHOLDS) });
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  await assert.rejects(() => HtmlReport.create(path, run(), wordsFor("es")), Deno.errors.AlreadyExists);
  await assert.rejects(
    () => report.addAccount(assessAccount(audited(PROD, []), { thresholds: DEFAULT_THRESHOLDS, now: NOW })),
    /closed/,
  );
});

Deno.test("HtmlReport streams each account into the file as it arrives, and ends the page at close()", async () => {
  const path = await tempPath();
  const report = await HtmlReport.create(path, run(), wordsFor("es"));
  const tally = new RunTally(DEFAULT_THRESHOLDS);
  const sizes = [(await Deno.stat(path)).size];
  for (const account of [PROD, STAGING]) {
    const assessed = assessAccount(audited(account, prodUsers()), {
      thresholds: DEFAULT_THRESHOLDS,
      now: NOW,
    });
    await report.addAccount(assessed);
    tally.add(assessed);
    sizes.push((await Deno.stat(path)).size);
  }
  const before = await Deno.readTextFile(path);
  assert.ok(sizes[0] > 0 && sizes[1] > sizes[0] && sizes[2] > sizes[1], String(sizes));
  assert.deepEqual(blocks(before).map((b) => b.iam.length), [5, 5]);
  assert.ok(!before.includes("</html>"), "not ended before close()");
  assert.ok(!before.includes("data-kpi"), "the numbers come at close()");
  await report.close({ interrupted: false, tally });
  await report.close({ interrupted: false, tally });
  const html = await Deno.readTextFile(path);
  assert.ok(html.startsWith(before), "close() only appends");
  assert.ok(html.endsWith("</body>\n</html>\n"));
  assert.equal(html.match(/<\/html>/g)!.length, 1, "a second close() writes nothing");
});

Deno.test("a data block holds the JSON renderer's cells: lists as arrays, absent as null, numbers as numbers", async () => {
  const users = [
    ...prodUsers(),
    user("ops", {
      arn: "arn:aws:iam::222222222222:user/team/ops",
      directPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess", "inline-admin"],
      keys: [{ accessKeyId: "AKIAOPS0000000000001", status: "Active", createDate: ago(200) }],
    }),
  ];
  const events: EventRecord[] = [{
    eventTime: ago(2),
    eventName: "CreateUser",
    username: "alice",
    resources: ["bob", "AKIABOB0000000000001"],
    eventId: "ev-1",
  }];
  const { html, assessed } = await writePage([audited(PROD, users, events, { mfa: "None", accessKeys: 1 })]);
  const [block] = blocks(html);
  const words = wordsFor("es");
  const col = (name: string) => PACKED_IAM_COLUMNS.indexOf(name);

  // Every cell is what renderCell(…, "json") gives, the account's own columns left out of the rows.
  assert.ok(!PACKED_IAM_COLUMNS.includes("account_id") && !PACKED_EVENT_COLUMNS.includes("account_name"));
  assert.deepEqual(
    block.account,
    ACCOUNT_REPORT.columns.map((c) => renderCell(c.value(assessed[0], words), "json", words)),
  );
  assessed[0].iam.forEach((record, i) => {
    const cells = IAM_REPORT.columns.filter((c) => col(c.name) !== -1).map((c) =>
      c.name === "user_arn" && block.iam[i][col("user_arn")] === DEFAULT_ARN
        ? DEFAULT_ARN
        : renderCell(c.value(record, words), "json", words)
    );
    assert.deepEqual(block.iam[i], cells, record.user.userName);
  });

  const ops = block.iam.find((r) => r[col("username")] === "ops")!;
  assert.deepEqual(ops[col("findings")], ["KEY_NOT_ROTATED", "KEY_UNUSED", "DIRECT_POLICIES"]);
  assert.deepEqual(ops[col("direct_policies")], [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "inline-admin",
  ]);
  assert.equal(ops[col("key_age_days")], 200);
  assert.equal(ops[col("mfa_devices")], 0);
  assert.equal(ops[col("password_last_used")], words.terms.passwordNever);
  // A path in the ARN keeps it; the default one is elided.
  assert.equal(ops[col("user_arn")], "arn:aws:iam::222222222222:user/team/ops");
  const carol = block.iam.find((r) => r[col("username")] === "carol")!;
  assert.equal(carol[col("user_arn")], DEFAULT_ARN);
  assert.equal(carol[col("access_key_id")], null);
  assert.equal(carol[col("key_age_days")], null);
  assert.deepEqual(carol[col("findings")], ["CONSOLE_WITHOUT_MFA"]);
  assert.deepEqual(block.iam.find((r) => r[col("username")] === "deploy")![col("findings")], []);
  assert.deepEqual(block.account[ACCOUNT_COLUMNS.indexOf("findings")], ["ROOT_ACCESS_KEYS", "ROOT_NO_MFA"]);
  assert.equal(block.account[ACCOUNT_COLUMNS.indexOf("root_access_keys")], 1);
  assert.equal(block.events[0][PACKED_EVENT_COLUMNS.indexOf("eventTime")], "2026-11-23T12:00:00Z");
  assert.equal(block.events[0][PACKED_EVENT_COLUMNS.indexOf("resources")], "bob, AKIABOB0000000000001");

  // The never-used flag is typed: the script need not know the word.
  const neverUsed = block.neverUsed.map((i) => block.iam[i][col("access_key_id")]);
  assert.deepEqual(neverUsed, ["AKIAALICE00000000002", "AKIAOPS0000000000001"]);
});

Deno.test("a skipped account's block has its account row only", async () => {
  const { html } = await writePage([SKIPPED]);
  const [block] = blocks(html);
  assert.deepEqual({ ...block, account: [] }, {
    account: [],
    iam: [],
    neverUsed: [],
    credentials: [],
    events: [],
  });
  assert.equal(block.account[ACCOUNT_COLUMNS.indexOf("audit_result")], "skipped");
  assert.equal(block.account[ACCOUNT_COLUMNS.indexOf("users")], null);
});

Deno.test("hostile names are data: escaped in markup, intact in the data, unable to open or close a script", async () => {
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
  const { html } = await writePage([audited(evil, users, events, { mfa: "None", accessKeys: 1 })], {
    info: { role: QUOTES, callerArn: SCRIPT_BREAKER },
  });

  // Exactly the page's own script elements: one data block, the metadata, the program.
  assert.equal(html.match(/<script/gi)!.length, 3);
  assert.equal(html.match(/<\/script/gi)!.length, 3);
  for (const raw of [SCRIPT_BREAKER, QUOTES, EVIL_ACCOUNT, "<img", "<svg onload", "<b>"]) {
    assert.ok(!html.includes(raw), `raw ${raw} in the page`);
  }
  // Escaped where it is markup: the chart's account name, the run's fields.
  assert.ok(html.includes(`data-account="777777777777"><title>${escapeHtml(EVIL_ACCOUNT)} (777777777777)`));
  assert.ok(html.includes(`<dd>${escapeHtml(QUOTES)}</dd>`));
  assert.ok(html.includes(`<dd>${escapeHtml(SCRIPT_BREAKER)}</dd>`));
  // Intact in the data: what the CSV holds before its formula guard, so `=` stays first.
  const [block] = blocks(html);
  const name = PACKED_IAM_COLUMNS.indexOf("username");
  assert.deepEqual(block.iam.map((u) => u[name]), [SCRIPT_BREAKER, QUOTES, FORMULA]);
  assert.equal(block.account[ACCOUNT_COLUMNS.indexOf("account_name")], EVIL_ACCOUNT);
  const arn = PACKED_IAM_COLUMNS.indexOf("user_arn");
  assert.deepEqual(block.iam.map((u) => u[arn]), [
    DEFAULT_ARN,
    `arn:aws:iam::777777777777:user/x/${QUOTES}`,
    DEFAULT_ARN,
  ]);
  assert.equal(block.events[0][PACKED_EVENT_COLUMNS.indexOf("resources")], SCRIPT_BREAKER);
});

Deno.test("the headline numbers: distinct users, keys older than 90 days, never used, console without MFA, root", async () => {
  const { html, tally } = await writePage([
    audited(PROD, prodUsers(), [], { mfa: "None", accessKeys: 0 }),
    audited(
      STAGING,
      [
        user("alice", {
          keys: [{ accessKeyId: "AKIASTGALICE00000001", status: "Active", createDate: ago(5) }],
        }),
      ],
      [],
      { mfa: "Virtual", accessKeys: 2 },
    ),
    audited({ id: "444444444444", name: "Fine", state: "ACTIVE" }, []),
    SKIPPED,
    FAILED,
  ]);
  const expected = {
    // alice in two accounts is two users; alice's two keys are one user.
    users: 5,
    activeKeys: 4,
    // 91 and 500 days; a key of exactly 90 days is not older than 90.
    keysOverMaxAge: 2,
    keysNeverUsed: 2,
    // bob and carol have a password and no MFA; alice has MFA.
    consoleUsersWithoutMfa: 2,
    // Production's root has no MFA, Staging's root has keys; an unread root (failed) counts for neither.
    accountsWithRootIssues: 2,
    accountsAudited: 3,
    accountsFailed: 1,
    accountsSkipped: 1,
  };
  for (const [key, value] of Object.entries(expected)) assert.equal(kpi(html, key), value, key);
  assert.equal(kpi(html, "accountsInterrupted"), undefined, "listed only when there are any");
  assert.ok(html.includes(`<span class="kpi-label">Access keys de más de 90 días</span>`));
  // The same numbers as the tally's, which the console prints.
  assert.equal(tally.keysOverMaxAge, expected.keysOverMaxAge);
  assert.equal(tally.keysNeverUsed, expected.keysNeverUsed);
});

Deno.test("keys older than --max-key-age: the headline, its label and the script's threshold follow the run's", async () => {
  const thresholds = { ...DEFAULT_THRESHOLDS, maxKeyAgeDays: 30 };
  const { html, tally } = await writePage([audited(PROD, prodUsers())], { lang: "en", thresholds });
  // 91, 90 and 500 days are over 30; 10 is not.
  assert.equal(tally.keysOverMaxAge, 3);
  assert.equal(kpi(html, "keysOverMaxAge"), 3);
  assert.ok(html.includes(`<span class="kpi-label">${wordsFor("en").html.keysOlderThan(30)}</span>`));
  assert.ok(!html.includes("older than 90"));
  assert.equal(meta(html).maxKeyAgeDays, 30);
  assert.equal(meta((await writePage([audited(PROD, prodUsers())])).html).maxKeyAgeDays, 90);
});

Deno.test("MFA coverage comes from the tally: each user once, skipped accounts left out of the root numbers", async () => {
  const { html, tally } = await writePage([
    audited(PROD, prodUsers(), [], { mfa: "Virtual", accessKeys: 0 }),
    SKIPPED,
  ]);
  assert.deepEqual(values(html, "mfa-console"), [1, 3]);
  assert.deepEqual([tally.consoleUsersWithMfa, tally.consoleUsers], [1, 3]);
  // Only the kinds present are drawn: Virtual 1, None 3 users; one Virtual root.
  assert.deepEqual(values(html, "mfa-users"), [1, 3]);
  assert.match(html, /id="mfa-users".*?data-kind="Virtual" data-value="1".*?data-kind="None" data-value="3"/);
  assert.deepEqual(values(html, "mfa-root"), [1]);
  assert.match(html, /id="mfa-root".*?data-kind="Virtual" data-value="1"/);
  assert.ok(html.includes("(33.3%)"));
});

Deno.test("the legend counts a user finding once per user, a key finding once per key, as the tally does", async () => {
  const { html } = await writePage([audited(
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
  )]);
  const legend = Object.fromEntries(
    [...html.matchAll(/<tr data-code="(\w+)">.*?data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
  );
  const expected = { KEY_NOT_ROTATED: 2, MULTIPLE_ACTIVE_KEYS: 1, ROOT_ACCESS_KEYS: 1, ROOT_NO_MFA: 1 };
  assert.deepEqual(Object.keys(legend), FINDING_CODES, "every code, in report order");
  for (const code of FINDING_CODES) {
    assert.equal(legend[code], expected[code as keyof typeof expected] ?? 0, code);
  }
  for (const code of FINDING_CODES) {
    assert.match(
      html,
      new RegExp(`<tr data-code="${code}"><td><button[^>]*class="chip sev-${FINDINGS[code].severity}"`),
    );
  }
});

Deno.test("close() writes the top accounts, the key ages and the interrupted banner from the tally", async () => {
  const results: AccountResult[] = [];
  for (let i = 0; i < 20; i++) {
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
    results.push(audited({ id: String(100000000000 + i), name: `Account ${i}`, state: "ACTIVE" }, users));
  }
  const { html, tally } = await writePage(results, { lang: "en", interrupted: true });
  const top = [...html.matchAll(/class="acct-bar" data-account="(\d+)"/g)].map((m) =>
    Number(m[1]) - 100000000000
  );
  assert.deepEqual(top, [19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
  assert.deepEqual(top, tally.topAccounts.map((a) => Number(a.account.id) - 100000000000));
  assert.equal(kpi(html, "keysOverMaxAge"), 190);
  assert.match(html, /<tr data-code="KEY_NOT_ROTATED">.*?data-value="190"/);
  // 190 active keys of 100 days, in the 91–180 bucket.
  assert.deepEqual(tally.keyAges.active, [0, 0, 190, 0, 0]);
  assert.ok(html.includes(`<g data-bucket="2"><title>91–180: 190 Active, 0 Inactive</title>`));
  assert.ok(
    html.includes(`<p class="banner" role="alert">${escapeHtml(wordsFor("en").html.interrupted)}</p>`),
  );
  assert.ok(html.includes(`<html lang="en">`));
});

Deno.test("key age buckets are labelled 0–30, 31–90, 91–180, 181–365, >365", () => {
  assert.deepEqual(KEY_AGE_BUCKET_LABELS, ["0–30", "31–90", "91–180", "181–365", ">365"]);
});

Deno.test("EventsPerDay counts events by day in the window, grouping days past its bar limit", () => {
  const perDay = new EventsPerDay(ago(90), NOW);
  assert.equal(perDay.bars.length, 90);
  perDay.add(ago(90));
  perDay.add(new Date(ago(1).getTime() + 1));
  perDay.add(new Date(NOW.getTime() - 1));
  perDay.add(undefined);
  perDay.add(ago(91));
  perDay.add(NOW);
  assert.deepEqual([perDay.bars[0], perDay.bars[89]], [1, 2]);
  assert.equal(perDay.bars.reduce((a, b) => a + b), 3, "outside the window or without a time: not drawn");
  const year = new EventsPerDay(ago(365), NOW);
  assert.equal(year.daysPerBar, 4);
  assert.ok(year.bars.length <= MAX_EVENT_BARS);
  assert.deepEqual(year.barStart(1), ago(361));
});

Deno.test("the page can load nothing: a strict CSP, no URL, no external reference", async () => {
  const { html } = await writePage([audited(PROD, prodUsers())]);
  assert.ok(
    html.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`),
  );
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:",
  );
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"), "the policy comes first");
  assert.doesNotMatch(html, /\s(src|href|srcset|action)=/i);
  assert.ok(!html.includes(`<p class="banner" role="alert">`), "not interrupted");
});

Deno.test("client.js and style.css are embedded as they are, and can neither fetch, inject markup nor end their element", async () => {
  const script = await Deno.readTextFile(CLIENT);
  const style = await Deno.readTextFile(STYLE);
  const { html } = await writePage([audited(PROD, prodUsers())]);
  assert.ok(html.includes(`<script>${script}</script>`));
  assert.ok(html.includes(`<style>${style}</style>`));
  // The script's JSDoc names the writer's types (`import("./data_block.ts")`): comments, never code.
  const code = script.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const asset of [code, style]) {
    assert.doesNotMatch(
      asset,
      /https?:|url\(|@import|fetch\(|XMLHttpRequest|import\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/,
    );
  }
  for (const asset of [script, style]) assert.doesNotMatch(asset, /<\/[a-z]/i);
  // Never parsing a cell back: no splitting, no date patterns.
  assert.doesNotMatch(code, /\.split\(|\\d\{4\}/);
});

Deno.test("deno check type-checks client.js with the DOM's types, in a workspace member of its own", async () => {
  const root = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const member = JSON.parse(
    await Deno.readTextFile(new URL("../lib/report/html/deno.json", import.meta.url)),
  );
  assert.ok(root.workspace.includes("./lib/report/html"));
  assert.equal(member.compilerOptions.checkJs, true);
  assert.ok(member.compilerOptions.lib.includes("dom"));
  // A lib reference in the script would give the DOM's globals to every module of the check.
  const script = await Deno.readTextFile(CLIENT);
  assert.doesNotMatch(script, /^\/\/\/ <reference/m);
  assert.doesNotMatch(script, /^\/\/ @ts-check/m);
});

Deno.test("the script's metadata: labels of the run's language, the model's findings catalog and weights", async () => {
  const { html } = await writePage([audited(PROD, prodUsers())], { lang: "en" });
  const m = meta(html);
  const words = wordsFor("en");
  assert.equal(m.locale, "en-US");
  assert.deepEqual(m.labels, words.html.client);
  assert.deepEqual(Object.keys(m.findings), FINDING_CODES);
  for (const code of FINDING_CODES) {
    const { severity } = FINDINGS[code];
    // The run cites CIS v7.0 (the default): its number, or iam-audit's own.
    const cis = cisOf(code, "7.0");
    assert.deepEqual(m.findings[code], {
      cis: cis === undefined ? "iam-audit" : `CIS ${cis}`,
      text: words.findings[code],
      severity,
    });
  }
  assert.equal(m.findings.KEY_NOT_ROTATED.cis, "CIS 2.12");
  assert.equal(m.findings.BEDROCK_API_KEY.cis, "iam-audit");
  assert.deepEqual(m.weights, SEVERITY_WEIGHT);
  // One root key outranks any pile of hygiene findings.
  assert.ok(m.weights.critical > m.weights.medium * 3);
  assert.deepEqual(m.columns.iam, PACKED_IAM_COLUMNS);
  assert.equal(m.defaultArn, DEFAULT_ARN);
});

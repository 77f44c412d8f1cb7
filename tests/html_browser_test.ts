/**
 * The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core (under Deno),
 * opens the demo organization's report from disk with every network request blocked and counted, and
 * checks what a person would: the headline numbers equal the CSV's, filters show the right rows, a
 * column sorts, hostile names stay text. It saves the screenshot the README shows.
 *
 * The report is written by the real command run against the simulator.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { Lang } from "../lib/i18n/words.ts";
import { DEFAULT_THRESHOLDS } from "../lib/model/findings.ts";
import { wordsFor } from "../lib/i18n/lang.ts";
import type { Scenario } from "../sim/scenario.ts";
import { runCli } from "./support/cli.ts";
import {
  consoleMfa,
  countFindings,
  type CsvRow,
  findingCodes,
  headlines,
  keyAgeDays,
  riskScore,
} from "./support/csv_oracle.ts";
import { withSimulator } from "./support/sim_run.ts";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = new URL("../", import.meta.url).pathname;
/**
 * The README's screenshot is refreshed only on request (`UPDATE_SCREENSHOT=1 deno task test`), so a
 * test run leaves the work tree clean; otherwise it goes to a temporary file, still taken and checked.
 */
const SCREENSHOT = Deno.env.get("UPDATE_SCREENSHOT") === "1"
  ? join(ROOT, "docs/html_report.png")
  : join(Deno.makeTempDirSync({ prefix: "iam-audit-shot-" }), "html_report.png");
const ROLE = "OrganizationAccountAccessRole";
const LANG: Lang = "es";
const DAY = 86_400_000;
/** The run's `--max-key-age`: its default. */
const MAX_KEY_AGE = DEFAULT_THRESHOLDS.maxKeyAgeDays;

/** Names that would run or break markup if the page treated data as HTML. */
const HOSTILE_USER = "</script><script>alert(1)</script>";
const QUOTE_USER = `"'&<>x<img src=x onerror="window.__pwned=1">`;
const HOSTILE_EVENT_USER = `<img src=x onerror=alert(3)>`;
const HOSTILE_AGENT = `"><svg onload=alert(4)><script>window.__pwned=1</script>`;

/** The demo organization, plus users and an event whose names are markup. */
async function scenario(now: Date): Promise<Scenario> {
  const s: Scenario = JSON.parse(await Deno.readTextFile(join(ROOT, "sim/scenarios/demo.json")));
  const dev = s.accounts.find((a) => a.id === "444444444444")!;
  const recent = (days: number) =>
    new Date(now.getTime() - days * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
  dev.users.push(
    {
      name: HOSTILE_USER,
      createDate: recent(20),
      mfaDevices: [],
      accessKeys: [{
        id: "AKIAHOSTILE000000001",
        status: "Active",
        createDate: recent(20),
        lastUsed: { date: recent(1), service: "s3", region: "eu-west-1" },
      }],
    },
    {
      name: QUOTE_USER,
      createDate: recent(30),
      mfaDevices: [],
      accessKeys: [{ id: "AKIAHOSTILE000000002", status: "Inactive", createDate: recent(30) }],
    },
  );
  dev.events.push({
    eventId: "ev-hostile-1",
    eventName: "CreateUser",
    eventTime: recent(3),
    awsRegion: "us-east-1",
    eventSource: "iam.amazonaws.com",
    username: HOSTILE_EVENT_USER,
    userIdentityType: "IAMUser",
    sourceIPAddress: "203.0.113.66",
    userAgent: HOSTILE_AGENT,
    readOnly: false,
    resources: [{ type: "AWS::IAM::User", name: HOSTILE_USER }],
  });
  return s;
}

/** The files of one run: the CSVs the numbers are checked against, and the HTML report. */
interface Reports {
  dir: string;
  html: string;
  iam: CsvRow[];
  accounts: CsvRow[];
  events: CsvRow[];
  credentials: CsvRow[];
}

async function readCsv(path: string): Promise<CsvRow[]> {
  const rows: Record<string, string>[] = parse(await Deno.readTextFile(path), { columns: true, bom: false });
  // The CSV writer prefixes formula-like cells with `'`; the HTML shows the raw value.
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) if (/^'[=+\-@\t\r]/.test(v)) row[k] = v.slice(1);
  }
  return rows;
}

async function collect(dir: string): Promise<Reports | undefined> {
  const files = [...Deno.readDirSync(dir)].map((e) => e.name);
  const find = (re: RegExp) => files.find((f) => re.test(f));
  const html = find(/^iam_audit_report_\d{8}_\d{6}\.html$/);
  if (!html) return undefined;
  return {
    dir,
    html: join(dir, html),
    iam: await readCsv(join(dir, find(/^iam_audit_report_.*\.csv$/)!)),
    accounts: await readCsv(join(dir, find(/^accounts_.*\.csv$/)!)),
    events: await readCsv(join(dir, find(/^cloudtrail_events_.*\.csv$/)!)),
    credentials: await readCsv(join(dir, find(/^credentials_.*\.csv$/)!)),
  };
}

/** The reports of the real command run against the simulator. */
function fromCli(s: Scenario): Promise<Reports> {
  return withSimulator(s, { pageSize: 50 }, async ({ env, out, dir }) => {
    const result = await runCli([
      "--profile",
      "sim-mgmt",
      "--role",
      ROLE,
      "--output-dir",
      out,
      "--lang",
      LANG,
    ], env);
    // 3: finished, the demo's Sandbox account (no audit role) failed.
    assert.equal(result.code, 3, result.stderr);
    const reports = await collect(out);
    assert.ok(reports, "the command wrote an HTML report");
    reports.dir = dir;
    return reports;
  });
}

/** What the page should list for a filter, computed from the CSVs: `account_id|user|key` per row. */
function expectedRows(
  r: Reports,
  filter: { account?: string; finding?: string; text?: string },
): string[] {
  const rootLabel = wordsFor(LANG).html.client.root;
  const names = new Map(r.accounts.map((a) => [a.account_id, a.account_name]));
  const out: string[] = [];
  const matches = (row: CsvRow, accountId: string, codes: string[]) => {
    if (filter.account && accountId !== filter.account) return false;
    if (filter.finding && !codes.includes(filter.finding)) return false;
    if (!filter.text) return true;
    const hay = [`${names.get(accountId)} (${accountId})`, ...Object.values(row)].join("\n").toLowerCase();
    return hay.includes(filter.text.toLowerCase());
  };
  for (const a of r.accounts) {
    const codes = findingCodes(a.findings);
    if (codes.length > 0 && matches(a, a.account_id, codes)) out.push(`${a.account_id}|${rootLabel}|`);
  }
  for (const row of r.iam) {
    if (matches(row, row.account_id, findingCodes(row.findings))) {
      out.push(`${row.account_id}|${row.username}|${row.access_key_id}`);
    }
  }
  for (const row of r.credentials) {
    if (matches(row, row.account_id, findingCodes(row.findings))) {
      out.push(`${row.account_id}|${row.username}|${row.credential_id}`);
    }
  }
  return out.sort();
}

/**
 * The rows on the findings table's current page, as `account_id|user|key`, their risk and age, and
 * whether the page marks the age old and the last use "never".
 */
function visibleRows(page: Page) {
  return page.$$eval("#findings-table tbody tr.row", (trs) =>
    trs.map((tr) => {
      const cell = (col: string) => tr.querySelector(`td[data-col="${col}"]`)!;
      return {
        id: `${cell("account").querySelector(".sub")!.textContent}|${cell("user").textContent}|${
          cell("key").textContent
        }`,
        user: cell("user").textContent!,
        risk: Number(cell("risk").textContent),
        age: cell("age").textContent === "" ? null : Number(cell("age").textContent!.replace(/\D/g, "")),
        old: cell("age").classList.contains("old"),
        never: cell("last").classList.contains("never"),
      };
    }));
}

async function shownCount(page: Page, table = "findings-table"): Promise<number> {
  return Number(await page.getAttribute(`#${table}-count`, "data-count"));
}

/** Applies the findings table's filters and waits for the debounced search to be applied. */
async function filter(page: Page, f: { account?: string; finding?: string; text?: string }) {
  const accountIndex = f.account === undefined ? "" : await page.$$eval(
    "#f-account option",
    (options, id) => options.find((o) => o.textContent!.endsWith(`(${id})`))!.getAttribute("value")!,
    f.account,
  );
  await page.selectOption("#f-account", accountIndex);
  await page.selectOption("#f-finding", f.finding ?? "");
  await page.fill("#f-text", f.text ?? "");
  await page.waitForTimeout(250);
}

Deno.test({
  name: "the HTML report, opened from disk in Chromium, loads nothing and shows what the CSVs say",
  // playwright-core keeps its own timers and pipes to the browser process until it exits.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    try {
      await Deno.stat(CHROMIUM);
    } catch {
      throw new Error(
        `${CHROMIUM} is missing: run tests/support/ensure_test_tools.sh (Debian's chromium package)`,
      );
    }
    const now = new Date();
    const s = await scenario(now);
    const reports = await fromCli(s);
    assert.equal((await Deno.stat(reports.html)).mode! & 0o777, 0o600);

    const profile = await Deno.makeTempDir({ prefix: "iam-audit-chromium-" });
    const context: BrowserContext = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1360, height: 1900 },
      deviceScaleFactor: 1,
      offline: true,
    });
    try {
      const reportUrl = new URL(`file://${reports.html}`).href;
      const requests: string[] = [];
      // Every request but the report's own navigation is counted and refused.
      await context.route("**/*", (route) => {
        if (route.request().url() === reportUrl) return route.continue();
        requests.push(route.request().url());
        return route.abort();
      });
      context.on("request", (request) => {
        if (request.url() !== reportUrl && !requests.includes(request.url())) requests.push(request.url());
      });
      // Any load the CSP refuses is a bug even though nothing left the machine: record those too.
      await context.addInitScript(
        `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => ` +
          `window.__csp.push(e.violatedDirective + " " + e.blockedURI));`,
      );
      // A broken page should fail in seconds, not in playwright's default 30 s per step.
      context.setDefaultTimeout(10_000);
      const page = context.pages()[0] ?? await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        d.dismiss().catch(() => {});
      });
      page.on("websocket", (ws) => requests.push(ws.url()));
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));

      await page.goto(reportUrl);
      await page.waitForSelector("html[data-ready]", { timeout: 10_000 });

      // The headline numbers are the CSV's, by the same definitions.
      const terms = wordsFor(LANG).terms;
      const expected = headlines(reports.iam, reports.accounts, terms);
      for (const [key, value] of Object.entries(expected)) {
        // The page lists interrupted accounts only when there are any.
        if (key === "accountsInterrupted" && value === 0) continue;
        const shown = await page.getAttribute(`[data-kpi="${key}"] [data-value]`, "data-value");
        assert.equal(Number(shown), value, `headline ${key}`);
        const text = await page.textContent(`[data-kpi="${key}"] [data-value]`);
        assert.equal(Number(text!.replace(/\D/g, "")), value, `headline ${key} as shown`);
      }
      assert.ok(
        expected.users > 10 && expected.activeKeys > 5 && expected.accountsFailed === 1,
        "a meaningful demo",
      );
      assert.deepEqual(
        await page.$$eval(
          "#mfa-console [data-value]",
          (els) => els.map((e) => Number(e.getAttribute("data-value"))),
        ),
        consoleMfa(reports.iam, terms),
      );
      // The legend counts each finding once per key, user or account it concerns.
      const legend = await page.$$eval(".legend-table tr[data-code]", (trs) =>
        trs.map((tr) => ({
          code: tr.getAttribute("data-code")!,
          n: Number(tr.querySelector("[data-value]")!.getAttribute("data-value")),
        })));
      const counts = countFindings(reports.iam, reports.accounts, reports.credentials);
      for (const { code, n } of legend) assert.equal(n, counts.get(code) ?? 0, `legend ${code}`);
      assert.ok(counts.size >= 8, "a demo with most findings");

      // All rows, worst first.
      const all = expectedRows(reports, {});
      assert.equal(await shownCount(page), all.length);
      const first = await visibleRows(page);
      assert.equal(first.length, Math.min(100, all.length));
      const scores = [
        ...reports.iam.map((r) => riskScore(findingCodes(r.findings))),
        ...reports.accounts.map((a) => riskScore(findingCodes(a.findings))),
        ...reports.credentials.map((c) => riskScore(findingCodes(c.findings))),
      ];
      assert.equal(first[0].risk, Math.max(...scores));
      for (let i = 1; i < first.length; i++) assert.ok(first[i - 1].risk >= first[i].risk, "worst first");
      // Old ages and never-used keys are marked as the CSV says, whatever the language's word.
      const csvRow = (id: string) =>
        reports.iam.find((r) => `${r.account_id}|${r.username}|${r.access_key_id}` === id);
      const credentialRow = (id: string) =>
        reports.credentials.find((r) => `${r.account_id}|${r.username}|${r.credential_id}` === id);
      for (const row of first) {
        const csv = csvRow(row.id);
        const credential = credentialRow(row.id);
        const age = csv ? keyAgeDays(csv) : credential ? Number(credential.age_days) : undefined;
        assert.equal(row.old, (age ?? 0) > MAX_KEY_AGE, `${row.id} old`);
        assert.equal(
          row.never,
          csv !== undefined && csv.access_key_id !== "" && csv.last_used_date === terms.keyNeverUsed,
          `${row.id} never used`,
        );
      }
      assert.ok(first.some((r) => r.old) && first.some((r) => r.never), "the demo has both");

      // Filters: account and finding together, then text.
      const staging = { account: "333333333333", finding: "KEY_NOT_ROTATED" };
      await filter(page, staging);
      const stagingRows = expectedRows(reports, staging);
      assert.ok(stagingRows.length > 0, "the demo has an old key in Staging");
      assert.deepEqual((await visibleRows(page)).map((r) => r.id).sort(), stagingRows);
      assert.equal(await shownCount(page), stagingRows.length);

      await filter(page, { text: "alert(1)" });
      const hostile = await visibleRows(page);
      assert.deepEqual(hostile.map((r) => r.id).sort(), expectedRows(reports, { text: "alert(1)" }));
      assert.deepEqual(hostile.map((r) => r.user), [HOSTILE_USER]);

      await filter(page, { text: "onerror" });
      assert.deepEqual((await visibleRows(page)).map((r) => r.user), [QUOTE_USER]);

      await filter(page, { account: "222222222222", finding: "*" });
      assert.deepEqual(
        (await visibleRows(page)).map((r) => r.id).sort(),
        expectedRows(reports, { account: "222222222222" }).filter((id) => {
          const [, user, key] = id.split("|");
          const row = reports.iam.find((r) =>
            r.account_id === "222222222222" && r.username === user && r.access_key_id === key
          );
          return row ? findingCodes(row.findings).length > 0 : true;
        }),
      );

      // Sorting: key (or credential) age, oldest first, then youngest first; rows without one stay last.
      await filter(page, {});
      const ages = [
        ...reports.iam.map((r) => keyAgeDays(r)),
        ...reports.credentials.map((r) => r.age_days === "" ? undefined : Number(r.age_days)),
      ].filter((a): a is number => a !== undefined);
      await page.click(`#findings-table th[data-sort="age"] button`);
      assert.equal(await page.getAttribute(`#findings-table th[data-sort="age"]`, "aria-sort"), "descending");
      let page1 = (await visibleRows(page)).map((r) => r.age);
      assert.equal(page1[0], Math.max(...ages));
      for (let i = 1; i < page1.length; i++) assert.ok(page1[i] === null || page1[i - 1]! >= page1[i]!);
      await page.click(`#findings-table th[data-sort="age"] button`);
      assert.equal(await page.getAttribute(`#findings-table th[data-sort="age"]`, "aria-sort"), "ascending");
      page1 = (await visibleRows(page)).map((r) => r.age);
      assert.equal(page1[0], Math.min(...ages));
      for (let i = 1; i < page1.length; i++) assert.ok(page1[i] === null || page1[i - 1]! <= page1[i]!);

      // The other tables.
      assert.equal(await shownCount(page, "events-table"), reports.events.length);
      await page.fill("#f-ev-text", "svg onload");
      await page.waitForTimeout(250);
      assert.deepEqual(
        await page.$$eval(
          "#events-table tbody tr.row td[data-col=agent]",
          (tds) => tds.map((td) => td.textContent),
        ),
        [HOSTILE_AGENT],
      );
      const notAudited = reports.accounts.filter((a) => a.audit_result !== "audited");
      assert.equal(await shownCount(page, "failed-table"), notAudited.length);
      const failed = reports.accounts.find((a) => a.audit_result === "failed")!;
      assert.ok((await page.textContent("#failed-table tbody"))!.includes(failed.reason));

      // Hostile names stayed text: nothing ran, nothing was injected.
      const injected = await page.evaluate(`({
        pwned: window.__pwned ?? 0,
        scripts: document.querySelectorAll("script").length,
        blocks: document.querySelectorAll("script[data-account]").length,
        images: document.querySelectorAll("img, [onerror], [onload]").length,
        csp: window.__csp,
      })`);
      assert.deepEqual(injected, {
        pwned: 0,
        scripts: reports.accounts.length + 2,
        blocks: reports.accounts.length,
        images: 0,
        csp: [],
      });
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, []);

      // The README's picture: a fresh load, as a person first sees it.
      await page.reload();
      await page.waitForSelector("html[data-ready]");
      await page.evaluate("window.scrollTo(0, 0)");
      await Deno.mkdir(join(ROOT, "docs"), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });

      assert.deepEqual(requests, [], "the page made no network request");
    } finally {
      await context.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      await Deno.remove(reports.dir, { recursive: true }).catch(() => {});
    }
  },
});

/**
 * The HTML page around the data: its head (the Content-Security-Policy, the style, the run), and at
 * the end its sections drawn from the run's tally (accounts, headline numbers, charts, MFA coverage,
 * the findings legend), the hosts the script fills with tables, the script's metadata and the script.
 * Every number here is read from the {@link RunTally}; nothing is counted again.
 *
 * @module
 */
import type { HtmlWords, Lang, Words } from "../../i18n/words.ts";
import {
  CIS_BENCHMARKS,
  type CisVersion,
  FINDING_CODES,
  FINDINGS,
  SEVERITIES,
} from "../../model/findings.ts";
import type { RootManagement } from "../../model/records.ts";
import type { ChangeTally } from "../../compare/change_tally.ts";
import { changesSection } from "./changes_section.ts";
import { type MfaCounts, occurrences, type RunTally, TOP_ACCOUNTS } from "../../model/tally.ts";
import { isoUtc, readableUtc } from "../../util/dates.ts";
import { COLORS, eventsChart, keyAgeChart, type NumberFormat, swatches, topAccountsChart } from "./charts.ts";
import { citation, clientMeta } from "./data_block.ts";
import { escapeHtml, jsonForScript } from "./escape.ts";
import type { EventsPerDay } from "./events_per_day.ts";
import { numberFormat } from "./format.ts";
import script from "./client.js" with { type: "text" };
import style from "./style.css" with { type: "text" };

/** What the report says about the run, known when the run starts. */
export interface HtmlRunInfo {
  startedAt: Date;
  /** iam-audit's version. */
  version: string;
  /** Language of the page's labels (the cells' words already follow it). */
  lang: Lang;
  organizationId?: string;
  managementAccountId: string;
  callerArn: string;
  /** The role assumed in member accounts. */
  role: string;
  /** CloudTrail window; shown only when `cloudTrail` is true. */
  since: Date;
  until: Date;
  /** Whether CloudTrail was queried at all. */
  cloudTrail: boolean;
  /** The CIS version the findings cite. */
  cis: CisVersion;
  /** Whether the organization manages root access centrally, as read before the accounts. */
  rootManagement?: RootManagement["state"];
}

/**
 * The policy that keeps the page from loading or sending anything: inline style and script only,
 * images only as `data:` URLs. It comes before anything else in the head.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/**
 * The page from its doctype to the run's description: what can be written before any account.
 *
 * @param run the run
 * @param labels the page's words
 * @returns the HTML
 */
export function pageHead(run: HtmlRunInfo, labels: HtmlWords): string {
  const rows: [string, string][] = [
    [labels.date, readableUtc(run.startedAt)],
    [labels.organization, run.organizationId ?? "—"],
    [labels.managementAccount, run.managementAccountId],
    [labels.caller, run.callerArn],
    [labels.role, run.role],
    [
      labels.window,
      run.cloudTrail ? `${readableUtc(run.since)} → ${readableUtc(run.until)}` : labels.cloudTrailOff,
    ],
    [labels.benchmark, CIS_BENCHMARKS[run.cis]],
    [labels.version, `iam-audit ${run.version}`],
  ];
  if (run.rootManagement) rows.push([labels.rootManagement, labels.rootManagementStates[run.rootManagement]]);
  const title = `${labels.title} — ${run.organizationId ?? run.managementAccountId} — ${
    isoUtc(run.startedAt)
  }`;
  return `<!DOCTYPE html>
<html lang="${run.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iam-audit ${escapeHtml(run.version)}">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<header class="run">
<h1>${escapeHtml(labels.title)}</h1>
<dl class="run-info">
${rows.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("\n")}
</dl>
</header>
`;
}

/** What the end of the page is drawn from. */
export interface PageEnd {
  run: HtmlRunInfo;
  words: Words;
  tally: RunTally;
  /** CloudTrail events per day, counted as the accounts were written. */
  eventsPerDay: EventsPerDay;
  /** The run stopped before every account was audited. */
  interrupted: boolean;
  /** What changed since the earlier run, with `--compare-with`. */
  changes?: ChangeTally;
}

/**
 * The page after the accounts' data blocks: every section, the script's metadata, the script, and the
 * end of the document.
 *
 * @param end the run, its words and its tally
 * @returns the HTML
 */
export function pageEnd(end: PageEnd): string {
  const { run, words, tally } = end;
  const labels = words.html;
  const fmt = numberFormat(run.lang);
  const parts: string[] = [];
  if (end.interrupted) parts.push(`<p class="banner" role="alert">${escapeHtml(labels.interrupted)}</p>`);
  parts.push(`<noscript><p class="banner">${escapeHtml(labels.noscript)}</p></noscript>`);
  parts.push(accountsSection(tally, labels, fmt));
  parts.push(headlineSection(tally, labels, fmt));
  if (end.changes) parts.push(changesSection(end.changes, words, fmt));
  parts.push(
    `<section class="charts"><figure class="chart" id="chart-key-age"><figcaption>${
      escapeHtml(labels.keyAgeChart)
    }</figcaption>${keyAgeChart(tally.keyAges, labels, fmt)}${
      swatches([[COLORS.active, labels.active], [COLORS.inactive, labels.inactive]])
    }</figure><figure class="chart" id="chart-findings-by-account"><figcaption>${
      escapeHtml(labels.findingsByAccount(TOP_ACCOUNTS))
    }</figcaption>${topAccountsChart(tally.topAccounts, labels, fmt)}${
      swatches(SEVERITIES.map((s) => [COLORS[s], labels.severities[s]]))
    }</figure></section>`,
  );
  parts.push(mfaSection(tally, labels, fmt));
  parts.push(findingsSection(tally, words, fmt, run.cis));
  parts.push(
    `<section id="failed"><h2>${
      escapeHtml(labels.failedAccounts)
    }</h2><div class="table-host" id="failed-host"></div></section>`,
  );
  if (run.cloudTrail) {
    parts.push(
      `<section id="events"><h2>${escapeHtml(labels.eventsTitle)} <small>(${
        fmt(tally.events)
      })</small></h2>` +
        `<figure class="chart wide" id="chart-events"><figcaption>${
          escapeHtml(labels.eventsPerDay)
        }</figcaption>${eventsChart(end.eventsPerDay, labels, fmt)}</figure>` +
        `<div class="table-host" id="events-host"></div></section>`,
    );
  }
  parts.push(`<footer>${escapeHtml(labels.footer(run.version))}</footer>`);
  parts.push(
    `<script type="application/json" id="report-meta">${
      jsonForScript(clientMeta(words, tally.thresholds, run.cis))
    }</script>`,
  );
  parts.push(`<script>${script}</script>`);
  parts.push(`</body>\n</html>\n`);
  return parts.join("\n");
}

/** A number the page shows, and the `data-kpi` key it can be found by. */
interface Count {
  key: string;
  label: string;
  value: number;
}

function accountsSection(tally: RunTally, labels: HtmlWords, fmt: NumberFormat): string {
  const o = tally.outcomes;
  const counts: (Count & { cls: string })[] = [
    { key: "accountsAudited", label: labels.accountsAudited, value: o.audited, cls: "ok" },
    { key: "accountsFailed", label: labels.accountsFailed, value: o.failed, cls: o.failed > 0 ? "bad" : "" },
    { key: "accountsSkipped", label: labels.accountsSkipped, value: o.skipped, cls: "" },
  ];
  if (o.interrupted > 0) {
    counts.push({
      key: "accountsInterrupted",
      label: labels.accountsInterrupted,
      value: o.interrupted,
      cls: "",
    });
  }
  return `<section class="accounts" aria-label="${escapeHtml(labels.accounts)}"><h2>${
    escapeHtml(labels.accounts)
  }</h2><p>` +
    counts.map((c) =>
      `<span class="acct-count ${c.cls}" data-kpi="${c.key}"><b data-value="${c.value}">${fmt(c.value)}</b> ${
        escapeHtml(c.label)
      }</span>`
    ).join(" · ") + `</p></section>`;
}

function headlineSection(tally: RunTally, labels: HtmlWords, fmt: NumberFormat): string {
  const noMfa = tally.findings.get("CONSOLE_WITHOUT_MFA")!.users;
  // Risky numbers are marked when not zero; the first two only describe the organization.
  const kpis: (Count & { risky: boolean })[] = [
    { key: "users", label: labels.users, value: tally.users, risky: false },
    { key: "activeKeys", label: labels.activeKeys, value: tally.activeKeys, risky: false },
    {
      key: "keysOverMaxAge",
      label: labels.keysOlderThan(tally.thresholds.maxKeyAgeDays),
      value: tally.keysOverMaxAge,
      risky: true,
    },
    { key: "keysNeverUsed", label: labels.keysNeverUsed, value: tally.keysNeverUsed, risky: true },
    { key: "consoleUsersWithoutMfa", label: labels.consoleUsersWithoutMfa, value: noMfa, risky: true },
    {
      key: "accountsWithRootIssues",
      label: labels.accountsWithRootIssues,
      value: tally.accountsWithRootIssues,
      risky: true,
    },
    {
      key: "otherCredentialsActive",
      label: labels.otherCredentialsActive,
      value: Object.values(tally.credentials).reduce((n, k) => n + k.active, 0),
      risky: false,
    },
    {
      key: "bedrockApiKeys",
      label: labels.bedrockApiKeys,
      value: tally.findings.get("BEDROCK_API_KEY")!.credentials,
      risky: true,
    },
  ];
  return `<section class="kpis">` +
    kpis.map((k) =>
      `<div class="kpi${k.risky && k.value > 0 ? " risky" : ""}" data-kpi="${k.key}">` +
      `<span class="kpi-value" data-value="${k.value}">${fmt(k.value)}</span>` +
      `<span class="kpi-label">${escapeHtml(k.label)}</span></div>`
    ).join("") + `</section>`;
}

function mfaSection(tally: RunTally, labels: HtmlWords, fmt: NumberFormat): string {
  const { consoleUsers, consoleUsersWithMfa } = tally;
  // Without console users there is no coverage to show: an empty bar, not a green one.
  const pct = consoleUsers === 0 ? 0 : Math.round((consoleUsersWithMfa / consoleUsers) * 1000) / 10;
  const missing = consoleUsers === 0 ? 0 : 100 - pct;
  const kinds: [keyof MfaCounts, string][] = [
    ["Hardware", labels.mfaHardware],
    ["Virtual", labels.mfaVirtual],
    ["None", labels.mfaNone],
    ["unknown", labels.mfaUnknown],
  ];
  const stacked = (counts: MfaCounts, id: string, title: string) => {
    const total = Math.max(1, counts.Hardware + counts.Virtual + counts.None + counts.unknown);
    return `<div class="mfa-row" id="${id}"><span class="mfa-title">${
      escapeHtml(title)
    }</span><div class="stack">${
      kinds.filter(([k]) => counts[k] > 0).map(([k, label]) =>
        `<span style="width:${(counts[k] / total) * 100}%;background:${COLORS[k]}" title="${
          escapeHtml(label)
        }: ${counts[k]}" data-kind="${k}" data-value="${counts[k]}"></span>`
      ).join("")
    }</div><span class="mfa-detail">${
      kinds.map(([k, label]) => `${escapeHtml(label)}: ${fmt(counts[k])}`).join(" · ")
    }</span></div>`;
  };
  return `<section id="mfa"><h2>${escapeHtml(labels.mfaCoverage)}</h2>` +
    `<div class="mfa-row" id="mfa-console"><span class="mfa-title">${
      escapeHtml(labels.consoleUsersWithMfa)
    }</span><div class="stack"><span style="width:${pct}%;background:${COLORS.Hardware}"></span>` +
    `<span style="width:${missing}%;background:${COLORS.None}"></span></div><span class="mfa-detail">` +
    `<b data-value="${consoleUsersWithMfa}">${fmt(consoleUsersWithMfa)}</b> / ` +
    `<b data-value="${consoleUsers}">${fmt(consoleUsers)}</b>${
      consoleUsers === 0 ? "" : ` (${pct}%)`
    }</span></div>` +
    stacked(tally.usersByMfa, "mfa-users", labels.usersByMfa) +
    stacked(tally.rootMfa, "mfa-root", labels.rootMfa) +
    swatches(kinds.map(([k, label]) => [COLORS[k], label])) +
    rootStatesRow(tally, labels, fmt) +
    `</section>`;
}

function findingsSection(tally: RunTally, words: Words, fmt: NumberFormat, version: CisVersion): string {
  const labels = words.html;
  const legend = FINDING_CODES.map((code) => {
    const { severity } = FINDINGS[code];
    const cis = citation(code, version, words);
    const n = occurrences(code, tally.findings.get(code)!);
    return `<tr data-code="${code}"><td><button type="button" class="chip sev-${severity}" data-code="${code}">${code}</button></td>` +
      `<td>${escapeHtml(cis)}</td><td>${escapeHtml(labels.severities[severity])}</td>` +
      `<td class="num" data-value="${n}">${fmt(n)}</td><td>${escapeHtml(words.findings[code])}</td></tr>`;
  }).join("");
  return `<section id="findings"><h2>${escapeHtml(labels.findingsTable)}</h2><p class="help">${
    escapeHtml(labels.findingsHelp)
  }</p><div class="table-host" id="findings-host"></div>` +
    `<details class="legend" open><summary>${
      escapeHtml(labels.legend)
    }</summary><table class="legend-table"><thead><tr><th>${escapeHtml(labels.code)}</th><th>${
      escapeHtml(labels.cis)
    }</th><th>${escapeHtml(labels.severity)}</th><th class="num">${escapeHtml(labels.count)}</th><th>${
      escapeHtml(labels.description)
    }</th></tr></thead><tbody>${legend}</tbody></table></details></section>`;
}

/** The accounts by the state of their root user, as a stacked bar with its own legend. */
function rootStatesRow(tally: RunTally, labels: HtmlWords, fmt: NumberFormat): string {
  const states = Object.keys(tally.rootStates) as (keyof RunTally["rootStates"])[];
  const total = Math.max(1, states.reduce((n, k) => n + tally.rootStates[k], 0));
  return `<div class="mfa-row" id="root-states"><span class="mfa-title">${
    escapeHtml(labels.rootStates)
  }</span>` +
    `<div class="stack">${
      states.filter((k) => tally.rootStates[k] > 0).map((k) =>
        `<span style="width:${(tally.rootStates[k] / total) * 100}%;background:${
          ROOT_STATE_COLORS[k]
        }" title="${escapeHtml(labels.rootStateNames[k])}: ${
          tally.rootStates[k]
        }" data-kind="${k}" data-value="${tally.rootStates[k]}"></span>`
      ).join("")
    }</div><span class="mfa-detail">${
      states.map((k) => `${escapeHtml(labels.rootStateNames[k])}: ${fmt(tally.rootStates[k])}`).join(" · ")
    }</span></div>` +
    swatches(states.map((k) => [ROOT_STATE_COLORS[k], labels.rootStateNames[k]]));
}

/** Root states, from good (no credentials) to bad (no MFA). */
const ROOT_STATE_COLORS: Record<keyof RunTally["rootStates"], string> = {
  no_credentials: "#15803d",
  hardware_mfa: "#22c55e",
  virtual_mfa: "#4ade80",
  credentials_remain: "#ca8a04",
  no_mfa: "#dc2626",
  unknown: "#cbd5e1",
};

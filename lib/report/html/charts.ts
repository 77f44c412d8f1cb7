/**
 * The page's charts, drawn as inline SVG from numbers already counted: access keys by age, the
 * accounts with the most findings, and CloudTrail events per day. Every text in them is escaped.
 *
 * @module
 */
import type { HtmlWords } from "../../i18n/words.ts";
import { SEVERITIES } from "../../model/findings.ts";
import {
  type AccountFindingCount,
  KEY_AGE_BUCKET_LIMITS,
  type RunTally,
  TOP_ACCOUNTS,
} from "../../model/tally.ts";
import { isoUtc } from "../../util/dates.ts";
import { escapeHtml } from "./escape.ts";
import type { EventsPerDay } from "./events_per_day.ts";

/** Colours of severities, key states, MFA kinds and events, shared by charts and their swatches. */
export const COLORS = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#ca8a04",
  low: "#64748b",
  active: "#1d4ed8",
  inactive: "#93c5fd",
  Hardware: "#15803d",
  Virtual: "#4ade80",
  None: "#dc2626",
  unknown: "#cbd5e1",
  events: "#7c3aed",
} as const;

/** Labels of the key age buckets, in order: `0–30`, `31–90`, …, `>365`. */
export const KEY_AGE_BUCKET_LABELS: readonly string[] = [
  ...KEY_AGE_BUCKET_LIMITS.map((limit, i) => `${i === 0 ? 0 : KEY_AGE_BUCKET_LIMITS[i - 1] + 1}–${limit}`),
  `>${KEY_AGE_BUCKET_LIMITS[KEY_AGE_BUCKET_LIMITS.length - 1]}`,
];

/** Writes a count for a reader, in the run's language. */
export type NumberFormat = (n: number) => string;

/**
 * A chart's key: a coloured square and a label per item.
 *
 * @param items colour and label of each item
 * @returns the HTML
 */
export function swatches(items: readonly (readonly [string, string])[]): string {
  return `<div class="swatches">${
    items.map(([color, label]) => `<span><i style="background:${color}"></i>${escapeHtml(label)}</span>`)
      .join("")
  }</div>`;
}

/**
 * Access keys by age bucket, active keys stacked under inactive ones, each bar with its total.
 *
 * @param ages the tally's keys by age bucket
 * @param labels the page's words
 * @param fmt the number format
 * @returns the SVG
 */
export function keyAgeChart(ages: RunTally["keyAges"], labels: HtmlWords, fmt: NumberFormat): string {
  const { active, inactive } = ages;
  const totals = active.map((n, i) => n + inactive[i]);
  const max = Math.max(1, ...totals);
  const W = 560, H = 200, top = 20, bottom = 30, left = 10, gap = 18;
  const bw = (W - left * 2 - gap * (totals.length - 1)) / totals.length;
  const scale = (n: number) => (n / max) * (H - top - bottom);
  const bars = totals.map((total, i) => {
    const x = left + i * (bw + gap);
    const ha = scale(active[i]), hi = scale(inactive[i]);
    const yBase = H - bottom;
    const label = KEY_AGE_BUCKET_LABELS[i];
    return `<g data-bucket="${i}"><title>${escapeHtml(label)}: ${active[i]} ${escapeHtml(labels.active)}, ${
      inactive[i]
    } ${escapeHtml(labels.inactive)}</title>` +
      `<rect x="${x}" y="${yBase - ha}" width="${bw}" height="${ha}" fill="${COLORS.active}"/>` +
      `<rect x="${x}" y="${yBase - ha - hi}" width="${bw}" height="${hi}" fill="${COLORS.inactive}"/>` +
      `<text x="${x + bw / 2}" y="${yBase - ha - hi - 5}" text-anchor="middle" class="v">${
        fmt(total)
      }</text>` +
      `<text x="${x + bw / 2}" y="${H - 10}" text-anchor="middle">${escapeHtml(label)}</text></g>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(labels.keyAgeChart)}">${
    bars.join("")
  }<line x1="0" x2="${W}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/></svg>`;
}

/**
 * The accounts with the most findings, one bar each, split by severity; a bar carries its account's id
 * so that the script can filter the findings table by it.
 *
 * @param top the tally's top accounts, most findings first
 * @param labels the page's words
 * @param fmt the number format
 * @returns the SVG, or a short text when no account has findings
 */
export function topAccountsChart(
  top: readonly AccountFindingCount[],
  labels: HtmlWords,
  fmt: NumberFormat,
): string {
  if (top.length === 0) return `<p class="empty">${escapeHtml(labels.noFindings)}</p>`;
  const rowH = 22, labelW = 190, W = 520, right = 40;
  const H = top.length * rowH + 6;
  const max = Math.max(1, top[0].total);
  const rows = top.map((a, i) => {
    const y = i * rowH + 3;
    const { id, name } = a.account;
    const short = name.length > 26 ? `${name.slice(0, 25)}…` : name;
    let x = labelW;
    const segments = SEVERITIES.map((s) => {
      const w = (a.bySeverity[s] / max) * (W - labelW - right);
      const rect = w > 0
        ? `<rect x="${x}" y="${y}" width="${w}" height="${rowH - 6}" fill="${COLORS[s]}"/>`
        : "";
      x += w;
      return rect;
    }).join("");
    const detail = SEVERITIES.filter((s) => a.bySeverity[s] > 0).map((s) =>
      `${a.bySeverity[s]} ${labels.severities[s]}`
    ).join(", ");
    return `<g class="acct-bar" data-account="${escapeHtml(id)}"><title>${escapeHtml(name)} (${
      escapeHtml(id)
    }): ${escapeHtml(detail)}</title><text x="${labelW - 6}" y="${y + rowH - 10}" text-anchor="end">${
      escapeHtml(short)
    }</text>${segments}<text x="${x + 4}" y="${y + rowH - 10}" class="v">${fmt(a.total)}</text></g>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${
    escapeHtml(labels.findingsByAccount(TOP_ACCOUNTS))
  }">${rows.join("")}</svg>`;
}

/**
 * CloudTrail events per day (or per group of days), with the first, middle and last day under the
 * axis and the peak above it.
 *
 * @param perDay the window's counts
 * @param labels the page's words
 * @param fmt the number format
 * @returns the SVG
 */
export function eventsChart(perDay: EventsPerDay, labels: HtmlWords, fmt: NumberFormat): string {
  const { bars } = perDay;
  const W = 900, H = 110, bottom = 22, top = 12;
  const peak = Math.max(0, ...bars);
  const max = Math.max(1, peak);
  const bw = W / bars.length;
  const day = (i: number) => isoUtc(perDay.barStart(i)).slice(0, 10);
  const rects = bars.map((n, i) => {
    if (n === 0) return "";
    const h = (n / max) * (H - top - bottom);
    return `<rect x="${i * bw}" y="${H - bottom - h}" width="${
      Math.max(1, bw - 1)
    }" height="${h}" fill="${COLORS.events}"><title>${day(i)}: ${n}</title></rect>`;
  }).join("");
  const ticks = [0, Math.floor(bars.length / 2), bars.length - 1].map((i, k) =>
    `<text x="${k === 0 ? 0 : k === 1 ? i * bw : W}" y="${H - 6}" text-anchor="${
      k === 0 ? "start" : k === 1 ? "middle" : "end"
    }">${day(i)}</text>`
  ).join("");
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${
    escapeHtml(labels.eventsPerDay)
  }">${rects}${ticks}` +
    `<line x1="0" x2="${W}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/>` +
    `<text x="${W}" y="${top - 2}" text-anchor="end" class="v">${
      escapeHtml(labels.eventsPeak(fmt(peak)))
    }</text></svg>`;
}

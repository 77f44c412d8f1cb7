/**
 * The page's "since the previous audit" section (`--compare-with`): how many changes of each kind, the
 * most severe first, and what could not be compared. Drawn from the comparison's tally; the full list is
 * the changes report.
 *
 * @module
 */
import type { ChangeTally } from "../../compare/change_tally.ts";
import type { Words } from "../../i18n/words.ts";
import { readableUtc } from "../../util/dates.ts";
import type { NumberFormat } from "./charts.ts";
import { escapeHtml } from "./escape.ts";

/**
 * The section.
 *
 * @param changes the comparison's tally
 * @param words the run's words
 * @param fmt how numbers are written
 * @returns the HTML
 */
export function changesSection(changes: ChangeTally, words: Words, fmt: NumberFormat): string {
  const w = words.changes;
  const severities = words.html.severities;
  const counts = changes.byKind.map(([kind, n]) =>
    `<span class="change-count" data-change="${kind}"><b data-value="${n}">${fmt(n)}</b> ${
      escapeHtml(w.kinds[kind])
    }</span>`
  );
  const worst = changes.worst.map((c) =>
    `<li data-change="${c.kind}"><span class="chip sev-${c.severity}">${
      escapeHtml(severities[c.severity])
    }</span> ${escapeHtml(w.describe(c))}</li>`
  );
  const notCompared = changes.notComparedByReason.map(([reason, n]) =>
    `<li>${escapeHtml(w.notCompared[reason](n))}</li>`
  );
  return `<section id="changes"><h2>${escapeHtml(w.title(readableUtc(changes.since), changes.total))}</h2>` +
    (changes.total === 0
      ? `<p>${escapeHtml(w.none)}</p>`
      : `<p class="change-counts">${counts.join(" · ")}</p>`) +
    (worst.length > 0
      ? `<h3>${escapeHtml(w.worst)}</h3><ol class="changes-worst">${worst.join("")}</ol>`
      : "") +
    (notCompared.length > 0 ? `<ul class="not-compared">${notCompared.join("")}</ul>` : "") +
    `</section>`;
}

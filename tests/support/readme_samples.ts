/**
 * `deno task readme-samples`: runs the demo and writes what it printed and wrote into the README's
 * sample blocks (between `<!-- demo-sample:NAME -->` and `<!-- /demo-sample:NAME -->`), so that the
 * README shows the real thing. `tests/readme_samples_test.ts` checks the README still matches a fresh
 * demo, dates and timings aside.
 *
 * The demo runs with `--concurrency 1` here so that the order of accounts is the same every time.
 *
 * @module
 */
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { FIRST_AUDIT, runDemo, SECOND_AUDIT } from "../../scripts/demo.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The sample blocks, by name, as Markdown code blocks. */
export type Samples = Record<"console" | "iam" | "events" | "accounts" | "changes", string>;

/**
 * Runs the demo and builds the sample blocks.
 *
 * @returns the blocks, ready for the README
 */
export async function demoSamples(): Promise<Samples> {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-samples-" });
  try {
    const out = join(dir, "demo-output");
    const run = await runDemo({ outputDir: out, args: ["--concurrency", "1", "--no-html"], output: "piped" });
    if (run.code !== 3) throw new Error(`the demo exited ${run.code}: ${run.stderr}`);
    // The demo audits twice: the samples are the second audit's (the newest stamp).
    const file = (prefix: string) => {
      const name = [...Deno.readDirSync(out)].map((e) => e.name)
        .filter((n) => n.startsWith(prefix) && n.endsWith(".csv")).sort().at(-1)!;
      return Deno.readTextFileSync(join(out, name)).replaceAll("\r\n", "\n").trimEnd();
    };
    const head = (text: string, rows: number) => text.split("\n").slice(0, rows + 1).join("\n");
    // What a newcomer sees: the first audit's file names (it is quiet), then the second audit's console;
    // each run's standard output, then its standard error.
    const printed = (r: { stdout: string; stderr: string }) =>
      [r.stdout.trimEnd(), r.stderr.trimEnd()].filter((t) => t !== "").join("\n");
    const console = [FIRST_AUDIT, printed(run.first), SECOND_AUDIT, printed(run)].join("\n")
      .replaceAll(`${out}/`, "demo-output/");
    return {
      console: "```\n$ deno task demo\n" + console + "\n```",
      iam: "```csv\n" + head(file("iam_audit_report_"), 8) + "\n```",
      events: "```csv\n" + head(file("cloudtrail_events_"), 4) + "\n```",
      accounts: "```csv\n" + file("accounts_") + "\n```",
      changes: "```csv\n" + file("changes_") + "\n```",
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The README's sample blocks.
 *
 * @param readme the README's text
 * @returns each block's content, by name
 */
export function readmeSamples(readme: string): Partial<Samples> {
  const found: Partial<Samples> = {};
  for (
    const m of readme.matchAll(/<!-- demo-sample:(\w+) -->\s*\n([\s\S]*?)\n\s*<!-- \/demo-sample:\1 -->/g)
  ) {
    found[m[1] as keyof Samples] = m[2].trim();
  }
  return found;
}

/**
 * Replaces what changes from one run to the next: dates, the files' timestamp, durations, the key ages
 * that follow from dates, and the order in which accounts audited at once start and finish.
 *
 * @param block a sample block
 * @returns the block with those values replaced by placeholders
 */
export function normalize(block: string): string {
  let text = block
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, "<time>")
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/g, "<time>")
    .replace(/\d{8}_\d{6}/g, "<stamp>");
  if (block.startsWith("```csv")) {
    const body = text.replace(/^```csv\n/, "").replace(/\n```$/, "");
    const rows = parse(body, { columns: true }) as Record<string, string>[];
    for (const row of rows) {
      if ("seconds" in row) row.seconds = "<s>";
      if ("key_age_days" in row && row.key_age_days !== "") row.key_age_days = "<days>";
    }
    // Accounts are written as they finish, an order that depends on timing: compare them by id (a
    // stable sort keeps each account's rows in their order).
    rows.sort((a, b) => (a.account_id ?? "").localeCompare(b.account_id ?? ""));
    text = JSON.stringify(rows, null, 1);
  } else {
    text = accountLinesTogether(text);
  }
  return text;
}

/**
 * Console lines about one account after the line that starts it: how the messages of accounts audited
 * at once interleave depends on timing.
 */
function accountLinesTogether(text: string): string {
  const lines = text.split("\n");
  const about = (line: string) => /^\s+.*\((\d{12})\)$/.exec(line)?.[1];
  const follow = new Map<string, string[]>();
  for (const line of lines) {
    const id = about(line);
    if (id) follow.set(id, [...follow.get(id) ?? [], line]);
  }
  return lines.flatMap((line) => {
    if (about(line)) return [];
    const id = /^\S.*\((\d{12})\)$/.exec(line)?.[1];
    return id ? [line, ...follow.get(id) ?? []] : [line];
  }).join("\n");
}

if (import.meta.main) {
  const path = join(ROOT, "README.md");
  let readme = await Deno.readTextFile(path);
  const samples = await demoSamples();
  for (const [name, block] of Object.entries(samples)) {
    // Blank lines around the block, as deno fmt writes them, so formatting leaves the README alone.
    const pattern = new RegExp(`<!-- demo-sample:${name} -->[\\s\\S]*?<!-- /demo-sample:${name} -->`);
    if (!pattern.test(readme)) throw new Error(`README.md has no demo-sample:${name} block`);
    readme = readme.replace(
      pattern,
      () => `<!-- demo-sample:${name} -->\n\n${block}\n\n<!-- /demo-sample:${name} -->`,
    );
  }
  await Deno.writeTextFile(path, readme);
  console.log(`README.md: ${Object.keys(samples).length} sample blocks written from the demo`);
}

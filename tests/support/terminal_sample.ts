/**
 * Prints what a terminal shows while and after a command runs, for the README's console samples
 * (so they are produced, not typed): the final screen, and with `--live PATTERN` also the first
 * screen, mid-run, whose last line matches PATTERN (the live status line).
 *
 * ```
 * deno run -A tests/support/terminal_sample.ts [--columns 100] [--rows 40] [--live 'cuentas'] -- deno task demo
 * ```
 *
 * Needs tmux and script (util-linux), as `tests/progress_pty_test.ts` does.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runInTerminal } from "./pty.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  options: {
    columns: { type: "string", default: "100" },
    rows: { type: "string", default: "40" },
    live: { type: "string" },
    timeout: { type: "string", default: "120" },
  },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error("usage: terminal_sample.ts [--columns N] [--rows N] [--live PATTERN] -- COMMAND ARGS...");
  Deno.exit(2);
}
const live = values.live ? new RegExp(values.live) : undefined;
const run = await runInTerminal(positionals, {
  columns: Number(values.columns),
  rows: Number(values.rows),
  timeoutMs: Number(values.timeout) * 1000,
  snapshotWhen: live ? (screen) => live.test(screen.split("\n").at(-1) ?? "") : undefined,
});
if (live) console.log(`--- mid-run ---\n${run.snapshot ?? "(never seen)"}\n--- end ---`);
console.log(run.screen);
Deno.exit(run.code);

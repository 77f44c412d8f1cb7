// deno-lint-ignore-file no-control-regex -- these tests are about terminal escape codes
/**
 * The console of a run without a terminal: the status line's content, width, estimate and colour;
 * what each mode prints, and where; the redraw and plain-line cadences, on an injected clock.
 * (`progress_pty_test.ts` checks what a real terminal shows.)
 */
import assert from "node:assert/strict";
import { type OutputMode, PLAIN_EVERY_MS, Progress } from "../lib/console/progress.ts";
import {
  colorAllowed,
  estimateRemainingMs,
  formatApiCall,
  formatDuration,
  formatPlainProgress,
  formatStatusLine,
  type ProgressSnapshot,
  truncate,
} from "../lib/console/status_line.ts";
import { es } from "../lib/i18n/es.ts";
import { readAhead } from "../lib/util/streams.ts";

const ESC = "\x1b";

function snapshot(fields: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
  return {
    total: 40,
    done: 12,
    running: 8,
    failed: 0,
    audited: 12,
    users: 1234,
    keys: 2345,
    events: 567,
    throttled: 3,
    elapsedMs: 83_000,
    firstStartMs: 3_000,
    ...fields,
  };
}

/** A Progress writing into arrays, on a clock the test moves. */
function harness(mode: OutputMode, terminal: boolean, columns = 120, color = false) {
  let now = 1_000;
  const out: string[] = [];
  const err: string[] = [];
  const progress = new Progress({
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stderrIsTerminal: terminal,
    color,
    mode,
    now: () => now,
    columns: () => columns,
  });
  return {
    progress,
    out,
    err,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** What a terminal would show on stderr's last line after these writes (CR + erase-line aware). */
function lastLine(writes: string[]): string {
  let line = "";
  for (const w of writes.join("").split(/(\r\x1b\[2K|\n)/)) {
    if (w === "\r\x1b[2K" || w === "\n") line = "";
    else line += w;
  }
  return line;
}

Deno.test("durations read m:ss, then h:mm:ss", () => {
  assert.equal(formatDuration(0), "0:00");
  assert.equal(formatDuration(7_900), "0:07");
  assert.equal(formatDuration(725_000), "12:05");
  assert.equal(formatDuration(3_723_000), "1:02:03");
  assert.equal(formatDuration(-5), "0:00");
});

Deno.test("the estimate uses the pace of finished accounts, from the first account's start", () => {
  // 12 accounts in 80 s of account work: 28 left take 80 / 12 * 28 s.
  assert.equal(estimateRemainingMs(snapshot()), (80_000 / 12) * 28);
  assert.equal(estimateRemainingMs(snapshot({ total: undefined })), undefined, "total unknown");
  assert.equal(estimateRemainingMs(snapshot({ done: 2, audited: 2 })), undefined, "too few accounts");
  assert.equal(
    estimateRemainingMs(snapshot({ done: 5, audited: 2 })),
    undefined,
    "skipped ones do not count",
  );
  assert.equal(estimateRemainingMs(snapshot({ done: 40 })), 0);
});

Deno.test("the status line shows accounts, users, keys, events, throttled retries, elapsed and time left", () => {
  assert.equal(
    formatStatusLine(snapshot(), 200),
    "12/40 accounts · 8 running · 1234 users · 2345 keys · 567 events · 3 throttled · 1:23 elapsed · ~3:06 left",
  );
  assert.equal(
    formatStatusLine(snapshot({ total: undefined, done: 2, audited: 2, throttled: 0, failed: 1 }), 200),
    "2/? accounts · 8 running · 1 failed · 1234 users · 2345 keys · 567 events · 1:23 elapsed · ~?:?? left",
  );
  assert.equal(
    formatStatusLine(snapshot({ done: 40, running: 0 }), 200, { final: true, labels: es.status }),
    "40/40 cuentas · 1234 usuarios · 2345 claves · 567 eventos · 3 reintentos por throttling · 1:23 terminado",
  );
});

Deno.test("the status line fits the width, dropping the least useful fields first, then cutting", () => {
  for (const columns of [200, 100, 80, 60, 40, 30, 20, 10, 3]) {
    const line = formatStatusLine(snapshot(), columns);
    assert.ok([...line].length <= columns - 1, `${columns}: ${line}`);
    assert.ok(!line.includes("\n"));
  }
  assert.equal(formatStatusLine(snapshot(), 60), "12/40 accounts · 2345 keys · 1:23 elapsed · ~3:06 left");
  assert.equal(formatStatusLine(snapshot(), 40), "12/40 accounts · ~3:06 left");
  assert.equal(formatStatusLine(snapshot(), 12), "12/40 acco…");
  assert.equal(truncate("abcdef", 4), "abc…");
  assert.equal(truncate("abc", 4), "abc");
});

Deno.test("colour only when asked, and its width is not counted", () => {
  const plain = formatStatusLine(snapshot({ failed: 2 }), 80);
  const colored = formatStatusLine(snapshot({ failed: 2 }), 80, { color: true });
  assert.ok(!plain.includes(ESC));
  assert.ok(colored.includes(`${ESC}[1m`));
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ""), plain);
  assert.equal(colorAllowed(true, undefined), true);
  assert.equal(colorAllowed(true, ""), true);
  assert.equal(colorAllowed(true, "1"), false);
  assert.equal(colorAllowed(false, undefined), false);
});

Deno.test("verbose API lines name the call, the account, the attempt, the time and the error", () => {
  assert.equal(formatApiCall({ service: "iam", action: "ListUsers", ms: 12.4 }), "  iam:ListUsers · 12 ms");
  assert.equal(
    formatApiCall({
      service: "iam",
      action: "ListUsers",
      accountId: "123456789012",
      attempt: 2,
      ms: 311.6,
      error: "Throttling",
      throttled: true,
    }),
    "  iam:ListUsers 123456789012 attempt 2 · 312 ms · Throttling (throttled)",
  );
  assert.match(formatPlainProgress(snapshot()), /^Progress: 12\/40 accounts · 8 running · .* · ~3:06 left$/);
});

Deno.test("on a terminal: messages go to stdout above a status line on stderr that is redrawn in place", () => {
  const { progress, out, err, advance } = harness("normal", true);
  progress.start();
  progress.message("Auditando cuenta: Prod (222222222222)");
  progress.accountStarted();
  advance(150);
  progress.accountFinished({ users: 3, keys: 4, events: 5, throttled: 1 });
  progress.accountsListed(2);
  advance(150);
  progress.warn("Aviso: algo");
  assert.deepEqual(out, ["Auditando cuenta: Prod (222222222222)\n"]);
  // Every redraw starts by returning to column 0 and erasing the line; nothing else moves the cursor.
  const stderr = err.join("");
  assert.ok(stderr.split("\r\x1b[2K").length > 3, JSON.stringify(err));
  assert.doesNotMatch(stderr.replace(/\r\x1b\[2K/g, ""), /\x1b/);
  assert.match(lastLine(err), /^1\/2 accounts · 3 users · 4 keys · 5 events · 1 throttled · 0:00 elapsed/);
  // The warning was written on a clean line.
  assert.ok(stderr.includes("\r\x1b[2KAviso: algo\n"), JSON.stringify(stderr));

  progress.finish();
  assert.match(err.at(-1)!, /^1\/2 accounts · 3 users .* 0:00 done\n$/);
  progress.result("Reporte exportado: x.csv");
  assert.equal(out.at(-1), "Reporte exportado: x.csv\n");
  assert.equal(lastLine(err), "");
});

Deno.test("on a terminal, redraws are held to 10 a second, and the timer moves the elapsed time", () => {
  const { progress, err, advance } = harness("normal", true);
  progress.start();
  const draws = () => err.filter((w) => w.startsWith("\r\x1b[2K") && w.length > 4).length;
  const before = draws();
  for (let i = 0; i < 20; i++) {
    progress.accountStarted();
    advance(2);
  }
  assert.equal(draws(), before, "no redraw within 100 ms of the last");
  advance(100);
  progress.accountStarted();
  assert.equal(draws(), before + 1);
  advance(5_000);
  progress.tick();
  assert.match(lastLine(err), /0:05 elapsed/);
  progress.stop();
  assert.equal(lastLine(err), "", "stop erases the status line");
});

Deno.test("off a terminal: no escape code ever, and a plain line at most every 15 s, only when accounts finished", () => {
  const { progress, out, err, advance } = harness("normal", false);
  progress.start();
  progress.message("Auditando cuenta: A (1)");
  progress.accountsListed(3);
  progress.accountStarted();
  progress.accountFinished({ users: 1, keys: 1, events: 0, throttled: 0 });
  advance(5_000);
  progress.tick();
  assert.deepEqual(err, [], "nothing in the first 15 s");
  advance(PLAIN_EVERY_MS);
  progress.tick();
  assert.equal(err.length, 1);
  assert.match(
    err[0],
    /^Progress: 1\/3 accounts · 1 users · 1 keys · 0 events · 0:20 elapsed · ~\?:\?\? left\n$/,
  );
  advance(PLAIN_EVERY_MS);
  progress.tick();
  assert.equal(err.length, 1, "no line when no account finished");
  progress.accountFinished({ users: 1, keys: 0, events: 0, throttled: 0 });
  progress.tick();
  assert.equal(err.length, 2);
  advance(1_000);
  progress.accountFinished({ users: 1, keys: 0, events: 0, throttled: 0 });
  progress.tick();
  assert.equal(err.length, 2, "not twice within 15 s");
  progress.finish();
  assert.match(err.at(-1)!, /^Progress: 3\/3 accounts · 3 users .* done\n$/);
  progress.result("Reporte exportado: x.csv");
  assert.ok(![...out, ...err].join("").includes(ESC));
});

Deno.test("off a terminal, a short run prints exactly the messages and results, nothing else", () => {
  const { progress, out, err, advance } = harness("normal", false);
  progress.start();
  progress.accountsListed(1);
  progress.message("Auditando cuenta: A (1)");
  progress.accountStarted();
  advance(2_000);
  progress.accountFinished({ users: 1, keys: 1, events: 0, throttled: 0 });
  progress.tick();
  progress.finish();
  progress.summary("Total de Access Keys encontradas: 1");
  progress.result("Reporte exportado: x.csv");
  assert.deepEqual(out, [
    "Auditando cuenta: A (1)\n",
    "Total de Access Keys encontradas: 1\n",
    "Reporte exportado: x.csv\n",
  ]);
  assert.deepEqual(err, []);
});

Deno.test("quiet prints only warnings, errors and the file names; verbose adds each API attempt", () => {
  for (const terminal of [true, false]) {
    const quiet = harness("quiet", terminal);
    quiet.progress.start();
    quiet.progress.message("Auditando cuenta: A (1)");
    quiet.progress.accountStarted();
    quiet.progress.apiCall({ service: "iam", action: "ListUsers", ms: 5 });
    quiet.progress.accountFinished({ users: 1, keys: 1, events: 0, throttled: 0 });
    quiet.advance(120_000);
    quiet.progress.tick();
    quiet.progress.warn("Aviso");
    quiet.progress.error("Cuentas que no se pudieron auditar: 1");
    quiet.progress.finish();
    quiet.progress.summary("Total de Access Keys encontradas: 1");
    quiet.progress.result("Reporte exportado: x.csv");
    assert.deepEqual(quiet.out, ["Reporte exportado: x.csv\n"], `terminal ${terminal}`);
    assert.deepEqual(
      quiet.err,
      ["Aviso\n", "Cuentas que no se pudieron auditar: 1\n"],
      `terminal ${terminal}`,
    );
  }
  const verbose = harness("verbose", false);
  verbose.progress.apiCall({ service: "sts", action: "AssumeRole", accountId: "222222222222", ms: 40 });
  verbose.progress.apiCall({
    service: "iam",
    action: "ListUsers",
    attempt: 3,
    ms: 1_000,
    error: "TimeoutError",
  });
  assert.deepEqual(verbose.err, [
    "  sts:AssumeRole 222222222222 · 40 ms\n",
    "  iam:ListUsers attempt 3 · 1000 ms · TimeoutError\n",
  ]);
  const normal = harness("normal", false);
  normal.progress.apiCall({ service: "iam", action: "ListUsers", ms: 5 });
  assert.deepEqual(normal.err, []);
});

Deno.test("start and stop leave no timer behind, whatever the order", () => {
  const { progress } = harness("normal", true);
  progress.start();
  progress.start();
  progress.accountStarted();
  progress.accountStarted(); // within 100 ms: schedules a pending redraw
  progress.stop();
  progress.stop();
  progress.finish();
  progress.start(); // after finish: ignored
  // Deno's test sanitizers fail this test if a timer is left running.
});

Deno.test("readAhead knows the listing's total long before the consumer reaches its end", async () => {
  async function* listing() {
    for (let i = 1; i <= 5; i++) {
      await Promise.resolve();
      yield i;
    }
  }
  let total: number | undefined;
  const seen: number[] = [];
  for await (const n of readAhead(listing(), (t) => total = t)) {
    seen.push(n);
    if (n === 1) {
      await new Promise((r) => setTimeout(r, 10)); // a slow first account
      assert.equal(total, 5, "known while the first account is still being audited");
    }
  }
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
});

Deno.test("readAhead passes a listing's failure on after the items read before it, and stops when the consumer does", async () => {
  async function* failing() {
    yield "a";
    yield "b";
    throw new Error("AccessDenied");
  }
  const seen: string[] = [];
  let total: number | undefined;
  await assert.rejects(async () => {
    for await (const item of readAhead(failing(), (t) => total = t)) seen.push(item);
  }, /AccessDenied/);
  assert.deepEqual(seen, ["a", "b"]);
  assert.equal(total, undefined);

  let pulled = 0;
  async function* endless() {
    while (true) {
      pulled++;
      await new Promise((r) => setTimeout(r, 1));
      yield pulled;
    }
  }
  for await (const n of readAhead(endless(), () => {})) if (n >= 2) break;
  const after = pulled;
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(pulled <= after + 1, `kept reading after the consumer stopped: ${after} → ${pulled}`);
});

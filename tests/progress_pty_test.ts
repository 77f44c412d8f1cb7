// deno-lint-ignore-file no-control-regex -- these tests are about terminal escape codes
/**
 * The status line in a real pseudo-terminal (tmux renders it; `script` records the bytes): redrawn
 * in place, the seed's messages above it, fitting the width, coloured unless NO_COLOR; and the same
 * run through a pipe: plain lines, not one escape code.
 */
import assert from "node:assert/strict";
import { runInTerminal } from "./support/pty.ts";

const DRIVER = new URL("./support/progress_driver.ts", import.meta.url).pathname;
const ROOT = new URL("../", import.meta.url).pathname;
/** The status line's start, as the driver's Spanish labels print it. */
const STATUS = /^\d+\/(\d+|\?) cuentas/;
const SGR = /\x1b\[[0-9;]*m/g;

function driver(...args: string[]): string[] {
  return [Deno.execPath(), "run", "--no-lock", "--quiet", DRIVER, ...args];
}

function screenLines(screen: string): string[] {
  return screen.split("\n");
}

/** Every status line the command drew, as text (colours removed), in order. */
function drawnStatusLines(raw: string): string[] {
  return raw.split("\r\x1b[2K").map((part) => part.split("\n")[0].replace(SGR, "")).filter((l) =>
    STATUS.test(l)
  );
}

Deno.test({
  name:
    "in a terminal the status line is redrawn in place, below the seed's messages, and ends as one final line",
  async fn() {
    const run = await runInTerminal(driver("--accounts", "6", "--delay", "160"), {
      cwd: ROOT,
      columns: 110,
      // Mid-run: once the third account's message is up, with the status line under it.
      snapshotWhen: (screen) => screen.includes("account-3 (") && STATUS.test(screen.split("\n").at(-1)!),
    });
    assert.equal(run.code, 0, run.screen);

    // What a person sees mid-run: the messages so far, and one live status line under them.
    assert.ok(run.snapshot, "the status line was seen under the messages while the run went on");
    const live = screenLines(run.snapshot);
    assert.match(live.at(-1)!, /^[2-5]\/(6|\?) cuentas · .* restante$/, run.snapshot);
    assert.equal(live.filter((l) => STATUS.test(l)).length, 1, run.snapshot);
    assert.deepEqual(
      live.slice(0, 3),
      [1, 2, 3].map((i) => `Auditando cuenta: account-${i} (10000000000${i})`),
    );

    const lines = screenLines(run.screen);

    // Exactly one status line is left on the screen: the final one, after the last message.
    const status = lines.filter((l) => STATUS.test(l));
    assert.deepEqual(status.length, 1, run.screen);
    assert.match(
      status[0],
      /^6\/6 cuentas · 210 usuarios · 42 claves · 21 eventos · 3 reintentos por throttling · 0:0\d terminado$/,
    );
    const messages = lines.filter((l) => l.startsWith("Auditando cuenta: "));
    assert.deepEqual(
      messages,
      [1, 2, 3, 4, 5, 6].map((i) => `Auditando cuenta: account-${i} (10000000000${i})`),
    );
    const at = (text: string) => lines.findIndex((l) => l.startsWith(text));
    assert.ok(at("Auditando cuenta: account-6") < lines.indexOf(status[0]));
    assert.ok(lines.indexOf(status[0]) < at("Reporte exportado: "));
    assert.ok(at("Aviso: una advertencia") > at("Auditando cuenta: account-3"));
    assert.equal(lines.at(-1), "Reporte de cuentas exportado: ./accounts_20261125_120000.csv");

    // It was drawn many times, in place: `12/?` before the listing ended, then with the total and
    // an estimate; each draw returned to column 0 and erased the line first.
    const drawn = drawnStatusLines(run.raw);
    assert.ok(drawn.length >= 6, `${drawn.length} draws`);
    assert.ok(drawn.some((l) => l.startsWith("1/? cuentas")), drawn.join("\n"));
    assert.ok(drawn.some((l) => /^[3-5]\/6 cuentas .* ~\d+:\d\d restante$/.test(l)), drawn.join("\n"));
    assert.match(run.raw, /\x1b\[1m/, "coloured on a terminal");
  },
});

Deno.test({
  name: "in a narrow terminal the status line fits on one row; with NO_COLOR it has no colour",
  async fn() {
    const run = await runInTerminal(driver("--accounts", "4", "--delay", "80"), {
      cwd: ROOT,
      columns: 44,
      env: { NO_COLOR: "1" },
    });
    assert.equal(run.code, 0, run.screen);
    const drawn = drawnStatusLines(run.raw);
    assert.ok(drawn.length >= 3);
    for (const line of drawn) assert.ok([...line].length <= 43, `too wide: ${line}`);
    assert.equal(screenLines(run.screen).filter((l) => STATUS.test(l)).length, 1, run.screen);
    assert.doesNotMatch(run.raw, SGR, "NO_COLOR");
    assert.match(run.raw, /\r\x1b\[2K/, "still redrawn in place");
  },
});

Deno.test({
  name: "--quiet in a terminal shows only the warning and the report names",
  async fn() {
    const run = await runInTerminal(driver("--accounts", "3", "--delay", "40", "--mode", "quiet"), {
      cwd: ROOT,
    });
    assert.equal(run.code, 0, run.screen);
    assert.deepEqual(screenLines(run.screen), [
      "Aviso: una advertencia a mitad de camino",
      "Reporte exportado: ./iam_audit_report_20261125_120000.csv",
      "Reporte de cuentas exportado: ./accounts_20261125_120000.csv",
    ]);
    assert.doesNotMatch(run.raw, /\x1b/);
  },
});

Deno.test("through a pipe: the same messages, plain lines only, no escape code", async () => {
  for (const mode of ["normal", "verbose"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: driver("--accounts", "4", "--delay", "20", "--mode", mode).slice(1),
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.doesNotMatch(stdout + stderr, /\x1b/, mode);
    assert.deepEqual(stdout.split("\n"), [
      "Auditando cuenta: account-1 (100000000001)",
      "Auditando cuenta: account-2 (100000000002)",
      "Auditando cuenta: account-3 (100000000003)",
      "Auditando cuenta: account-4 (100000000004)",
      "",
      "Total de Access Keys encontradas: 20",
      "Reporte exportado: ./iam_audit_report_20261125_120000.csv",
      "Reporte de cuentas exportado: ./accounts_20261125_120000.csv",
      "",
    ]);
    const expectedErr = mode === "verbose"
      ? [
        "  iam:ListUsers 100000000001 · 10 ms",
        "  iam:ListUsers 100000000002 · 10 ms",
        "  iam:ListUsers 100000000003 · 10 ms",
        "Aviso: una advertencia a mitad de camino",
        "  iam:ListUsers 100000000004 · 10 ms",
        "",
      ]
      : ["Aviso: una advertencia a mitad de camino", ""];
    assert.deepEqual(stderr.split("\n"), expectedErr, mode);
  }
});

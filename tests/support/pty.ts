/**
 * Runs a command in a real pseudo-terminal and returns what the terminal ends up showing, for tests
 * of terminal output (a status line redrawn in place, colours, widths).
 *
 * tmux provides the terminal and renders it (`capture-pane`: the screen and its scrollback, as a
 * person would see them); `script` inside it records the raw bytes the command wrote, so a test can
 * also check the escape codes. Each run has its own tmux server (a private socket), ended with the
 * run.
 *
 * @module
 */
import { join } from "node:path";

/** What a command showed in the terminal. */
export interface TerminalRun {
  /** The rendered screen with its scrollback, trailing spaces and trailing blank lines removed. */
  screen: string;
  /** Every byte the command wrote to the terminal (stdout and stderr interleaved as written). */
  raw: string;
  /** The command's exit code. */
  code: number;
  /** The first visible screen that satisfied `snapshotWhen` (what a person saw mid-run), if any. */
  snapshot?: string;
}

/** Options of {@link runInTerminal}. */
export interface TerminalOptions {
  /** The command's environment (nothing else is inherited but PATH, HOME and DENO_DIR if absent). */
  env?: Record<string, string>;
  /** Terminal width. @default 100 */
  columns?: number;
  /** Terminal height. @default 40 */
  rows?: number;
  cwd?: string;
  /** Fails the run after this long. @default 30 000 */
  timeoutMs?: number;
  /**
   * Watches the visible screen while the command runs (every 50 ms) and keeps the first that
   * satisfies this, as `snapshot`.
   */
  snapshotWhen?: (screen: string) => boolean;
}

function runs(cmd: string, args: string[]): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/**
 * Tells whether terminal tests can run here.
 *
 * @returns true when both `tmux` and `script` (util-linux) are installed
 */
export function hasTerminalTools(): boolean {
  return runs("tmux", ["-V"]) && runs("script", ["--version"]);
}

/** A captured screen without trailing spaces or trailing blank lines. */
function tidy(captured: string): string {
  return captured.split("\n").map((l) => l.trimEnd()).join("\n").replace(/\n+$/, "");
}

/** Quotes a word for `sh`. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

async function tmux(socket: string, args: string[], env: Record<string, string>, signal?: AbortSignal) {
  const out = await new Deno.Command("tmux", {
    args: ["-L", socket, "-f", "/dev/null", ...args],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  if (!out.success) {
    throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/**
 * Runs `command` in a fresh terminal of the given size and waits for it to exit.
 *
 * @param command the program and its arguments
 * @param options environment, terminal size, working folder, time limit
 * @returns the rendered screen, the raw bytes, and the exit code
 * @throws {Error} when the command outlives `timeoutMs`, or tmux fails
 */
export async function runInTerminal(command: string[], options: TerminalOptions = {}): Promise<TerminalRun> {
  const dir = await Deno.makeTempDir({ prefix: "iam-audit-pty-" });
  const socket = `iam-audit-${crypto.randomUUID().slice(0, 8)}`;
  const rawFile = join(dir, "raw");
  const codeFile = join(dir, "code");
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? dir,
    ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
    // tmux refuses to start without a UTF-8 locale hint when the output has non-ASCII characters.
    LANG: "C.UTF-8",
    ...options.env,
  };
  // script gives the command its own pseudo-terminal (rendered by tmux) and records what it wrote;
  // the shell then saves the exit code and tells the waiting test, and stays so the screen remains.
  const inner = [
    `cd ${shellQuote(options.cwd ?? Deno.cwd())}`,
    `script -qefc ${shellQuote(command.map(shellQuote).join(" "))} ${shellQuote(rawFile)}`,
    `echo $? > ${shellQuote(codeFile)}`,
    `tmux -L ${socket} wait-for -S done`,
    "sleep 600",
  ].join("; ");
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 40;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  try {
    await tmux(socket, [
      "new-session",
      "-d",
      "-s",
      "run",
      "-x",
      String(columns),
      "-y",
      String(rows),
      `sh -c ${shellQuote(inner)}`,
    ], env);
    const finished = tmux(socket, ["wait-for", "done"], env, timeout);
    let snapshot: string | undefined;
    if (options.snapshotWhen) {
      let done = false;
      finished.then(() => done = true, () => done = true);
      while (!done && snapshot === undefined) {
        const screen = tidy(await tmux(socket, ["capture-pane", "-p", "-J", "-t", "run"], env));
        if (options.snapshotWhen(screen)) snapshot = screen;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    try {
      await finished;
    } catch (e) {
      if (timeout.aborted) {
        throw new Error(`${command.join(" ")} did not finish within ${options.timeoutMs ?? 30_000} ms`);
      }
      throw e;
    }
    const captured = await tmux(socket, ["capture-pane", "-p", "-J", "-S", "-", "-t", "run"], env);
    const screen = tidy(captured);
    // script frames the recording with "Script started/done" lines of its own, even with -q.
    const raw = (await Deno.readTextFile(rawFile)).replace(/^Script started[^\n]*\n/, "")
      .replace(/\n?Script done[^\n]*\n?$/, "");
    const code = Number((await Deno.readTextFile(codeFile)).trim());
    return { screen, raw, code, snapshot };
  } finally {
    await tmux(socket, ["kill-server"], env).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * `credential_process` helpers that Ctrl-C can stop. The SDK's provider runs the helper with
 * `child_process.exec` and waits for it however long it takes (a helper asking for a password, a hung
 * SSO broker); it offers no way to cancel. Its module takes `exec` from `node:child_process` when it is
 * first loaded, which is when the first credentials are resolved; so, before that, this module puts in
 * `node:child_process` an `exec` that runs the helper with Deno and kills it when the run is
 * interrupted. (The SDK's own interception seam is in the CommonJS copy of `@smithy/core`, which an ES
 * module cannot reach.) `tests/credential_process_test.ts` checks that the SDK goes through it.
 *
 * @module
 */
import childProcess from "node:child_process";

/** What `util.promisify(exec)` gives the SDK: the helper's output. */
interface ExecOutput {
  stdout: string;
  stderr: string;
}

/**
 * Makes the SDK run `credential_process` helpers so that `signal` stops them: the helper is killed and
 * the SDK's provider fails at once.
 *
 * @param signal the run's interruption
 */
export function interruptibleCredentialProcesses(signal: AbortSignal): void {
  current = signal;
  if (installed) return;
  installed = true;
  const exec = (command: string, ...rest: unknown[]) => {
    const callback = rest.find((a) => typeof a === "function") as (e: Error | null, o?: ExecOutput) => void;
    run(command, current ?? new AbortController().signal).then(
      (o) => callback?.(null, o),
      (e) => callback?.(e),
    );
  };
  (childProcess as unknown as { exec: typeof exec }).exec = exec;
}

/** The signal of the run in progress (a process runs one). */
let current: AbortSignal | undefined;
let installed = false;

/** A command line without shell syntax: the shell can hand its process over to it (`exec`). */
const SIMPLE = /^[^|&;<>()$`\\\n]+$/;

/**
 * Runs a command line through the system's shell, as `child_process.exec` does; a simple command
 * replaces the shell (so that stopping the process stops the helper itself, not only its shell).
 * When `signal` aborts, the process is killed and the call fails at once, without waiting for output.
 */
async function run(command: string, signal: AbortSignal): Promise<ExecOutput> {
  const windows = Deno.build.os === "windows";
  const shell = windows ? Deno.env.get("ComSpec") ?? "cmd.exe" : "/bin/sh";
  const line = !windows && SIMPLE.test(command) ? `exec ${command}` : command;
  const child = new Deno.Command(shell, {
    args: windows ? ["/d", "/s", "/c", `"${command}"`] : ["-c", line],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    windowsRawArguments: windows,
  }).spawn();
  const stopped = new Promise<never>((_, reject) => {
    const stop = () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      reject(new Error("credential_process stopped: the run was interrupted"));
    };
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  stopped.catch(() => {});
  const out = await Promise.race([child.output(), stopped]);
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!out.success) throw new Error(`Command failed: ${command}\n${decode(out.stderr)}`);
  return { stdout: decode(out.stdout), stderr: decode(out.stderr) };
}
